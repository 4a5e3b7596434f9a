"""The documents suite on real warehouse rows, good and broken."""
from __future__ import annotations

from pathlib import Path

from expectations import documents as suite
from warehouse import operations as ops
from warehouse.store import append_events

PROJECT = Path(__file__).resolve().parents[2]


def test_documents_suite_passes_on_real_ingestion_with_rejections(con, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.md").write_text("---\npublished_at: 2025-01-02\n---\nThreads has 5 users.\n")
    (inbox / "b.md").write_text("Threads has 5 users.\n")  # duplicate text
    (inbox / "c.txt").write_bytes(b"")
    (inbox / "d.txt").write_text("No date here.")
    ops.ingest_documents(con, inbox)
    outcome = suite.validate(con)
    assert outcome.success and outcome.rows == 4


def test_documents_suite_catches_unexplained_rejection_and_empty_body(con):
    append_events(con, "document_events", [
        {"event_id": "r1", "event_type": "document_rejected", "source_path": "x.txt"},
        {"event_id": "i1", "event_type": "document_ingested", "doc_id": "d", "source_path": "y.txt",
         "published_at": "2025-01-01 00:00:00+00", "published_at_source": "guess", "body": "  "},
    ])
    failed = {o.name: o.unexpected_rows for o in suite.validate(con).failed}
    assert failed == {"rejections_have_a_reason": (0,), "ingested_has_text": (1,),
                      "published_at_source_known": (1,)}

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


def test_snapshot_suite_on_real_snapshots_and_a_look_ahead_row(con, tmp_path):
    import shutil
    from datetime import date

    import extraction
    from expectations import snapshots

    inbox = tmp_path / "seed"
    shutil.copytree(PROJECT / "seeds" / "documents", inbox)
    ops.ingest_documents(con, inbox)
    ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION)
    ops.compute_snapshot(con, date(2025, 1, 15))
    assert snapshots.validate(con).success
    row = con.execute("SELECT * FROM fact_snapshots LIMIT 1").df().iloc[0].to_dict()
    from warehouse.store import EVENT_COLUMNS
    bad = {c: row[c] for c in EVENT_COLUMNS["fact_snapshots"]}
    bad.update(event_id="x", computation_id="other", snapshot_date=date(2025, 1, 1))
    bad = {k: (None if isinstance(v, float) and v != v else v) for k, v in bad.items()}
    append_events(con, "fact_snapshots", [bad])
    assert [o.name for o in snapshots.validate(con).failed] == ["no_look_ahead"]

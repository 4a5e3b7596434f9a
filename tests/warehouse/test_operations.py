"""Pipeline steps over a real warehouse with the real extractor."""
from __future__ import annotations

import os
import shutil
from datetime import date, datetime, timezone
from pathlib import Path

import extraction
from warehouse import operations as ops
from warehouse import store

PROJECT = Path(__file__).resolve().parents[2]
SEED_DOCS = PROJECT / "seeds" / "documents"


def _inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    shutil.copytree(SEED_DOCS, inbox)
    return inbox


def test_ingest_records_good_duplicate_and_bad_documents(con, tmp_path):
    inbox = _inbox(tmp_path)
    (inbox / "copy.txt").write_bytes((inbox / "000_cd91fdcedbc15a1c.txt").read_bytes())
    (inbox / "empty.md").write_bytes(b"")
    (inbox / "image.png").write_bytes(b"\x89PNG")
    rep = ops.ingest_documents(con, inbox, run_id="r1")
    assert len(rep.ingested) == 1 and len(rep.duplicates) == 1 and len(rep.rejected) == 2
    reasons = dict(rep.rejected)
    assert "empty file" in reasons["inbox/empty.md"]
    assert "unknown file type" in reasons["inbox/image.png"]
    types = sorted(r[0] for r in con.execute("SELECT event_type FROM document_events").fetchall())
    assert types == ["document_duplicate", "document_ingested", "document_rejected", "document_rejected"]
    # replay: nothing new
    assert ops.ingest_documents(con, inbox, run_id="r2").appended == 0


def test_document_without_date_gets_ingestion_time_and_flag(con, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.md").write_text("Threads has more than 320 million monthly active users.\n")
    now = datetime(2026, 1, 2, 3, 4, tzinfo=timezone.utc)
    ops.ingest_documents(con, inbox, now=now)
    row = con.execute("SELECT published_at, published_at_source FROM document_events").fetchall()[0]
    assert row[0] == now and row[1] == "ingestion_time"
    ops.ingest_documents(con, inbox, now=datetime(2027, 1, 1, tzinfo=timezone.utc))
    assert con.execute("SELECT count(*) FROM document_events").fetchall()[0][0] == 1


def test_extraction_appends_only_the_difference(con, tmp_path):
    ops.ingest_documents(con, _inbox(tmp_path))
    first = ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION)
    assert first.asserted == first.claims > 0
    again = ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION)
    assert again.asserted == again.retracted == 0

    def newer(text, published_at=None):  # a later extractor that no longer finds the MAU claim
        return [c for c in extraction.extract(text, published_at=published_at)
                if c.predicate != "monthly_active_users"]

    upgrade = ops.extract_claims(con, newer, "extractor-v999")
    assert (upgrade.asserted, upgrade.retracted) == (0, 1)
    reason = con.execute("SELECT reason FROM claim_events WHERE event_type = 'claim_retracted'").fetchall()
    assert reason == [("not produced by extractor-v999",)]
    facts = ops.current_facts(con)
    assert not any(f["predicate"] == "monthly_active_users" for f in facts)
    # the old version brings it back as a new event; the history keeps all three
    back = ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION)
    assert back.asserted == 1
    n = con.execute("SELECT count(*) FROM claim_events WHERE predicate = 'monthly_active_users'").fetchall()
    assert n == [(3,)]
    assert store.verify(con) == []


def test_a_person_s_retraction_survives_re_extraction(con, tmp_path):
    ops.ingest_documents(con, _inbox(tmp_path))
    ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION)
    cid = con.execute("SELECT claim_id FROM claim_events WHERE predicate = 'monthly_active_users'").fetchall()[0][0]
    assert ops.retract_claim(con, cid, "figure is global, not MAU", "analyst")
    again = ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION)
    assert (again.documents, again.asserted) == (0, 0)  # already extracted by this version
    newer = ops.extract_claims(con, extraction.extract, "extractor-v999")  # an upgrade does not overrule it
    assert (newer.documents, newer.asserted, newer.kept_retracted) == (1, 0, 1)
    assert not any(f["claim_id"] == cid for f in ops.current_facts(con))
    latest = con.execute("SELECT event_type, actor FROM claim_events WHERE claim_id = ? ORDER BY seq DESC LIMIT 1",
                         [cid]).fetchall()
    assert latest == [("claim_retracted", "analyst")]


def test_manual_retraction_and_as_of_without_look_ahead(con, tmp_path):
    ops.ingest_documents(con, _inbox(tmp_path))
    ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION)
    before_pub = ops.current_facts(con, as_of=datetime(2025, 1, 13, tzinfo=timezone.utc))
    assert before_pub == []
    facts = ops.current_facts(con, as_of=ops.end_of_day(date(2025, 1, 15)))
    mau = [f for f in facts if f["predicate"] == "monthly_active_users"]
    assert len(mau) == 1
    recorded = datetime.now(timezone.utc)
    assert ops.retract_claim(con, mau[0]["claim_id"], "wrong figure", "analyst")
    assert not ops.retract_claim(con, mau[0]["claim_id"], "again", "analyst")
    assert not [f for f in ops.current_facts(con) if f["predicate"] == "monthly_active_users"]
    # what we knew before the retraction is still reproducible
    known = ops.current_facts(con, known_at=recorded)
    assert [f for f in known if f["predicate"] == "monthly_active_users"]


def test_snapshot_is_idempotent_and_keeps_old_computations(con, tmp_path):
    ops.ingest_documents(con, _inbox(tmp_path))
    ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION)
    day = date(2025, 1, 15)
    first = ops.compute_snapshot(con, day)
    assert first.appended == first.facts > 0
    assert ops.compute_snapshot(con, day).appended == 0
    claim = con.execute("SELECT claim_id FROM facts WHERE predicate = 'monthly_active_users'").fetchall()[0][0]
    ops.retract_claim(con, claim, "test", "analyst")
    second = ops.compute_snapshot(con, day)
    assert second.appended == first.facts - 1 and second.computation_id != first.computation_id
    n = con.execute("SELECT count(DISTINCT computation_id) FROM fact_snapshots").fetchall()[0][0]
    assert n == 2
    latest = con.execute("SELECT count(*) FROM snapshots WHERE snapshot_date = ?", [day]).fetchall()[0][0]
    assert latest == second.facts


def test_snapshot_exports_to_parquet(con, tmp_path):
    ops.ingest_documents(con, _inbox(tmp_path))
    ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION)
    day = date(2025, 1, 15)
    assert ops.export_snapshot(con, day, tmp_path / "snapshots") is None  # nothing computed yet
    rep = ops.compute_snapshot(con, day)
    path = ops.export_snapshot(con, day, tmp_path / "snapshots")
    assert path == tmp_path / "snapshots" / "date=2025-01-15" / "snapshot.parquet"
    rows = con.execute("SELECT count(*), count(DISTINCT computation_id) FROM read_parquet(?)", [str(path)]).fetchall()
    assert rows == [(rep.facts, 1)]


def test_future_publication_date_is_rejected_with_reason(con, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "typo.md").write_text("---\npublished_at: 2030-01-01\n---\nThreads has 5 million users.\n")
    rep = ops.ingest_documents(con, inbox, now=datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert rep.rejected and "2030-01-01 is in the future" in rep.rejected[0][1]


BODY = "Chatterbox, a messaging app, now has more than 12 million monthly active users.\n"


def test_facts_flag_entities_missing_from_the_registry(con, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.md").write_text("---\npublished_at: 2025-03-01\n---\n" + BODY)
    ops.ingest_documents(con, inbox)
    ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION)
    # a name the registry does not know waits for review: recorded, below the threshold, not a fact
    review = con.execute("SELECT claim_id, subject_id, confidence FROM review").fetchall()
    assert [r[1] for r in review] == ["chatterbox"] and review[0][2] < 0.8
    assert con.execute("SELECT count(*) FROM facts").fetchall() == [(0,)]
    # a person admits it (appfacts assert): now a fact, flagged as missing from the registry
    claim = next(c for c in extraction.extract(BODY) if c.subject_id == "chatterbox")
    doc = con.execute("SELECT source_path FROM documents").fetchall()[0][0]
    cid = ops.assert_claim(con, claim.model_copy(update={"confidence": 1.0}), doc, "ana", "checked")
    assert cid == review[0][0]
    rows = con.execute("SELECT subject_id, subject_resolved FROM unresolved_facts").fetchall()
    facts = con.execute("SELECT subject_id, subject_resolved FROM facts").fetchall()
    assert rows == [("chatterbox", False)] and facts == rows
    assert con.execute("SELECT count(*) FROM review").fetchall() == [(0,)]


def test_compact_reorders_claims_but_keeps_every_event_fact_and_hash(con, tmp_path):
    inbox = _inbox(tmp_path)
    shutil.copytree(PROJECT / "tests" / "fixtures" / "corpus" / "dev", inbox / "dev")
    ops.ingest_documents(con, inbox)
    ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION)
    before = con.execute("SELECT * FROM claim_events ORDER BY seq").fetchall()
    facts = ops.current_facts(con)
    assert len(before) > 40
    assert store.compact(con) == len(before)
    assert con.execute("SELECT * FROM claim_events ORDER BY seq").fetchall() == before
    physical = [r[0] for r in con.execute("SELECT subject_id FROM claim_events").fetchall()]
    assert physical == sorted(physical)
    assert ops.current_facts(con) == facts
    assert store.verify(con) == []
    ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION)  # appends still work
    assert con.execute("SELECT count(*) FROM claim_events").fetchall()[0][0] == len(before)


# --- incremental refresh and parallel extraction (issue 11) ------------------------------------

def _corpus(folder, start: int, count: int):
    import sys
    from pathlib import Path as _P

    sys.path.insert(0, str(_P(__file__).resolve().parents[2]))
    from bench.corpus import write_corpus

    return write_corpus(folder, start, count, seed=5)


def test_unchanged_files_are_not_read_and_extracted_documents_not_extracted_again(con, tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    _corpus(inbox, 0, 30)
    first = ops.ingest_documents(con, inbox, batch_size=7)
    assert (first.seen, len(first.ingested)) == (30, 30)
    assert ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION, workers=1).documents == 30
    reads = []
    real = ops.read_document
    monkeypatch.setattr(ops, "read_document", lambda p: reads.append(p) or real(p))
    again = ops.ingest_documents(con, inbox)
    assert (again.seen, again.appended, reads) == (30, 0, [])  # nothing read
    assert ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION, workers=1).documents == 0
    new = _corpus(inbox, 30, 2)
    touched = sorted(inbox.rglob("*.md"))[0]
    os.utime(touched, ns=(1, 1))  # touched, same bytes: read again (hash fallback), nothing appended
    third = ops.ingest_documents(con, inbox)
    assert sorted(reads) == sorted(new + [touched]) and third.appended == 2
    assert ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION, workers=1).documents == 2


def _claim_rows(con):
    return con.execute("SELECT event_id, event_type, claim_id, subject_id, predicate, value, object_id, "
                       "evidence_start, evidence_text FROM claim_events ORDER BY seq").fetchall()


def test_parallel_extraction_equals_serial(tmp_path):
    from warehouse import store

    inbox = tmp_path / "inbox"
    _corpus(inbox, 0, ops.POOL_THRESHOLD + 40)
    results = []
    for workers in (1, 2):
        with store.session(tmp_path / f"w{workers}.duckdb") as c:
            ops.ingest_documents(c, inbox)
            rep = ops.extract_claims(c, extraction.extract, extraction.EXTRACTOR_VERSION, workers=workers,
                                     batch_size=50)
            assert rep.documents == ops.POOL_THRESHOLD + 40 and not rep.errors
            results.append(_claim_rows(c))
    assert results[0] == results[1] and len(results[0]) > 500


def test_an_upgraded_extractor_rescores_claims_so_the_threshold_reads_its_confidence(con, tmp_path):
    """Claims an older extractor asserted keep their ids; a newer one that gives another confidence retracts
    ("re-scored") and asserts them again, so policy-v3's threshold applies the new confidence."""
    ops.ingest_documents(con, _inbox(tmp_path))

    def old(text, published_at=None):
        return [c.model_copy(update={"confidence": 0.9}) for c in extraction.extract(text, published_at=published_at)]

    def unsure(text, published_at=None):  # the newer extractor doubts the MAU figure
        return [c.model_copy(update={"confidence": 0.6 if c.predicate == "monthly_active_users" else 0.9})
                for c in extraction.extract(text, published_at=published_at)]

    ops.extract_claims(con, old, "extractor-v1")
    assert any(f["predicate"] == "monthly_active_users" for f in ops.current_facts(con))
    rep = ops.extract_claims(con, unsure, "extractor-v2")
    assert rep.rescored >= 1 and rep.asserted == 0
    reasons = con.execute("SELECT reason FROM claim_events WHERE event_type = 'claim_retracted'").fetchall()
    assert ("re-scored by extractor-v2: confidence 0.900 -> 0.600",) in reasons
    assert not any(f["predicate"] == "monthly_active_users" for f in ops.current_facts(con))
    assert con.execute("SELECT count(*) FROM review WHERE predicate = 'monthly_active_users'").fetchall() == [(1,)]
    again = ops.extract_claims(con, unsure, "extractor-v2")
    assert again.rescored == again.asserted == again.retracted == 0
    assert store.verify(con) == []

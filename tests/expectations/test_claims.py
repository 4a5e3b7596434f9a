"""Great Expectations suites on real warehouse rows: bad claims injected as events."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from expectations import claims as suites
from warehouse import events, operations as ops
from warehouse.store import append_events

BODY = "Xiaohongshu has about 300 million monthly active users. Lemon8 ranked second."
PUB = datetime(2025, 1, 14, tzinfo=timezone.utc)


@pytest.fixture
def doc(con):
    append_events(con, "document_events", [{
        "event_id": "d1", "event_type": "document_ingested", "doc_id": "doc1", "source_path": "a.txt",
        "published_at": PUB, "published_at_source": "front_matter", "body": BODY}])
    return "doc1"


def _claim(n: int, doc_id="doc1", predicate="monthly_active_users", value=3e8, start=0,
           end=len(BODY.split(".")[0]), text=None, subject="xiaohongshu", valid_at=PUB, confidence=0.9,
           object_id=None, published_at=None):
    return {
        "event_id": f"ev{n}", "event_type": "claim_asserted", "claim_id": f"c{n}", "doc_id": doc_id,
        "subject_id": subject, "subject_resolved": True, "predicate": predicate, "value": value,
        "object_id": object_id, "valid_at": valid_at, "published_at": published_at or PUB, "evidence_start": start,
        "evidence_end": end, "evidence_text": text if text is not None else BODY[start:end],
        "confidence": confidence, "extractor_version": "test", "actor": "extractor-test",
    }


def test_structural_suite_passes_on_good_claims(con, doc):
    append_events(con, "claim_events", [_claim(1)])
    outcome, _ = suites.validate_structure(con)
    assert outcome.success and outcome.rows == 1 and len(outcome.outcomes) == 10


@pytest.mark.parametrize("bad,failed", [
    (dict(text="something else"), ["evidence_slices_document"]),
    (dict(start=70, end=200, text="x" * 130), ["evidence_inside_document", "evidence_slices_document"]),
    (dict(doc_id="nowhere"), ["document_exists", "evidence_inside_document", "evidence_slices_document"]),
    (dict(predicate="favourite_colour"), ["predicate_in_vocabulary"]),
])
def test_structural_suite_fails_on_broken_claims(con, doc, bad, failed):
    append_events(con, "claim_events", [_claim(1), _claim(2, **bad)])
    outcome, frame = suites.validate_structure(con)
    assert not outcome.success
    assert [o.name for o in outcome.failed] == failed
    for o in outcome.failed:
        assert [frame["claim_id"].iloc[i] for i in o.unexpected_rows] == ["c2"]


@pytest.mark.parametrize("bad,failed", [
    (dict(value=1.38), None),  # plausible lower edge is 1: 1.38 users passes the range...
    (dict(value=0.5), "user_metric_between_1_and_8.2e9"),
    (dict(value=9e9), "user_metric_between_1_and_8.2e9"),
    (dict(predicate="chart_rank", value=2025), "rank_between_1_and_1000"),
    (dict(predicate="downloads", value=6e10), "downloads_between_1_and_5e10"),
    (dict(confidence=1.5), "confidence_in_0_1"),
    (dict(valid_at=PUB + timedelta(days=3)), "valid_at_not_after_published_plus_1_day"),
    (dict(predicate="daily_active_users", value=4e8), "dau_not_above_mau"),
])
def test_content_suite_quarantines_only_the_bad_claim(con, doc, bad, failed):
    append_events(con, "claim_events", [_claim(1), _claim(2, **bad)])
    rep = suites.validate_content(con)
    assert rep.judged == 2
    if failed is None:
        assert rep.quarantined == []
        return
    assert [(q["claim_id"], q["failed"]) for q in rep.quarantined] == [("c2", failed)]
    assert [r[0] for r in con.execute("SELECT claim_id FROM quarantine").fetchall()] == ["c2"]
    # kept in the log, out of the facts; the good claim still resolves
    facts = ops.current_facts(con)
    assert "c2" not in {f["claim_id"] for f in facts} and "c1" in {f["claim_id"] for f in facts}
    # judged once per suite version
    assert suites.validate_content(con).judged == 0
    # a reviewer re-admits it as a new event
    assert suites.release_claim(con, "c2", "checked the source", "analyst")
    assert con.execute("SELECT count(*) FROM quarantine").fetchall()[0][0] == 0
    assert not suites.release_claim(con, "c2", "twice", "analyst")


def test_metric_ten_times_off_the_previous_accepted_value_is_held_for_review(con, doc):
    append_events(con, "claim_events", [_claim(1)])
    assert suites.validate_content(con).quarantined == []  # 300M accepted
    later = PUB + timedelta(days=30)
    append_events(con, "claim_events", [
        _claim(2, value=3.1e9, valid_at=later, published_at=later),  # a misread: 10x the last figure
        _claim(3, value=3.2e8, valid_at=later, published_at=later, start=0, end=10)])
    rep = suites.validate_content(con)
    assert [(q["claim_id"], q["failed"]) for q in rep.quarantined] == [("c2", "within_10x_of_previous_accepted")]


def test_full_nightly_pass_is_chunked_and_appends_only_changes(con, doc):
    append_events(con, "claim_events", [_claim(i, value=3e8 + i) for i in range(1, 7)]
                  + [_claim(9, predicate="chart_rank", value=2025)])
    first = suites.validate_content(con)
    assert first.judged == 7 and first.appended == 7 and len(first.quarantined) == 1
    full = suites.validate_content(con, full=True, chunks=3)
    assert full.judged == 7 and full.appended == 0 and len(full.quarantined) == 1
    assert suites.validate_content(con).judged == 0

"""A daily snapshot holds the facts as of the END of its day, in the partition timezone: a
document published mid-day is in that same day's snapshot and not in the day before's."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

import extraction
from warehouse import operations as ops
from warehouse import store

UTC = timezone.utc
MID_DAY = """---
title: Threads passes 320 million
published_at: 2025-02-01T15:30:00Z
---
Threads now has more than 320 million monthly active users, Meta said on Saturday.
"""


def _snapshot(con, day: date) -> list[tuple]:
    return con.execute("SELECT subject_id, predicate, value FROM snapshots WHERE snapshot_date = ? "
                       "ORDER BY ALL", [day]).fetchall()


@pytest.mark.parametrize("day,tz,end", [
    (date(2025, 2, 1), "UTC", datetime(2025, 2, 1, 23, 59, 59, 999999, tzinfo=UTC)),
    (date(2025, 2, 1), "Asia/Shanghai", datetime(2025, 2, 1, 15, 59, 59, 999999, tzinfo=UTC)),
    (date(2025, 3, 9), "America/New_York", datetime(2025, 3, 10, 3, 59, 59, 999999, tzinfo=UTC)),  # DST starts
    (date(2024, 12, 31), "UTC", datetime(2024, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
])
def test_end_of_day_is_the_last_microsecond_of_the_day_in_its_timezone(day, tz, end):
    assert ops.end_of_day(day, tz) == end


def test_a_document_published_mid_day_is_in_that_day_s_snapshot(con, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "threads.md").write_text(MID_DAY, encoding="utf-8")
    ops.ingest_documents(con, inbox, now=datetime(2025, 2, 2, tzinfo=UTC))
    ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION)
    assert ops.compute_snapshot(con, date(2025, 1, 31)).facts == 0
    same_day = ops.compute_snapshot(con, date(2025, 2, 1))
    assert same_day.facts == 1 and same_day.appended == 1
    assert _snapshot(con, date(2025, 2, 1)) == [("threads", "monthly_active_users", 320e6)]
    assert _snapshot(con, date(2025, 1, 31)) == []


def _claim(cid: str, subject: str, at: datetime) -> dict:
    return {"event_id": cid, "event_type": "claim_asserted", "claim_id": cid, "doc_id": "d",
            "subject_id": subject, "subject_resolved": True, "predicate": "monthly_active_users",
            "value": 1e6, "valid_at": at, "published_at": at, "evidence_start": 0, "evidence_end": 1,
            "evidence_text": "x", "confidence": 0.9, "extractor_version": "t", "actor": "t"}


@pytest.mark.parametrize("tz,end", [
    ("UTC", datetime(2025, 2, 1, 23, 59, 59, 999999, tzinfo=UTC)),
    ("Asia/Shanghai", datetime(2025, 2, 1, 15, 59, 59, 999999, tzinfo=UTC)),
    ("America/Los_Angeles", datetime(2025, 2, 2, 7, 59, 59, 999999, tzinfo=UTC)),
])
def test_the_snapshot_includes_its_last_microsecond_and_nothing_after(con, tz, end):
    day = date(2025, 2, 1)
    store.append_events(con, "claim_events", [
        _claim("last-instant", "tiktok", end),
        _claim("next-day", "threads", end + timedelta(microseconds=1)),
        _claim("morning", "bluesky", end - timedelta(hours=20))])
    ops.compute_snapshot(con, day, tz)
    ops.compute_snapshot(con, day - timedelta(days=1), tz)
    assert [r[0] for r in _snapshot(con, day)] == ["bluesky", "tiktok"]
    assert _snapshot(con, day - timedelta(days=1)) == []
    if tz == "Asia/Shanghai":  # 2025-02-01 16:00 UTC is already the 2nd in Shanghai
        ops.compute_snapshot(con, day + timedelta(days=1), tz)
        assert [r[0] for r in _snapshot(con, day + timedelta(days=1))] == ["bluesky", "threads", "tiktok"]


def test_the_snapshots_view_shows_the_latest_computation_of_every_day(con):
    feb1, feb2 = date(2025, 2, 1), date(2025, 2, 2)
    store.append_events(con, "claim_events", [_claim("a", "tiktok", datetime(2025, 2, 1, 10, tzinfo=UTC))])
    ops.compute_snapshot(con, feb1, now=datetime(2025, 2, 2, 1, tzinfo=UTC))
    store.append_events(con, "claim_events", [_claim("b", "threads", datetime(2025, 2, 2, 10, tzinfo=UTC))])
    ops.compute_snapshot(con, feb2, now=datetime(2025, 2, 3, 1, tzinfo=UTC))
    assert [r[0] for r in _snapshot(con, feb1)] == ["tiktok"]
    assert [r[0] for r in _snapshot(con, feb2)] == ["threads", "tiktok"]
    store.append_events(con, "claim_events", [_claim("c", "bluesky", datetime(2025, 2, 1, 11, tzinfo=UTC))])
    again = ops.compute_snapshot(con, feb1, now=datetime(2025, 2, 4, 1, tzinfo=UTC))  # late news about Feb 1
    assert again.appended == 2
    assert [r[0] for r in _snapshot(con, feb1)] == ["bluesky", "tiktok"]
    assert [r[0] for r in _snapshot(con, feb2)] == ["threads", "tiktok"]
    assert con.execute("SELECT count(DISTINCT computation_id) FROM fact_snapshots WHERE snapshot_date = ?",
                       [feb1]).fetchall() == [(2,)]

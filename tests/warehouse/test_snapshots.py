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


@pytest.mark.parametrize("tz", ["UTC", "Asia/Shanghai", "America/Los_Angeles"])
def test_the_snapshot_includes_its_last_microsecond_and_nothing_after(con, tz):
    day = date(2025, 2, 1)
    end = ops.end_of_day(day, tz)
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

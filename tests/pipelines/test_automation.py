"""Daily snapshots without look-ahead, the inbox sensor and the nightly schedule, through Dagster."""
from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import dagster as dg
import pytest

from assets.resources import WarehouseResource
from pipelines.definitions import defs, inbox_sensor, nightly_refresh
from warehouse import store

PROJECT = Path(__file__).resolve().parents[2]
LATE_ARTICLE = """---
title: RedNote keeps its new American users
published_at: 2025-02-01T14:30:00Z
---
Xiaohongshu now has about 350 million monthly active users, the company said on Saturday.
"""


@pytest.fixture
def inbox(tmp_path, monkeypatch, warehouse_path):
    box = tmp_path / "inbox"
    shutil.copytree(PROJECT / "seeds" / "documents", box)
    monkeypatch.setenv("APPFACTS_INBOX", str(box))
    return box


def _refresh(day: str) -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        assert defs.resolve_job_def("refresh").execute_in_process(instance=instance, partition_key=day).success


def _snapshot_mau(path, day: str):
    with store.session(path, read_only=True) as con:
        rows = con.execute("SELECT value, computation_id FROM snapshots WHERE snapshot_date = ? "
                           "AND subject_id = 'xiaohongshu' AND predicate = 'monthly_active_users'",
                           [datetime.fromisoformat(day).date()]).fetchall()
    return rows[0] if rows else None


@pytest.mark.parametrize("late_first", [False, True], ids=["ingested-last", "ingested-first"])
def test_late_article_changes_later_snapshot_only(inbox, warehouse_path, late_first):
    """The late article is published mid-day on 2025-02-01: that day's snapshot (facts as of the
    end of the day) has it, the January one never does."""
    if late_first:
        (inbox / "late.md").write_text(LATE_ARTICLE)
    _refresh("2025-01-15")
    _refresh("2025-02-01")
    if not late_first:
        assert _snapshot_mau(warehouse_path, "2025-02-01")[0] == 300_000_000
        (inbox / "late.md").write_text(LATE_ARTICLE)
    jan = _snapshot_mau(warehouse_path, "2025-01-15")
    _refresh("2025-01-15")  # re-materialize the old day after the late article arrived
    _refresh("2025-02-01")
    assert _snapshot_mau(warehouse_path, "2025-01-15") == jan
    assert jan[0] == 300_000_000
    assert _snapshot_mau(warehouse_path, "2025-02-01")[0] == 350_000_000
    # the superseded computation of 2025-02-01 is kept when there was one
    with store.session(warehouse_path, read_only=True) as con:
        n = con.execute("SELECT count(DISTINCT computation_id) FROM fact_snapshots "
                        "WHERE snapshot_date = DATE '2025-02-01'").fetchall()[0][0]
    assert n == (1 if late_first else 2)


def test_inbox_sensor_requests_one_run_per_new_file(inbox):
    resources = {"warehouse": WarehouseResource()}
    with dg.DagsterInstance.ephemeral() as instance:
        ctx = dg.build_sensor_context(instance=instance, resources=resources)
        first = inbox_sensor(ctx)
        assert len(first.run_requests) == 1  # the seed
        cursor = first.cursor
        ctx = dg.build_sensor_context(instance=instance, cursor=cursor, resources=resources)
        assert isinstance(inbox_sensor(ctx), dg.SkipReason)  # unchanged: nothing
        (inbox / "a.md").write_text("Threads has 5 users.")
        (inbox / "b.md").write_text("Bluesky has 6 users.")
        ctx = dg.build_sensor_context(instance=instance, cursor=cursor, resources=resources)
        result = inbox_sensor(ctx)
        assert sorted(r.tags["appfacts/file"] for r in result.run_requests) == ["a.md", "b.md"]
        assert len({r.run_key for r in result.run_requests}) == 2
        ctx = dg.build_sensor_context(instance=instance, cursor=result.cursor, resources=resources)
        assert isinstance(inbox_sensor(ctx), dg.SkipReason)
        (inbox / "a.md").write_text("Threads has 7 users.")  # changed content: a new run key
        ctx = dg.build_sensor_context(instance=instance, cursor=result.cursor, resources=resources)
        (changed,) = inbox_sensor(ctx).run_requests
        assert changed.tags["appfacts/file"] == "a.md"


def test_nightly_tick_snapshots_the_day_that_ended():
    ctx = dg.build_schedule_context(
        scheduled_execution_time=datetime(2025, 2, 3, 2, 30, tzinfo=timezone.utc))
    request = nightly_refresh(ctx)
    assert request.partition_key == "2025-02-02"
    assert nightly_refresh.cron_schedule == "30 2 * * *"

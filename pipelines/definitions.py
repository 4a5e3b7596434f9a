"""The one place that assembles appfacts' Dagster code location (workspace.yaml points here)."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import dagster as dg

from assets.core import (SNAPSHOT_PARTITIONS, claims, claims_content_full, claims_structural,
                         documents, documents_structural, fact_snapshots, snapshots_reproducible,
                         snapshots_structural, validated_claims, warehouse_ledger)
from assets.resources import WarehouseResource
from extraction.documents import inbox_fingerprints

refresh = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.assets(documents, claims, validated_claims, fact_snapshots)
    - dg.AssetSelection.checks(claims_content_full, snapshots_reproducible),
    partitions_def=SNAPSHOT_PARTITIONS,
    description="Ingest the inbox, extract claims, validate them and append the snapshot of the "
                "partition's day (today for manual and sensor runs, yesterday for the nightly run).",
)

snapshot_backfill = dg.define_asset_job(
    "snapshot_backfill",
    selection=dg.AssetSelection.assets(fact_snapshots),
    partitions_def=SNAPSHOT_PARTITIONS,
    description="Recompute daily snapshots (launch a backfill over a date range in the UI).",
)


nightly_validation = dg.define_asset_job(
    "nightly_validation",
    selection=dg.AssetSelection.checks(warehouse_ledger, documents_structural, claims_structural,
                                       claims_content_full, snapshots_structural, snapshots_reproducible),
    description="Full-table validation: the structural suite, a chunked content pass over every "
                "current claim, and every stored snapshot computation recomputed from its log prefix.",
)

nightly_validation_schedule = dg.ScheduleDefinition(
    name="nightly_validation_schedule", job=nightly_validation, cron_schedule="15 3 * * *",
    execution_timezone=SNAPSHOT_PARTITIONS.timezone or "UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every night at 03:15, after the refresh: validate every table in full.")


def today_key(now: datetime | None = None) -> str:
    tz = ZoneInfo(SNAPSHOT_PARTITIONS.timezone or "UTC")
    return (now or datetime.now(timezone.utc)).astimezone(tz).date().isoformat()


@dg.schedule(job=refresh, cron_schedule="30 2 * * *",
             execution_timezone=SNAPSHOT_PARTITIONS.timezone or "UTC",
             default_status=dg.DefaultScheduleStatus.RUNNING,
             description="Every night at 02:30: refresh and snapshot the day that just ended.")
def nightly_refresh(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    tz = ZoneInfo(SNAPSHOT_PARTITIONS.timezone or "UTC")
    day = context.scheduled_execution_time.astimezone(tz).date() - timedelta(days=1)
    return dg.RunRequest(run_key=f"nightly-{day.isoformat()}", partition_key=day.isoformat())


@dg.sensor(job=refresh, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING,
           description="Launches a refresh for each new or changed file in the inbox "
                       "(run key = the file's content hash).")
def inbox_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
    inbox = warehouse.inbox_path()
    if not inbox.exists():
        return dg.SkipReason(f"inbox {inbox} does not exist")
    seen = json.loads(context.cursor) if context.cursor else {}
    current = inbox_fingerprints(inbox)
    changed = {p: h for p, h in current.items() if seen.get(p) != h}
    if not changed:
        return dg.SkipReason(f"no new or changed files in {inbox}")
    key = today_key()
    requests = [dg.RunRequest(run_key=h, partition_key=key, tags={"appfacts/file": p[:200]})
                for p, h in sorted(changed.items())]
    return dg.SensorResult(run_requests=requests, cursor=json.dumps(current, sort_keys=True))


defs = dg.Definitions(
    assets=[documents, claims, validated_claims, fact_snapshots],
    asset_checks=[warehouse_ledger, documents_structural, claims_structural, claims_content_full,
                  snapshots_structural, snapshots_reproducible],
    jobs=[refresh, snapshot_backfill, nightly_validation],
    schedules=[nightly_refresh, nightly_validation_schedule],
    sensors=[inbox_sensor],
    resources={"warehouse": WarehouseResource()},
    # Every step that writes is in the one-slot `warehouse` pool, so steps never run in parallel:
    # execute a launched run's steps in its run worker instead of paying a Python start-up (~3 s
    # of imports) per step. The run worker is still its own process (a crash cannot take the
    # daemon down); extraction fans out inside the `claims` step (a process pool).
    executor=dg.in_process_executor,
)

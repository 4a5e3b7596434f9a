"""The one place that assembles appfacts' Dagster code location (workspace.yaml points here)."""
from __future__ import annotations

import dagster as dg

from assets.core import claims, claims_structural, documents, fact_snapshots, validated_claims
from assets.resources import WarehouseResource

refresh = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.assets(documents, claims, validated_claims, fact_snapshots),
    description="Ingest the inbox, extract claims, validate them and append today's snapshot.",
)

nightly_refresh = dg.ScheduleDefinition(
    name="nightly_refresh",
    job=refresh,
    cron_schedule="30 2 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Refresh everything at 02:30 every night (switch on in the UI: Automation).",
)

defs = dg.Definitions(
    assets=[documents, claims, validated_claims, fact_snapshots],
    asset_checks=[claims_structural],
    jobs=[refresh],
    schedules=[nightly_refresh],
    resources={"warehouse": WarehouseResource()},
)

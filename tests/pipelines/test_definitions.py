"""The code location loads, with the assets, checks, job, schedule and pool we promise."""
from __future__ import annotations

from pathlib import Path

import dagster as dg
import yaml

from assets.core import SNAPSHOT_PARTITIONS
from pipelines.definitions import defs

PROJECT = Path(__file__).resolve().parents[2]


def _assets(job) -> set[str]:
    return {k.to_user_string() for k in job.asset_layer.executable_asset_keys}


def _checks(job) -> set[str]:
    return {k.name for k in job.asset_layer.asset_graph.asset_check_keys}


def test_definitions_load_and_name_everything():
    repo = defs.get_repository_def()
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert keys == {"documents", "claims", "validated_claims", "fact_snapshots"}
    checks = {k.name for k in repo.asset_graph.asset_check_keys}
    assert checks == {"warehouse_ledger", "documents_structural", "claims_structural", "claims_content", "claims_content_full",
                      "snapshots_structural", "snapshots_reproducible"}
    refresh = defs.resolve_job_def("refresh")
    assert _assets(refresh) == {"documents", "claims", "validated_claims", "fact_snapshots"}
    assert _checks(refresh) == checks - {"claims_content_full", "snapshots_reproducible"}  # nightly only
    assert refresh.partitions_def == SNAPSHOT_PARTITIONS
    backfill = defs.resolve_job_def("snapshot_backfill")
    assert _assets(backfill) == {"fact_snapshots"} and _checks(backfill) == {"snapshots_structural", "snapshots_reproducible"}
    assert backfill.partitions_def == SNAPSHOT_PARTITIONS
    nightly = defs.resolve_job_def("nightly_validation")
    assert _assets(nightly) == set() and _checks(nightly) == checks - {"claims_content"}
    sensor = defs.resolve_sensor_def("inbox_sensor")
    assert (sensor.job_name, sensor.minimum_interval_seconds) == ("refresh", 30)
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert defs.resolve_schedule_def("nightly_validation_schedule").job_name == "nightly_validation"
    assert defs.resolve_schedule_def("nightly_refresh").job_name == "refresh"
    assert defs.resolve_schedule_def("nightly_validation_schedule").cron_schedule == "15 3 * * *"
    schedule = defs.resolve_schedule_def("nightly_refresh")
    assert schedule.cron_schedule == "30 2 * * *"


def test_structural_check_blocks_and_writers_share_one_pool():
    graph = defs.get_repository_def().asset_graph
    for key in graph.get_all_asset_keys():
        assert graph.get(key).assets_def.op.pool == "warehouse", key
    blocking = {s.name: s.blocking for c in defs.asset_checks for s in c.check_specs}
    assert blocking == {"warehouse_ledger": True, "documents_structural": True, "claims_structural": True, "claims_content_full": False,
                        "snapshots_structural": False, "snapshots_reproducible": False}
    assert all(c.op.pool == "warehouse" for c in defs.asset_checks)


def test_workspace_and_instance_config():
    ws = yaml.safe_load((PROJECT / "workspace.yaml").read_text())
    assert ws["load_from"][0]["python_module"]["module_name"] == "pipelines.definitions"
    inst = yaml.safe_load((PROJECT / "dagster.yaml").read_text())
    assert inst["concurrency"]["pools"]["default_limit"] == 1

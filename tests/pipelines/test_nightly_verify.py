"""The nightly_validation job recomputes every stored snapshot computation not yet verified."""
from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.definitions import defs, today_key

PROJECT = Path(__file__).resolve().parents[2]


def _checks(result) -> dict:
    return {e.asset_check_evaluation_data.check_name: e.asset_check_evaluation_data
            for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"}


def test_nightly_validation_recomputes_each_computation_once(warehouse_path, monkeypatch):
    monkeypatch.setenv("APPFACTS_INBOX", str(PROJECT / "seeds" / "documents"))
    with dg.DagsterInstance.ephemeral() as instance:
        assert defs.resolve_job_def("refresh").execute_in_process(instance=instance, partition_key=today_key()).success
        first = _checks(defs.resolve_job_def("nightly_validation").execute_in_process(instance=instance))
        again = _checks(defs.resolve_job_def("nightly_validation").execute_in_process(instance=instance))
    check = first["snapshots_reproducible"]
    assert check.passed and check.metadata["recomputed_now"].value == 1 and check.metadata["differ"].value == 0
    assert again["snapshots_reproducible"].metadata["recomputed_now"].value == 0  # passed once: not again
    assert again["snapshots_reproducible"].metadata["computations_stored"].value == 1

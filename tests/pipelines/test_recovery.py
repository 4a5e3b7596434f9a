"""Crash recovery of the Dagster instance: a run whose process is gone is failed and its pool
claims are freed; a live run is left alone. Real instance (SQLite storage, the project's
dagster.yaml), real processes (a child that has exited gives a pid that is surely gone)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest
import yaml
from dagster._core.events import EngineEventData
from dagster._core.storage.dagster_run import DagsterRunStatus
from dagster._core.test_utils import create_run_for_test

from pipelines.recovery import HOST_TAG, PID_TAG, LocalRunLauncher, fail_dead_runs, process_alive

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def instance(tmp_path):
    shutil.copy(PROJECT / "dagster.yaml", tmp_path / "dagster.yaml")
    with dg.DagsterInstance.from_config(str(tmp_path)) as inst:
        inst.event_log_storage.initialize_concurrency_limit_to_default("warehouse")  # as executors do
        yield inst


def _gone_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _claim(instance, run_id: str) -> None:
    claim = instance.event_log_storage.claim_concurrency_slot("warehouse", run_id, "claims")
    assert claim.is_claimed


def _holders(instance) -> set[str]:
    info = instance.event_log_storage.get_concurrency_info("warehouse")
    return {s.run_id for s in info.claimed_slots} | {s.run_id for s in info.pending_steps}


def test_a_dead_cli_run_is_failed_and_its_pool_claim_freed(instance):
    host = socket.gethostname()
    dead = create_run_for_test(instance, job_name="refresh", status=DagsterRunStatus.STARTED,
                               tags={PID_TAG: str(_gone_pid()), HOST_TAG: host})
    alive = create_run_for_test(instance, job_name="refresh", status=DagsterRunStatus.STARTED,
                                tags={PID_TAG: str(os.getpid()), HOST_TAG: host})
    elsewhere = create_run_for_test(instance, job_name="refresh", status=DagsterRunStatus.STARTED,
                                    tags={PID_TAG: str(_gone_pid()), HOST_TAG: "another-host"})
    _claim(instance, dead.run_id)
    waiting = instance.event_log_storage.claim_concurrency_slot("warehouse", alive.run_id, "claims")
    assert not waiting.is_claimed  # the one slot is held by the dead run
    lines = []
    assert fail_dead_runs(instance, log=lines.append) == [dead.run_id]
    assert instance.get_run_by_id(dead.run_id).status == DagsterRunStatus.FAILURE
    assert instance.get_run_by_id(alive.run_id).status == DagsterRunStatus.STARTED
    assert instance.get_run_by_id(elsewhere.run_id).status == DagsterRunStatus.STARTED
    assert dead.run_id not in _holders(instance)
    assert "is gone" in lines[0] and dead.run_id in lines[0]
    again = instance.event_log_storage.claim_concurrency_slot("warehouse", alive.run_id, "claims")
    assert again.is_claimed  # the waiting run now gets the slot


def test_run_monitoring_health_check_reads_the_worker_pid(instance):
    assert isinstance(instance.run_launcher, LocalRunLauncher)
    host = socket.gethostname()
    gone, live = (create_run_for_test(instance, job_name="refresh", status=DagsterRunStatus.STARTED,
                                      tags={HOST_TAG: host}) for _ in range(2))
    for run, pid in ((gone, _gone_pid()), (live, os.getpid())):
        instance.report_engine_event(f"Started process for run (pid: {pid}).", run,
                                     EngineEventData.in_process(pid))
    _claim(instance, gone.run_id)
    assert instance.run_launcher.check_run_worker_health(gone).status.value == "FAILED"
    assert gone.run_id not in _holders(instance)
    assert instance.run_launcher.check_run_worker_health(live).status.value == "RUNNING"
    fresh = create_run_for_test(instance, job_name="refresh", status=DagsterRunStatus.STARTING)
    assert instance.run_launcher.check_run_worker_health(fresh).status.value == "RUNNING"


def test_a_reused_pid_is_not_mistaken_for_the_run():
    assert process_alive(os.getpid())
    assert not process_alive(_gone_pid())
    assert not process_alive(os.getpid(), recorded_at=0.0)  # this process started after 1970


def test_dagster_yaml_enables_run_monitoring():
    cfg = yaml.safe_load((PROJECT / "dagster.yaml").read_text())
    assert cfg["run_monitoring"]["enabled"] and cfg["run_monitoring"]["free_slots_after_run_end_seconds"] > 0

"""A DuckDB CLI session open on the warehouse during a refresh: wait and succeed, or fail clearly."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest

from assets.resources import WarehouseResource
from pipelines.definitions import defs, refresh, today_key
from warehouse import store

PROJECT = Path(__file__).resolve().parents[2]
CLI = shutil.which("duckdb") or str(Path(sys.executable).parent / "duckdb")
pytestmark = pytest.mark.skipif(not Path(CLI).exists(), reason="DuckDB CLI (duckdb-cli) not installed")


def _open_cli(path: Path, seconds: float) -> subprocess.Popen:
    """A read-only DuckDB CLI session that stays open for `seconds`."""
    proc = subprocess.Popen(
        ["bash", "-c", f"(echo 'SELECT 42 AS ready;'; sleep {seconds}) | '{CLI}' -readonly -csv '{path}'"],
        stdout=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 30
    while proc.stdout.readline().strip() != "42":
        assert time.monotonic() < deadline, "CLI did not start"
    return proc


def _run(warehouse: WarehouseResource | None = None):
    """The refresh job, optionally with a differently configured warehouse resource."""
    job = defs.resolve_job_def("refresh") if warehouse is None else dg.Definitions(
        assets=defs.assets, asset_checks=defs.asset_checks, jobs=[refresh],
        resources={"warehouse": warehouse}).resolve_job_def("refresh")
    with dg.DagsterInstance.ephemeral() as instance:
        return job.execute_in_process(instance=instance, partition_key=today_key(), raise_on_error=False)


@pytest.fixture
def seeded(warehouse_path, monkeypatch):
    monkeypatch.setenv("APPFACTS_INBOX", str(PROJECT / "seeds" / "documents"))
    with store.session(warehouse_path):
        pass
    return warehouse_path


def test_refresh_waits_for_a_short_cli_session_and_succeeds(seeded):
    cli = _open_cli(seeded, 4)
    try:
        result = _run()
    finally:
        cli.wait(timeout=30)
    assert result.success
    with store.session(seeded, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM facts").fetchall()[0][0] > 0


def test_refresh_fails_clearly_while_a_cli_session_stays_open_then_resumes(seeded):
    cli = _open_cli(seeded, 60)
    try:
        result = _run(WarehouseResource(lock_timeout_s=1, lock_retries=0))
        assert not result.success
        failure = next(e for e in result.all_events if e.is_step_failure)
        message = str(failure.event_specific_data.error)
        assert "is locked by process" in message and "duckdb" in message
        assert "Re-execute from failure" in message
    finally:
        os.killpg(cli.pid, signal.SIGKILL)
        cli.wait()
    assert _run().success  # nothing half-written: a plain re-run completes
    with store.session(seeded, read_only=True) as con:
        assert store.verify(con) == []

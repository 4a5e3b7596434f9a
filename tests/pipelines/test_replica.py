"""The published read replica: a read-only DuckDB 1.5 CLI session holds it open while a refresh
runs and publishes; the refresh does not wait, the open session keeps its copy, a new session
sees the new facts; `appfacts verify --replica` checks the prefix it claims."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets.resources import WarehouseResource
from pipelines.definitions import defs, refresh, today_key
from warehouse import replica, store

PROJECT = Path(__file__).resolve().parents[2]
CLI = shutil.which("duckdb") or str(Path(sys.executable).parent / "duckdb")
APPFACTS = str(Path(sys.executable).parent / "appfacts")
pytestmark = pytest.mark.skipif(not Path(CLI).exists(), reason="DuckDB CLI (duckdb-cli) not installed")
NEW_DOC = ("---\npublished_at: 2025-03-01\n---\n"
           "Signal, the encrypted messaging app, now has more than 120 million monthly active users.\n")


class CliSession:
    """An interactive read-only DuckDB CLI process on a file; ask() runs one query."""

    def __init__(self, path: Path):
        self.proc = subprocess.Popen([CLI, "-readonly", "-csv", "-noheader", str(path)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     start_new_session=True)

    def ask(self, query: str) -> str:
        self.proc.stdin.write(query.rstrip(";") + ";\nSELECT 'end-of-answer';\n")
        self.proc.stdin.flush()
        lines = []
        deadline = time.monotonic() + 60
        while (line := self.proc.stdout.readline().strip()) != "end-of-answer":
            assert time.monotonic() < deadline and self.proc.poll() is None, lines
            lines.append(line)
        return "\n".join(lines)

    def close(self):
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


def _refresh(warehouse: WarehouseResource):
    job = dg.Definitions(assets=defs.assets, asset_checks=defs.asset_checks, jobs=[refresh],
                         resources={"warehouse": warehouse}).resolve_job_def("refresh")
    with dg.DagsterInstance.ephemeral() as instance:
        return job.execute_in_process(instance=instance, partition_key=today_key(), raise_on_error=False)


@pytest.fixture
def inbox(tmp_path, monkeypatch, warehouse_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(PROJECT / "seeds" / "documents", inbox)
    monkeypatch.setenv("APPFACTS_INBOX", str(inbox))
    return inbox


def test_an_open_reader_of_the_replica_never_blocks_a_refresh(inbox, warehouse_path):
    assert _refresh(WarehouseResource()).success
    rep = replica.replica_path(warehouse_path)
    assert rep == warehouse_path.with_name("appfacts.read.duckdb") and rep.exists()
    session = CliSession(rep)  # the analyst's session, held open through the refresh
    try:
        before = int(session.ask("SELECT count(*) FROM facts"))
        assert before > 0 and session.ask("SELECT count(*) FROM facts WHERE subject_id = 'signal'") == "0"
        published_before = session.ask("SELECT max(published_at) FROM replica_info")
        (inbox / "signal.md").write_text(NEW_DOC, encoding="utf-8")
        # No lock wait allowed: a writer that had to wait for this session would fail at once.
        result = _refresh(WarehouseResource(lock_timeout_s=0.5, lock_retries=0))
        assert result.success, [str(e.event_specific_data.error) for e in result.all_events if e.is_step_failure]
        # the open session still reads the copy it opened
        assert int(session.ask("SELECT count(*) FROM facts")) == before
        assert session.ask("SELECT max(published_at) FROM replica_info") == published_before
    finally:
        session.close()
    fresh = CliSession(rep)  # a new session opens the new replica
    try:
        assert fresh.ask("SELECT count(*) FROM facts WHERE subject_id = 'signal'") == "1"
        assert fresh.ask("SELECT max(published_at) FROM replica_info") > published_before
        claim_seq = int(fresh.ask("SELECT max_seq FROM replica_info WHERE table_name = 'claim_events'"))
    finally:
        fresh.close()
    with store.session(warehouse_path, read_only=True) as con:
        assert con.execute("SELECT max(seq) FROM claim_events").fetchall()[0][0] == claim_seq
    assert not list(rep.parent.glob(".*.tmp")), "a temporary replica was left behind"
    out = subprocess.run([APPFACTS, "verify", "--replica"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "the same rows and hashes as the primary" in out.stdout, out.stdout + out.stderr


def test_cli_reads_the_replica_and_verify_replica_catches_a_stale_or_edited_copy(inbox, warehouse_path):
    assert _refresh(WarehouseResource()).success
    run = lambda *a: subprocess.run([APPFACTS, *a], capture_output=True, text=True, timeout=120)  # noqa: E731
    rep = replica.replica_path(warehouse_path)
    # the CLI readers use the replica: the writer file can be held by a writer meanwhile
    with store.session(warehouse_path) as writer:
        out = run("sql", "SELECT count(*) AS n FROM replica_info", "--format", "csv")
        assert out.returncode == 0 and out.stdout.splitlines() == ["n", "5"], out.stderr
        out = run("facts", "--subject", "xiaohongshu", "--format", "json")
        assert out.returncode == 0 and '"xiaohongshu"' in out.stdout
        cid = writer.execute("SELECT claim_id FROM facts WHERE predicate = 'monthly_active_users'").fetchall()[0][0]
    # a correction republishes: readers see it
    assert run("retract", cid[:12], "--reason", "misread", "--actor", "ana").returncode == 0
    out = run("sql", "SELECT count(*) FROM facts WHERE claim_id = '" + cid + "'", "--format", "csv")
    assert out.stdout.splitlines()[-1] == "0"
    assert run("verify", "--replica").returncode == 0
    # a replica edited behind our back is caught
    with duckdb.connect(str(rep)) as con:
        con.execute("UPDATE claim_events SET value = 12345 WHERE seq = 1")
    out = run("verify", "--replica")
    assert out.returncode == 1 and "REPLICA DIFFERS" in out.stdout and "claim_events" in out.stdout
    # --primary reads the writer's file
    out = run("sql", "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'replica_info'",
              "--primary", "--format", "json")
    assert out.returncode == 0 and '"n": 0' in out.stdout

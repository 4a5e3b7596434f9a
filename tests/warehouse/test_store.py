"""Contract of the event store, against a real DuckDB file."""
from __future__ import annotations

import subprocess
import shutil
import sys
from pathlib import Path

import duckdb
import pytest

from warehouse import store


def _ev(i: int, outcome: str = "passed") -> dict:
    return {"event_id": f"e{i}", "target_kind": "claim", "target_id": f"c{i}", "suite": "s",
            "suite_version": "1", "outcome": outcome, "actor": "test"}


def test_migrations_create_versioned_schema(con):
    assert store.schema_version(con) == max(v for v, _, _ in store.migrations())
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"document_events", "claim_events", "validation_events", "fact_snapshots",
            "event_batches", "schema_migrations", "facts", "conflicts", "quarantine", "fact_history"} <= tables
    assert store.migrate(con) == []  # re-running applies nothing


def test_append_is_idempotent_and_dedups_within_batch(con):
    r1 = store.append_events(con, "validation_events", [_ev(1), _ev(2), _ev(1)])
    assert (r1.offered, r1.appended) == (3, 2)
    r2 = store.append_events(con, "validation_events", [_ev(1), _ev(2)])
    assert r2.appended == 0 and r2.batch_id is None
    r3 = store.append_events(con, "validation_events", [_ev(2), _ev(3)])
    assert r3.appended == 1
    seqs = [r[0] for r in con.execute("SELECT seq FROM validation_events ORDER BY seq").fetchall()]
    assert seqs == sorted(set(seqs)) and len(seqs) == 3  # increasing, unique
    assert con.execute("SELECT count(*) FROM event_batches").fetchall()[0][0] == 2


def test_the_first_of_repeated_ids_in_a_batch_wins_and_seq_continues(con):
    store.append_events(con, "validation_events", [_ev(1)])
    r = store.append_events(con, "validation_events", [_ev(2, "passed"), _ev(3), _ev(2, "quarantined")])
    assert r.appended == 2
    rows = con.execute("SELECT event_id, outcome, seq FROM validation_events ORDER BY seq").fetchall()
    assert rows == [("e1", "passed", 1), ("e2", "passed", 2), ("e3", "passed", 3)]
    assert store.verify(con) == []


def test_unknown_table_is_refused(con):
    with pytest.raises(ValueError):
        store.append_events(con, "document_events; DROP TABLE claim_events", [_ev(1)])


def test_verify_detects_a_changed_row(con):
    store.append_events(con, "validation_events", [_ev(1), _ev(2)])
    store.append_events(con, "validation_events", [_ev(3)])
    assert store.verify(con) == []
    con.execute("UPDATE validation_events SET outcome = 'quarantined' WHERE event_id = 'e2'")
    problems = store.verify(con)
    assert problems and "seq 2" in problems[0].where and "changed" in problems[0].what


def test_verify_detects_deleted_row(con):
    store.append_events(con, "validation_events", [_ev(1), _ev(2)])
    store.append_events(con, "validation_events", [_ev(3)])
    con.execute("DELETE FROM validation_events WHERE event_id = 'e1'")
    problems = store.verify(con)
    assert any("removed" in p.what for p in problems)


def test_verify_detects_deleted_last_batch_via_ledger(con):
    store.append_events(con, "validation_events", [_ev(1)])
    store.append_events(con, "validation_events", [_ev(2)])
    con.execute("DELETE FROM validation_events WHERE event_id = 'e2'")
    problems = store.verify(con)
    assert any("batch 2" in p.where and "missing" in p.what for p in problems)


def test_writer_waits_for_lock_then_names_holder(warehouse_path):
    with store.session(warehouse_path):
        pass
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); print('ok', flush=True); time.sleep(30)",
         str(warehouse_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(store.WarehouseLocked) as info:
            store.connect(warehouse_path, timeout_s=0.5)
        assert f"process {holder.pid}" in str(info.value)
        assert "DuckDB lets one process write" in str(info.value) and "Re-execute from failure" in str(info.value)
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.skipif(shutil.which("duckdb") is None and not (Path(sys.executable).parent / "duckdb").exists(),
                    reason="the DuckDB CLI (pip package duckdb-cli, a dev dependency) is not installed")
def test_file_opens_in_duckdb_cli_1_5(con, warehouse_path):
    store.append_events(con, "validation_events", [_ev(1)])
    con.close()
    cli = shutil.which("duckdb") or str(Path(sys.executable).parent / "duckdb")
    out = subprocess.run([cli, "-readonly", str(warehouse_path), "-csv", "-c",
                          "SELECT version(); SELECT count(*) AS n FROM validation_events; "
                          "SELECT count(*) AS f FROM facts_as_of(TIMESTAMP '2025-01-15');"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "v1.5" in out.stdout and "\n1\n" in out.stdout


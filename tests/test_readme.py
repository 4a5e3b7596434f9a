"""Every SQL query of the README runs against a fresh warehouse, in Python and in the DuckDB 1.5 CLI."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import defs, today_key
from warehouse import store

PROJECT = Path(__file__).resolve().parent.parent
README = (PROJECT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```sql\n(.*?)```", README, flags=re.S)
STATEMENTS = [s.strip() for block in BLOCKS for s in block.split(";") if s.strip()
              and not all(line.strip().startswith("--") for line in s.strip().splitlines())]
CLI = shutil.which("duckdb") or str(Path(sys.executable).parent / "duckdb")


@pytest.fixture(scope="module")
def fresh_warehouse(tmp_path_factory):
    path = tmp_path_factory.mktemp("readme") / "appfacts.duckdb"
    mp = pytest.MonkeyPatch()
    mp.setenv("APPFACTS_WAREHOUSE", str(path))
    mp.setenv("APPFACTS_INBOX", str(PROJECT / "seeds" / "documents"))
    with dg.DagsterInstance.ephemeral() as instance:
        assert defs.resolve_job_def("refresh").execute_in_process(instance=instance, partition_key=today_key()).success
    mp.undo()
    from warehouse import replica

    return replica.replica_path(path)  # the README opens the published replica


def test_readme_has_queries():
    assert len(STATEMENTS) >= 8


@pytest.mark.parametrize("statement", STATEMENTS, ids=[s.splitlines()[-1][:40] for s in STATEMENTS])
def test_query_runs_in_python(fresh_warehouse, statement):
    with store.session(fresh_warehouse, read_only=True) as con:
        rows = con.execute(statement).fetchall()
    if any(t in statement for t in ("FROM facts ", "FROM fact_history", "FROM documents", "FROM replica_info",
                                    "FROM explain_fact")):
        assert rows, statement


@pytest.mark.skipif(not Path(CLI).exists(), reason="DuckDB CLI (dev dependency duckdb-cli) not installed")
def test_queries_run_in_duckdb_cli(fresh_warehouse):
    script = ";\n".join(STATEMENTS) + ";\n"
    out = subprocess.run([CLI, "-readonly", str(fresh_warehouse)], input=script,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "Error" not in out.stderr, out.stderr
    assert "xiaohongshu" in out.stdout

"""Every SQL query of the README, run against a fresh warehouse built from the seed, and checked
for what it returns — in Python and in the DuckDB 1.5 CLI. Each query is also run against the
seed warehouse amended with a later disagreeing claim, a look-ahead claim (valid on 15 January,
published on the 20th) and a quarantined claim, so that the views and macros the README shows
must do their job (a conflicts view that is always empty would fail here)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import dagster as dg
import pytest

from extraction.evaluate import matches
from pipelines.definitions import defs, today_key
from warehouse import store

PROJECT = Path(__file__).resolve().parent.parent
README = (PROJECT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```sql\n(.*?)```", README, flags=re.S)
STATEMENTS = [s.strip() for block in BLOCKS for s in block.split(";") if s.strip()
              and not all(line.strip().startswith("--") for line in s.strip().splitlines())]
CLI = shutil.which("duckdb") or str(Path(sys.executable).parent / "duckdb")
SEED_NAME = "000_cd91fdcedbc15a1c.txt"
SEED_BODY = (PROJECT / "seeds" / "documents" / SEED_NAME).read_text(encoding="utf-8")
UTC = timezone.utc
PUBLISHED = datetime(2025, 1, 14, tzinfo=UTC)
OBJECT_PREDICATES = {"owned_by", "also_known_as", "version_of"}


@pytest.fixture(scope="module")
def seed_warehouse(tmp_path_factory):
    path = tmp_path_factory.mktemp("readme") / "appfacts.duckdb"
    mp = pytest.MonkeyPatch()
    mp.setenv("APPFACTS_WAREHOUSE", str(path))
    mp.setenv("APPFACTS_INBOX", str(PROJECT / "seeds" / "documents"))
    with dg.DagsterInstance.ephemeral() as instance:
        assert defs.resolve_job_def("refresh").execute_in_process(instance=instance, partition_key=today_key()).success
    mp.undo()
    from warehouse import replica

    return replica.replica_path(path)  # the README opens the published replica


def _claim(cid: str, subject: str, predicate: str, value: float, at: datetime, published: datetime,
           doc_id: str, evidence: str, country: str | None = None) -> dict:
    start = SEED_BODY.index(evidence)
    return {"event_id": f"amend-{cid}", "event_type": "claim_asserted", "claim_id": cid, "doc_id": doc_id,
            "country": country,
            "subject_id": subject, "subject_resolved": True, "predicate": predicate, "value": value,
            "valid_at": at, "published_at": published, "evidence_start": start,
            "evidence_end": start + len(evidence), "evidence_text": evidence, "confidence": 0.9,
            "extractor_version": "manual", "actor": "readme-test", "reason": "README test"}


@pytest.fixture(scope="module")
def amended_warehouse(seed_warehouse, tmp_path_factory):
    """The seed warehouse plus: xiaohongshu MAU 350M valid mid-day on the 14th (wins, and
    disagrees with the 300M on that day), lemon8 rank 5 valid on the 15th but published on the
    20th (current, but not as of the 15th), and the weibo claim quarantined."""
    path = tmp_path_factory.mktemp("readme-amended") / "appfacts.duckdb"
    shutil.copy(seed_warehouse, path)
    with store.session(path) as con:
        doc_id, = con.execute("SELECT doc_id FROM document_events WHERE event_type = 'document_ingested'").fetchall()[0]
        weibo, = con.execute("SELECT claim_id FROM facts WHERE subject_id = 'weibo'").fetchall()[0]
        noon = datetime(2025, 1, 14, 12, tzinfo=UTC)
        store.append_events(con, "claim_events", [
            _claim("mau-350m", "xiaohongshu", "monthly_active_users", 3.5e8, noon, noon, doc_id,
                   "While boasting about 300 million monthly active users"),
            _claim("lemon8-rank-5", "lemon8", "chart_rank", 5.0, datetime(2025, 1, 15, tzinfo=UTC),
                   datetime(2025, 1, 20, tzinfo=UTC), doc_id, "has ranked as the second most downloaded app",
                   country="US")])
        store.append_events(con, "validation_events", [{
            "event_id": "amend-q", "target_kind": "claim", "target_id": weibo, "suite": "readme",
            "suite_version": "1", "outcome": "quarantined", "failed": "readme_check", "actor": "readme-test"}])
        assert store.verify(con) == []
    return path


def _what(fact: dict) -> dict:
    """A README facts row as the shared scorer's prediction."""
    is_object = fact["predicate"] in OBJECT_PREDICATES
    return {"subject": fact["subject_id"], "predicate": fact["predicate"],
            "value": None if is_object else float(fact["what"]), "object": fact["what"] if is_object else None,
            "qualifiers": {"store": fact["store"], "country": fact["country"]}}


def _facts_match_the_seed_gold(rows: list[dict], seed_gold: list[dict]) -> None:
    assert rows == sorted(rows, key=lambda r: (r["subject_id"], r["predicate"]))
    for gold in (g for g in seed_gold if g.get("required", True)):
        assert any(matches(_what(r), gold) for r in rows), f"missing required fact {gold}"
    for r in rows:
        assert any(matches(_what(r), g) for g in seed_gold), f"false fact {r}"
        assert r["evidence_text"] in SEED_BODY and r["source_path"] == f"documents/{SEED_NAME}"


def check_facts(rows, variant, seed_gold, seed_facts):
    if variant == "seed":
        _facts_match_the_seed_gold(rows, seed_gold)
        assert not any(r["conflict"] for r in rows)
        mau = [r for r in rows if r["predicate"] == "monthly_active_users"]
        assert [(r["subject_id"], r["what"], r["bound"]) for r in mau] == [("xiaohongshu", "300000000", "approx")]
        return
    by_key = {(r["subject_id"], r["predicate"], r["store"], r["country"]): r for r in rows}
    assert len(rows) == len(seed_facts) - 1 and ("weibo", "user_count", None, None) not in by_key
    mau = by_key[("xiaohongshu", "monthly_active_users", None, None)]
    assert (mau["what"], mau["conflict"]) == ("350000000", True)
    assert by_key[("lemon8", "chart_rank", None, "US")]["what"] == "5"
    assert sum(r["conflict"] for r in rows) == 1


def check_facts_as_of(rows, variant, seed_gold, seed_facts):
    got = {(r["subject_id"], r["predicate"], r["value"], r["object_id"], r["store"], r["country"]) for r in rows}
    assert len(got) == len(rows)
    expected = {(f["subject_id"], f["predicate"], f["value"], f["object_id"], f["store"], f["country"])
                for f in seed_facts}
    if variant == "amended":  # the later MAU counts; the rank published on the 20th does not (no look-ahead)
        expected = {k for k in expected if k[0] != "weibo"}
        expected = {k if k[1] != "monthly_active_users" else k[:2] + (3.5e8,) + k[3:] for k in expected}
    assert got == expected
    assert ("lemon8", "chart_rank", 2.0, None, None, "US") in got
    published = {PUBLISHED, datetime(2025, 1, 14, 12, tzinfo=UTC)} if variant == "amended" else {PUBLISHED}
    assert {r["published_at"] for r in rows} == published


def check_known_at(rows, variant, seed_gold, seed_facts):
    assert rows == [{"facts": len(seed_facts) - (1 if variant == "amended" else 0)}]


def check_history(rows, variant, seed_gold, seed_facts):
    mine = [f for f in seed_facts if f["subject_id"] == "xiaohongshu"]
    winners = [(r["predicate"], r["value"], r["object_id"], r["store"], r["country"]) for r in rows if r["is_winner"]]
    expected = [(f["predicate"], f["value"], f["object_id"], f["store"], f["country"]) for f in mine]
    assert all(r["event_type"] == "claim_asserted" for r in rows)
    assert all(r["evidence_text"] in SEED_BODY for r in rows)
    if variant == "seed":
        assert len(rows) == len(mine) and sorted(winners, key=str) == sorted(expected, key=str)
        assert all(r["reason"] is None for r in rows)
        return
    assert len(rows) == len(mine) + 1
    mau = {r["value"]: r["is_winner"] for r in rows if r["predicate"] == "monthly_active_users"}
    assert mau == {3e8: False, 3.5e8: True}


def check_conflicts(rows, variant, seed_gold, seed_facts):
    if variant == "seed":
        assert rows == []
        return
    assert [(r["fact_key"], r["valid_day"], r["value"]) for r in rows] == [
        ("xiaohongshu|monthly_active_users||||", date(2025, 1, 14), 3e8),
        ("xiaohongshu|monthly_active_users||||", date(2025, 1, 14), 3.5e8)]


def check_quarantine(rows, variant, seed_gold, seed_facts):
    if variant == "seed":
        assert rows == []
        return
    weibo = next(f for f in seed_facts if f["subject_id"] == "weibo")
    assert rows == [{"claim_id": weibo["claim_id"], "failed": "readme_check", "evidence_text": weibo["evidence_text"]}]


def check_documents(rows, variant, seed_gold, seed_facts):
    assert rows == [{"event_type": "document_ingested", "source_path": f"documents/{SEED_NAME}",
                     "published_at": PUBLISHED, "published_at_source": "inferred", "reason": None}]


def check_snapshots(rows, variant, seed_gold, seed_facts):
    assert rows == [{"snapshot_date": date.fromisoformat(today_key()), "facts": len(seed_facts),
                     "any_conflict": False}]


def check_replica_info(rows, variant, seed_gold, seed_facts):
    tables = {r["table_name"]: r for r in rows}
    assert {"document_events", "claim_events", "validation_events", "fact_snapshots"} <= set(tables)
    assert len({r["published_at"] for r in rows}) == 1 and rows[0]["published_at"] is not None
    assert tables["document_events"]["rows"] == 1  # the prefix published with the seed refresh
    assert tables["claim_events"]["rows"] >= len(seed_facts) and tables["claim_events"]["max_seq"] >= 1


def check_explain(rows, variant, seed_gold, seed_facts):
    assert all("[[" in r["sentence"] and "]]" in r["sentence"] for r in rows)
    assert all(r["source_path"] == f"documents/{SEED_NAME}" for r in rows)
    by_status = {r["status"]: r for r in rows}
    if variant == "seed":
        assert [r["status"] for r in rows] == ["winner"] and by_status["winner"]["value"] == 3e8
        return
    assert [(r["status"], r["value"]) for r in rows] == [("winner", 3.5e8), ("competing", 3e8)]
    assert by_status["competing"]["why"].startswith("loses to mau-350m")


def check_review(rows, variant, seed_gold, seed_facts):
    assert all(r["confidence"] < 0.8 for r in rows)
    facts = {(f["subject_id"], f["predicate"], f["value"], f["object_id"]) for f in seed_facts}
    assert not any((r["subject_id"], r["predicate"], r["value"], r["object_id"]) in facts for r in rows)


# a text that occurs in exactly one README statement -> what its result must be
CHECKS = {
    "FROM replica_info": check_replica_info,
    "FROM explain_fact(": check_explain,
    "FROM review": check_review,
    "FROM facts ORDER BY": check_facts,
    "FROM facts_as_of(TIMESTAMP '2025-01-15 23:59:59');": check_facts_as_of,
    "known_at := now()": check_known_at,
    "FROM fact_history": check_history,
    "FROM conflicts": check_conflicts,
    "FROM quarantine": check_quarantine,
    "FROM documents": check_documents,
    "FROM snapshots": check_snapshots,
}


def _check_for(statement: str):
    found = [f for key, f in CHECKS.items() if key in statement + ";"]
    assert len(found) == 1, f"README query needs exactly one check in CHECKS: {statement}"
    return found[0]


def test_every_readme_query_has_one_check():
    assert len(STATEMENTS) >= 8
    assert sorted({_check_for(s).__name__ for s in STATEMENTS}) == sorted(f.__name__ for f in CHECKS.values())


@pytest.fixture(scope="module")
def seed_facts(seed_warehouse):
    with store.session(seed_warehouse, read_only=True) as con:
        cur = con.execute("SELECT * FROM facts")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]


@pytest.mark.parametrize("variant", ["seed", "amended"])
@pytest.mark.parametrize("statement", STATEMENTS, ids=[s.splitlines()[-1][:40] for s in STATEMENTS])
def test_query_result(request, statement, variant, seed_gold, seed_facts):
    path = request.getfixturevalue(f"{variant}_warehouse")
    with store.session(path, read_only=True) as con:
        cur = con.execute(statement)
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r)) for r in cur.fetchall()]
    _check_for(statement)(rows, variant, seed_gold, seed_facts)


@pytest.mark.skipif(not Path(CLI).exists(), reason="DuckDB CLI (dev dependency duckdb-cli) not installed")
def test_queries_run_in_duckdb_cli(amended_warehouse):
    """The DuckDB 1.5 CLI gives the same row counts as Python for every README query."""
    with store.session(amended_warehouse, read_only=True) as con:
        counts = [len(con.execute(s).fetchall()) for s in STATEMENTS]
    script = "".join(f"SELECT count(*) AS n FROM ({s});\n" for s in STATEMENTS)
    out = subprocess.run([CLI, "-readonly", "-csv", "-noheader", str(amended_warehouse)], input=script,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "Error" not in out.stderr, out.stderr
    assert [int(x) for x in out.stdout.split()] == counts

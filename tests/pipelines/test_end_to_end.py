"""The real asset graph, materialized into a temporary warehouse from the seed inbox."""
from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from extraction.evaluate import matches
from pipelines.definitions import defs, today_key
from warehouse import operations as ops
from warehouse import store

PROJECT = Path(__file__).resolve().parents[2]
SEED_DOCS = PROJECT / "seeds" / "documents"
SEED_BODY = (SEED_DOCS / "000_cd91fdcedbc15a1c.txt").read_text(encoding="utf-8")


def _matches(fact: dict, gold: dict) -> bool:
    """The shared scorer's matching rules (extraction.evaluate.matches), over a warehouse fact."""
    return matches({"subject": fact["subject_id"], "predicate": fact["predicate"], "value": fact["value"],
                    "object": fact["object_id"],
                    "qualifiers": {"store": fact["store"], "country": fact["country"]}}, gold)


@pytest.fixture
def run_refresh(warehouse_path, monkeypatch):
    monkeypatch.setenv("APPFACTS_INBOX", str(SEED_DOCS))

    def run():
        with dg.DagsterInstance.ephemeral() as instance:
            result = defs.resolve_job_def("refresh").execute_in_process(instance=instance, partition_key=today_key())
        assert result.success
        return result
    return run


def _count_events(path) -> int:
    with store.session(path, read_only=True) as con:
        return sum(con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in store.EVENT_COLUMNS)


def test_refresh_materializes_seed_facts_with_exact_evidence(run_refresh, warehouse_path, seed_gold):
    result = run_refresh()
    checks = {e.asset_check_evaluation_data.check_name: e.asset_check_evaluation_data.passed
              for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"}
    assert checks == {"warehouse_ledger": True, "documents_structural": True, "claims_structural": True, "claims_content": True,
                      "snapshots_structural": True}

    with store.session(warehouse_path, read_only=True) as con:
        facts = ops.current_facts(con)
        snap = con.execute("SELECT count(*) FROM snapshots").fetchall()[0][0]
    assert snap == len(facts)
    required = [g for g in seed_gold if g.get("required", True)]
    assert len(required) == 8
    for gold in required:
        hits = [f for f in facts if _matches(f, gold)]
        assert hits, f"missing required fact {gold}"
    for f in facts:
        assert SEED_BODY[f["evidence_start"]:f["evidence_end"]] == f["evidence_text"]
        assert f["source_path"].endswith("000_cd91fdcedbc15a1c.txt")
        assert any(_matches(f, g) for g in seed_gold), f"false fact {f['fact_key']}: {f['evidence_text']}"
    mau = next(f for f in facts if f["predicate"] == "monthly_active_users")
    start = SEED_BODY.index("While boasting about 300 million")
    assert mau["evidence_start"] <= start + len("While boasting about ") < mau["evidence_end"]
    assert "300 million monthly active users" in mau["evidence_text"]


def test_second_refresh_appends_zero_events(run_refresh, warehouse_path):
    run_refresh()
    n = _count_events(warehouse_path)
    run_refresh()
    assert _count_events(warehouse_path) == n
    with store.session(warehouse_path, read_only=True) as con:
        assert store.verify(con) == []


def test_nightly_validation_job_runs_the_checks(run_refresh, warehouse_path):
    run_refresh()
    with dg.DagsterInstance.ephemeral() as instance:
        result = defs.resolve_job_def("nightly_validation").execute_in_process(instance=instance)
    assert result.success
    checks = {e.asset_check_evaluation_data.check_name: e.asset_check_evaluation_data.passed
              for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"}
    assert checks == {"warehouse_ledger": True, "documents_structural": True, "claims_structural": True, "claims_content_full": True,
                      "snapshots_structural": True, "snapshots_reproducible": True}

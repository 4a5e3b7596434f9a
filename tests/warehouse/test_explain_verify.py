"""`explain` and `verify-snapshot` on a warehouse with conflicts, retractions, quarantine and
release, through real CLI processes on a real DuckDB file."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pytest

import extraction
from expectations.claims import release_claim, validate_content
from extraction.models import Claim
from warehouse import operations as ops
from warehouse import store

PROJECT = Path(__file__).resolve().parents[2]
APPFACTS = str(Path(sys.executable).parent / "appfacts")
DOC = ("---\npublished_at: 2025-03-01T12:00:00Z\n---\n"
       "Chatterbox, a messaging app, now has more than 12 million monthly active users. "
       "A rival count put Chatterbox at 15 million monthly active users. "
       "Chatterbox says it will reach 12 billion monthly active users.\n")


def _run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([APPFACTS, *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def built(tmp_path, warehouse_path):
    """Seed + a document with two competing MAU figures on one day (a conflict) and one
    implausible one (quarantined, then released by a person); one claim retracted."""
    inbox = tmp_path / "inbox"
    shutil.copytree(PROJECT / "seeds" / "documents", inbox)
    (inbox / "chatterbox.md").write_text(DOC, encoding="utf-8")
    with store.session(warehouse_path) as con:
        ops.ingest_documents(con, inbox)
        ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION)
        body = con.execute("SELECT body FROM document_events WHERE source_path LIKE '%chatterbox%'").fetchall()[0][0]
        ids = {}
        for value, text in ((12e6, "12 million"), (15e6, "15 million"), (12e9, "12 billion")):
            start = body.index(text)
            claim = Claim(subject_id="chatterbox", predicate="monthly_active_users", value=value, bound="approx",
                          evidence_start=start, evidence_end=start + len(text), evidence_text=text, confidence=0.8)
            try:
                ids[value] = ops.assert_claim(con, claim, "chatterbox.md", "ana", "reviewed figure")
            except ValueError:  # the extractor produced it already
                ids[value] = None
        rep = validate_content(con)
        held = {q["claim_id"] for q in rep.quarantined}
        day = date(2025, 3, 1)
        first = ops.compute_snapshot(con, day)
        mau = con.execute("SELECT claim_id FROM facts WHERE subject_id = 'xiaohongshu' "
                          "AND predicate = 'monthly_active_users'").fetchall()[0][0]
        ops.retract_claim(con, mau, "figure is global, not MAU", "ana")
        big = ids[12e9] or next(iter(held))
        assert held == {big}
        assert release_claim(con, big, "checked: a target, kept for the record", "bob")
        second = ops.compute_snapshot(con, day)
    return {"mau": mau, "big": big, "first": first, "second": second, "day": day, "path": warehouse_path}


def test_explain_shows_winner_competitors_retraction_quarantine_and_release(built):
    out = _run("explain", "chatterbox", "monthly_active_users", "--format", "json", "--primary")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    statuses = {r["claim_id"]: r["status"] for r in rows}
    assert list(statuses.values()).count("winner") == 1
    with store.session(built["path"], read_only=True) as con:
        winner = con.execute("SELECT claim_id FROM facts WHERE subject_id = 'chatterbox'").fetchall()
        conflict = con.execute("SELECT conflict FROM facts WHERE subject_id = 'chatterbox'").fetchall()[0][0]
    assert [k for k, s in statuses.items() if s == "winner"] == [winner[0][0]] and conflict
    big = next(r for r in rows if r["claim_id"] == built["big"])
    assert "quarantined (claims_content v2; failed user_metric_between_1_and_8.2e9" in big["validation"]
    assert "released (manual_review v1; by bob: checked: a target, kept for the record" in big["validation"]
    assert "[[12 billion]]" in big["sentence"] and big["sentence"].startswith("Chatterbox says")
    losers = [r for r in rows if r["status"] == "competing"]
    assert losers and all(r["why"].startswith("loses to ") for r in losers)
    win = next(r for r in rows if r["status"] == "winner")
    assert win["why"].startswith("wins over ") and win["policy_version"] == "policy-v3"
    # the winner is the claim facts_as_of picks, under the policy order the macro states
    assert all(r["rank_in_key"] > win["rank_in_key"] for r in losers)

    retracted = json.loads(_run("explain", "xiaohongshu", "monthly_active_users", "--format", "json",
                                "--primary").stdout)
    r = next(r for r in retracted if r["claim_id"] == built["mau"])
    assert r["status"] == "retracted" and r["why"] == "retracted by ana: figure is global, not MAU"
    assert "retracted by ana at" in r["events"] and "[[" in r["sentence"]

    # as known before the retraction, and as of before publication
    before = json.loads(_run("explain", "xiaohongshu", "monthly_active_users", "--format", "json", "--primary",
                             "--known-at", _recorded(built, "claim_asserted")).stdout)
    assert next(r for r in before if r["claim_id"] == built["mau"])["status"] == "winner"
    early = json.loads(_run("explain", "chatterbox", "monthly_active_users", "--as-of", "2025-02-01",
                            "--format", "json", "--primary").stdout)
    assert {r["status"] for r in early} == {"not yet published"}
    assert all(r["why"] == "published after the as-of time (no look-ahead)" for r in early)

    table = _run("explain", "chatterbox", "monthly_active_users", "--primary")
    assert "[WINNER]" in table.stdout and "[[12 billion]]" in table.stdout and "policy policy-v3:" in table.stdout
    csv = _run("explain", "chatterbox", "monthly_active_users", "--format", "csv", "--primary").stdout.splitlines()
    assert csv[0].startswith("fact_key,status,rank_in_key,why") and len(csv) == len(rows) + 1


def _recorded(built, event_type: str) -> str:
    with store.session(built["path"], read_only=True) as con:
        t = con.execute("SELECT max(recorded_at) FROM claim_events WHERE event_type = ?", [event_type]).fetchall()[0][0]
    return t.astimezone(timezone.utc).isoformat()


def test_sql_macro_gives_the_same_answer(built):
    with store.session(built["path"], read_only=True) as con:
        macro = ops.fetch_dicts(con, "SELECT * FROM explain_fact('chatterbox', 'monthly_active_users')")
        winners = {r["claim_id"] for r in ops.current_facts(con, subject="chatterbox")}
    cli = json.loads(_run("explain", "chatterbox", "monthly_active_users", "--format", "json", "--primary").stdout)
    assert [r["claim_id"] for r in macro] == [r["claim_id"] for r in cli]
    assert [r["why"] for r in macro] == [r["why"] for r in cli]
    assert {r["claim_id"] for r in macro if r["status"] == "winner"} == winners


def test_verify_snapshot_recomputes_each_computation_from_its_prefix_and_reports_tampering(built):
    # two computations of one day, the second after a retraction and a release: each recomputes
    # from its own log prefix (the first does not see the later events)
    out = _run("verify-snapshot", "2025-03-01")
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.count("OK,") == 2 and "2 computations checked, 0 differ" in out.stdout
    assert _run("verify-snapshot", "ALL").returncode == 0
    with duckdb.connect(str(built["path"])) as con:
        key = con.execute("SELECT fact_key FROM fact_snapshots WHERE computation_id = ? AND subject_id = 'lemon8' "
                          "AND predicate = 'owned_by'", [built["first"].computation_id]).fetchall()[0][0]
        con.execute("UPDATE fact_snapshots SET object_id = 'tencent' WHERE computation_id = ? AND fact_key = ?",
                    [built["first"].computation_id, key])
    out = _run("verify-snapshot", "2025-03-01")
    assert out.returncode == 1
    assert f"{key}: object_id stored 'tencent', recomputed 'bytedance'" in out.stdout
    assert "1 differ" in out.stdout
    assert _run("verify-snapshot", "2024-13-01").returncode == 1

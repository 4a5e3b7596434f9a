"""The `appfacts` command, in-process, against a temporary warehouse and Dagster home."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from warehouse import store

PROJECT = Path(__file__).resolve().parents[2]
SEED = PROJECT / "seeds" / "documents" / "000_cd91fdcedbc15a1c.txt"


@pytest.fixture
def env(tmp_path, monkeypatch, warehouse_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(PROJECT / "seeds" / "documents", inbox)
    monkeypatch.setenv("APPFACTS_INBOX", str(inbox))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    return inbox


def _out(capsys) -> str:
    return capsys.readouterr().out


def test_run_prints_facts_and_is_idempotent(env, capsys):
    assert main(["run"]) == 0
    out = _out(capsys)
    assert "xiaohongshu  monthly_active_users  300,000,000" in out
    assert "While boasting about 300 million monthly active users" in out
    assert "events appended this run: 0" not in out
    assert main(["run"]) == 0
    assert "events appended this run: 0" in _out(capsys)


def test_run_names_a_missing_inbox(env, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("APPFACTS_INBOX", str(tmp_path / "nope"))
    assert main(["run"]) == 1
    assert "is not a folder" in capsys.readouterr().err


def test_run_strict_reports_rejected_files(env, capsys):
    (env / "broken.md").write_bytes(b"---\ntitle: [oops\n---\nbody")
    assert main(["run"]) == 0
    err = capsys.readouterr().err
    assert "rejected inbox/broken.md: malformed YAML front matter" in err
    (env / "empty.txt").write_bytes(b"")
    assert main(["run", "--strict"]) == 2


def test_extract_jsonl_follows_the_scorer_contract(capsys):
    assert main(["extract", str(SEED), "--format", "jsonl"]) == 0
    lines = [json.loads(line) for line in _out(capsys).splitlines()]
    body = SEED.read_text(encoding="utf-8")
    assert len(lines) >= 8
    for fact in lines:
        assert fact["doc"] == SEED.name
        assert set(fact["qualifiers"]) == {"store", "country", "chart", "bound", "region"}
        ev = fact["evidence"]
        assert body[ev["start"]:ev["end"]] == ev["text"]
        assert 0 <= fact["confidence"] <= 1


def test_extract_names_a_bad_file_and_goes_on(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    assert main(["extract", str(bad), str(SEED), "--format", "jsonl"]) == 0
    captured = capsys.readouterr()
    assert f"{bad}: rejected: binary content" in captured.err
    assert captured.out.count("\n") >= 8
    assert main(["extract", str(bad), "--format", "jsonl", "--strict"]) == 2


def test_query_commands(env, capsys):
    main(["run"])
    _out(capsys)
    assert main(["facts", "--as-of", "2025-01-13"]) == 0
    assert "(0 facts)" in _out(capsys)
    assert main(["facts", "--as-of", "2025-01-15", "--subject", "xiaohongshu", "--format", "jsonl"]) == 0
    facts = [json.loads(x) for x in _out(capsys).splitlines()]
    assert {f["subject_id"] for f in facts} == {"xiaohongshu"} and len(facts) >= 4
    assert main(["history", "lemon8"]) == 0
    assert "WINNER" in _out(capsys)
    assert main(["sql", "SELECT count(*) AS n FROM document_events", "--format", "jsonl"]) == 0
    assert json.loads(_out(capsys)) == {"n": 1}
    assert main(["sql", "DELETE FROM claim_events"]) == 1  # read-only: writes are refused
    assert "read-only" in capsys.readouterr().err
    assert main(["facts", "--as-of", "yesterday"]) == 1
    assert "'yesterday' is not a date" in capsys.readouterr().err
    assert main(["history", "RedNote"]) == 0  # aliases resolve to xiaohongshu
    assert "monthly_active_users" in _out(capsys)
    main(["facts", "--subject", "RedNote", "--format", "jsonl"])
    assert {json.loads(x)["subject_id"] for x in _out(capsys).splitlines()} == {"xiaohongshu"}


def test_retract_assert_release_and_verify(env, capsys, warehouse_path):
    main(["run"])
    _out(capsys)
    with store.session(warehouse_path, read_only=True) as con:
        cid = con.execute("SELECT claim_id FROM facts WHERE predicate = 'monthly_active_users'").fetchall()[0][0]
    assert main(["retract", cid[:10], "--reason", "misread", "--actor", "ana"]) == 0
    assert main(["retract", cid, "--reason", "again"]) == 1
    assert main(["retract", "abcdef0123", "--reason", "x"]) == 1
    assert "no claim with id 'abcdef0123'" in capsys.readouterr().err
    seed_mau = "While boasting about 300 million monthly active users"
    assert main(["assert", "xiaohongshu", "monthly_active_users", "200000000", "--doc", SEED.name,
                 "--evidence", seed_mau, "--reason", "r"]) == 1
    assert "states no figure within 1% of 200,000,000 (it says 300,000,000)" in capsys.readouterr().err
    assert main(["assert", "lemon8", "monthly_active_users", "99000000000", "--doc", SEED.name,
                 "--evidence", "99 billion", "--reason", "r"]) == 1  # not in the text at all
    evidence = "Xiaohongshu, which has been described as China’s answer to Instagram"
    assert main(["assert", "xiaohongshu", "also_known_as", "China's Instagram", "--doc", SEED.name,
                 "--evidence", evidence, "--reason", "headline nickname", "--actor", "ana"]) == 0
    assert main(["assert", "xiaohongshu", "also_known_as", "X", "--doc", SEED.name,
                 "--evidence", "not in the text", "--reason", "r"]) == 1
    _out(capsys)
    main(["facts", "--subject", "xiaohongshu"])
    out = _out(capsys)
    assert "China's Instagram" in out and "monthly_active_users" not in out
    assert main(["run"]) == 0  # a re-run (the nightly refresh) does not undo a person's retraction
    _out(capsys)
    main(["facts", "--subject", "xiaohongshu"])
    assert "monthly_active_users" not in _out(capsys)
    main(["history", "xiaohongshu"])
    retraction = next(line for line in _out(capsys).splitlines() if "claim_retracted" in line)
    assert "misread" in retraction and "WINNER" not in retraction
    assert main(["verify"]) == 0
    assert "every hash and chain link holds" in _out(capsys)
    with duckdb.connect(str(warehouse_path)) as con:
        con.execute("UPDATE claim_events SET value = 3e9 WHERE predicate = 'monthly_active_users'")
    assert main(["verify"]) == 1
    assert "TAMPERED: claim_events" in _out(capsys)
    assert main(["release", "nope", "--reason", "x"]) == 1
    assert main(["run"]) == 1  # a tampered warehouse is not built upon
    assert "failed verification" in capsys.readouterr().err

"""Crash drill: kill -9 `appfacts run` at random moments of each step, then prove nothing was lost,
duplicated or blocked.

Each trial adds new documents to the inbox, starts `appfacts run` (its own process group), waits
until a target step starts (cycling documents → claims → validated_claims → fact_snapshots),
sleeps a random fraction of a second and sends SIGKILL to the whole group. The next trial's run
must recover the dead run (fail it, free its pool claim) and reach its own target step. After the
last trial one run finishes normally. Then the drilled warehouse is compared with an
uninterrupted run over the same inbox on a fresh warehouse and instance: the same document,
claim and validation events (by event id), no duplicated event ids, the same latest snapshot,
and `appfacts verify` passes.

  python bench/crash_drill.py [--trials 20] [--initial 150] [--per-trial 20] [--seed 1]
Prints a JSON report; exits 1 when any check fails.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.corpus import write_corpus  # noqa: E402

APPFACTS = str(Path(sys.executable).parent / "appfacts")
TARGETS = ("documents", "claims", "validated_claims", "fact_snapshots")
STEP_TIMEOUT_S = 300


def _env(home: Path, warehouse: Path, inbox: Path) -> dict:
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "dagster.yaml", home / "dagster.yaml")
    return {**os.environ, "DAGSTER_HOME": str(home), "APPFACTS_WAREHOUSE": str(warehouse),
            "APPFACTS_INBOX": str(inbox), "APPFACTS_SNAPSHOT_START": "2024-01-01"}


def kill_during(env: dict, target: str, delay_s: float) -> dict:
    """Start `appfacts run`, SIGKILL its process group `delay_s` after step `target` starts."""
    t0 = time.monotonic()
    proc = subprocess.Popen([APPFACTS, "run", "--log-level", "DEBUG"], cwd=PROJECT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    state = {"last": None, "open": None, "reached": None, "recovered": 0}
    reached = threading.Event()

    def read():
        for line in proc.stderr:
            if "recovered run" in line:
                state["recovered"] += 1
            for kind in ("STEP_START", "STEP_SUCCESS"):
                if f" - {kind} - " in line:
                    step = line.split(f" - {kind} - ")[0].rsplit(" - ", 1)[1]
                    state["last"] = f"{kind}:{step}"
                    state["open"] = step if kind == "STEP_START" else None
                    if kind == "STEP_START" and step == target:
                        state["reached"] = time.monotonic() - t0
                        reached.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    while not reached.wait(0.05):
        if proc.poll() is not None or time.monotonic() - t0 > STEP_TIMEOUT_S:
            break
    time.sleep(delay_s)
    killed = proc.poll() is None
    if killed:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    reader.join(timeout=5)
    return {"target": target, "reached_after_s": state["reached"], "killed": killed,
            "landed_in": state["open"] or ("between steps after " + str(state["last"])),
            "recovered_runs": state["recovered"], "exit": proc.returncode}


def run_to_end(env: dict) -> tuple[float, int, str]:
    t0 = time.monotonic()
    done = subprocess.run([APPFACTS, "run"], cwd=PROJECT, env=env, capture_output=True, text=True,
                          timeout=STEP_TIMEOUT_S * 4)
    return time.monotonic() - t0, done.returncode, done.stderr


def fingerprint(warehouse: Path) -> dict:
    from warehouse import store

    q = {t: f"SELECT DISTINCT event_id FROM {t}" for t in ("document_events", "claim_events", "validation_events")}
    with store.session(warehouse, read_only=True) as con:
        out = {t: {r[0] for r in con.execute(sql).fetchall()} for t, sql in q.items()}
        out["duplicates"] = sum(con.execute(f"SELECT count(*) - count(DISTINCT event_id) FROM {t}").fetchall()[0][0]
                                for t in store.EVENT_COLUMNS)
        out["snapshot"] = set(con.execute(
            "SELECT snapshot_date, fact_key, claim_id, n_claims, n_values, conflict FROM snapshots").fetchall())
        out["verify"] = [str(p) for p in store.verify(con)]
    return out


def drill(trials: int, initial: int, per_trial: int, seed: int, root: Path) -> dict:
    rng = random.Random(seed)
    inbox = root / "inbox"
    write_corpus(inbox, 0, initial, seed=seed)
    env = _env(root / "home", root / "drilled.duckdb", inbox)
    results, n = [], initial
    for t in range(trials):
        write_corpus(inbox, n, per_trial, seed=seed)
        n += per_trial
        results.append(kill_during(env, TARGETS[t % len(TARGETS)], rng.uniform(0.0, 0.6)))
        print(json.dumps(results[-1]), file=sys.stderr)
    final_s, final_rc, final_err = run_to_end(env)
    recovered_final = final_err.count("recovered run")
    ref_env = _env(root / "ref_home", root / "reference.duckdb", inbox)
    ref_s, ref_rc, ref_err = run_to_end(ref_env)
    drilled, reference = fingerprint(root / "drilled.duckdb"), fingerprint(root / "reference.duckdb")
    report = {
        "trials": trials, "documents": n,
        "killed": sum(r["killed"] for r in results),
        "killed_in_step": {s: sum(r["killed"] and r["landed_in"] == s for r in results) for s in TARGETS},
        "killed_in_checks_or_between": sum(r["killed"] and r["landed_in"] not in TARGETS for r in results),
        "finished_before_kill": sum(not r["killed"] for r in results),
        "every_run_reached_its_step": all(r["reached_after_s"] is not None for r in results),
        "max_s_to_reach_step": max((r["reached_after_s"] or 1e9) for r in results),
        "dead_runs_recovered": sum(r["recovered_runs"] for r in results) + recovered_final,
        "final_run_s": round(final_s, 1), "final_rc": final_rc,
        "uninterrupted_run_s": round(ref_s, 1), "uninterrupted_rc": ref_rc,
    }
    for t in ("document_events", "claim_events", "validation_events"):
        report[f"{t}_lost"] = len(reference[t] - drilled[t])
        report[f"{t}_extra"] = len(drilled[t] - reference[t])
        report[f"{t}_total"] = len(drilled[t])
    report["duplicated_event_ids"] = drilled["duplicates"]
    report["latest_snapshot_equal"] = drilled["snapshot"] == reference["snapshot"]
    report["verify_problems"] = drilled["verify"]
    report["ok"] = bool(
        final_rc == 0 and ref_rc == 0 and report["every_run_reached_its_step"]
        and not drilled["duplicates"] and report["latest_snapshot_equal"] and not drilled["verify"]
        and all(report[f"{t}_lost"] == 0 == report[f"{t}_extra"]
                for t in ("document_events", "claim_events", "validation_events")))
    if final_rc or ref_rc:
        report["stderr"] = (final_err + ref_err)[-2000:]
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--initial", type=int, default=150)
    ap.add_argument("--per-trial", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", help="folder to keep the drill's files in (default: a temp folder)")
    args = ap.parse_args(argv)
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="appfacts-drill-"))
    try:
        report = drill(args.trials, args.initial, args.per_trial, args.seed, root)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(report, indent=2))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())

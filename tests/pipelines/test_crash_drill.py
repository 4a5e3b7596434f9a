"""The crash drill at CI size (bench/crash_drill.py; `make bench-drill` runs it at full size):
`appfacts run` killed with SIGKILL twice in each of ingest, extraction, validation and snapshot;
every next run recovers the dead run and proceeds; the end state equals an uninterrupted run's
(no lost, no duplicated events), and `verify` passes."""
from __future__ import annotations

import json
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from bench.crash_drill import drill  # noqa: E402


def test_kill_9_at_every_step_loses_and_duplicates_nothing(tmp_path):
    report = drill(trials=8, initial=60, per_trial=10, seed=11, root=tmp_path)
    print("\n" + json.dumps(report, indent=1))
    assert report["every_run_reached_its_step"], "a run after a killed run did not get going"
    assert report["killed"] >= 6
    # a kill inside a step leaves a STARTED run to recover (one after the run's last event may not)
    assert report["dead_runs_recovered"] >= sum(report["killed_in_step"].values())
    assert report["final_rc"] == 0 and report["uninterrupted_rc"] == 0, report.get("stderr")
    for table in ("document_events", "claim_events", "validation_events"):
        assert report[f"{table}_lost"] == 0 and report[f"{table}_extra"] == 0, table
    assert report["duplicated_event_ids"] == 0
    assert report["latest_snapshot_equal"]
    assert report["verify_problems"] == []
    assert report["ok"]

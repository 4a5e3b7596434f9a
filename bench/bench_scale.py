"""Scale benchmark (issue 11): `appfacts run` over a generated inbox of news-like documents.

  python bench/bench_scale.py [--docs 10000] [--keep DIR]      (make bench-scale DOCS=100000)

Prints a JSON report: full refresh (wall time, docs/s, events appended/s, per-step times),
no-op refresh, 1%-new refresh, peak RSS of the whole process tree (pool workers included), and
extraction throughput with 1 and 2 processes over the same documents. Every refresh is the real
CLI in its own process, on a fresh Dagster instance and warehouse. CI never runs this.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
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
STEP_RE = re.compile(r' - ([a-z_]+) - STEP_SUCCESS - Finished execution of step "[a-z_]+" in ([0-9.]+)(ms|s|m)')


def _tree_rss_bytes(root_pid: int) -> int:
    """Sum of the RSS of `root_pid` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def refresh(env: dict) -> dict:
    """One `appfacts run`: wall time, peak tree RSS, events appended, step times."""
    t0 = time.monotonic()
    proc = subprocess.Popen([APPFACTS, "run", "--log-level", "DEBUG"], cwd=PROJECT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_bytes(proc.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.monotonic() - t0
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"appfacts run failed ({proc.returncode}):\n{err[-3000:]}")
    appended = int(re.search(r"events appended this run: (\d+)", out).group(1))
    steps = {}
    for step, value, unit in STEP_RE.findall(err):
        steps[step] = round(float(value) * {"ms": 0.001, "s": 1.0, "m": 60.0}[unit], 2)
    return {"wall_s": round(wall, 1), "peak_rss_mb": round(peak[0] / 2**20), "events_appended": appended,
            "events_per_s": round(appended / wall), "step_s": steps}


def extraction_scaling(inbox: Path, root: Path, n: int) -> dict:
    """extract_claims over the same `n` documents with 1 and with 2 processes."""
    import extraction
    from warehouse import operations as ops
    from warehouse import store

    sample = root / "sample_inbox"
    paths = sorted(inbox.rglob("*.md"))[:n]
    for p in paths:
        target = sample / p.relative_to(inbox)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(p, target)
    out = {}
    for workers in (1, 2):
        with store.session(root / f"scaling{workers}.duckdb") as con:
            ops.ingest_documents(con, sample)
            t0 = time.monotonic()
            ops.extract_claims(con, extraction.extract, extraction.EXTRACTOR_VERSION, workers=workers)
            out[f"extract_{workers}_process_docs_per_s"] = round(n / (time.monotonic() - t0))
    out["speedup_2_vs_1"] = round(out["extract_2_process_docs_per_s"] / out["extract_1_process_docs_per_s"], 2)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--scaling-docs", type=int, default=2000, help="documents for the 1 vs 2 process test")
    ap.add_argument("--keep", help="folder for the inbox and warehouse (default: a temp folder, removed)")
    args = ap.parse_args(argv)
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="appfacts-scale-"))
    inbox = root / "inbox"
    home = root / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "dagster.yaml", home / "dagster.yaml")
    env = {**os.environ, "DAGSTER_HOME": str(home), "APPFACTS_WAREHOUSE": str(root / "scale.duckdb"),
           "APPFACTS_INBOX": str(inbox), "APPFACTS_SNAPSHOT_START": "2024-01-01"}
    report: dict = {"documents": args.docs, "cpus": os.cpu_count()}
    try:
        t0 = time.monotonic()
        write_corpus(inbox, 0, args.docs)
        report["generate_s"] = round(time.monotonic() - t0, 1)
        report["inbox_mb"] = round(sum(p.stat().st_size for p in inbox.rglob("*.md")) / 2**20)
        full = refresh(env)
        full["docs_per_s"] = round(args.docs / full["wall_s"], 1)
        report["full_refresh"] = full
        print(json.dumps(report), file=sys.stderr)
        report["noop_refresh"] = refresh(env)
        write_corpus(inbox, args.docs, max(1, args.docs // 100))
        report["one_percent_new_refresh"] = refresh(env)
        report["one_percent_vs_full"] = round(report["one_percent_new_refresh"]["wall_s"] / full["wall_s"], 3)
        report["peak_rss_mb"] = max(report[k]["peak_rss_mb"] for k in
                                    ("full_refresh", "noop_refresh", "one_percent_new_refresh"))
        report["snapshot_step_s"] = full["step_s"].get("fact_snapshots")
        report["warehouse_mb"] = round((root / "scale.duckdb").stat().st_size / 2**20)
        report["extraction_scaling"] = extraction_scaling(inbox, root, min(args.scaling_docs, args.docs))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

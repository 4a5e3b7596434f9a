"""Event-store benchmark: printed figures, each with a baseline measured in the same run.

  1. append 1M claim events through `append_events` (anti-join, seq, row hashes, ledger) —
     target >= 1M rows/s; baseline: a bare INSERT … SELECT of the same rows.
  2. `facts_as_of` over 10M claim events — target within 2x of a bare arg_max GROUP BY over the
     same table, and >= 10x faster than pandas sort + groupby-last.
  3. single-subject as-of lookup (`subject_facts_as_of`) — target <= 5 ms.

Usage: python bench/bench_store.py [--events 10000000] [--append 1000000]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from warehouse import store  # noqa: E402

GEN = """
SELECT 'e' || i AS event_id, 'claim_asserted' AS event_type, 'c' || i AS claim_id,
       'doc' || (i % 50000) AS doc_id, 'app' || (i % $subjects) AS subject_id, true AS subject_resolved,
       CASE i % 3 WHEN 0 THEN 'monthly_active_users' WHEN 1 THEN 'daily_active_users' ELSE 'chart_rank' END AS predicate,
       CAST(100000000 + (i // $subjects) % 4 * 1000000 AS DOUBLE) AS value, NULL::VARCHAR AS object_id, NULL::BOOLEAN AS object_resolved,
       'users' AS unit, NULL::VARCHAR AS store, CASE WHEN i % 2 = 0 THEN 'US' END AS country, NULL::VARCHAR AS chart,
       NULL::VARCHAR AS region, 'approx' AS bound,
       TIMESTAMPTZ '2020-01-01' + to_days(CAST((i // $subjects) * 37 % 2000 AS INTEGER)) AS valid_at,
       TIMESTAMPTZ '2020-01-01' + to_days(CAST((i // $subjects) * 37 % 2000 AS INTEGER)) AS published_at,
       0 AS evidence_start, 40 AS evidence_end, 'App has about 300 million monthly users.' AS evidence_text,
       0.9 AS confidence, 'bench' AS extractor_version, NULL::VARCHAR AS reason, 'bench' AS actor,
       'bench' AS run_id
FROM range($start, $stop) t(i)
"""


def timed(fn, repeat: int = 3) -> float:
    """Median wall time of `repeat` calls (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _lookup_times(con, as_of: str, n: int = 50) -> list[float]:
    out = []
    for i in range(n):
        t = time.perf_counter()
        con.execute(f"SELECT * FROM subject_facts_as_of(?, {as_of})", [f"app{(i * 7919) % 100000}"]).fetchall()
        out.append(time.perf_counter() - t)
    return out


def _lookup_ms(con, as_of: str) -> float:
    return statistics.median(_lookup_times(con, as_of, 20)) * 1000


def bench_append(n: int, tmp: Path) -> None:
    con = store.open_session(tmp / "append.duckdb")
    con.execute(f"CREATE TEMP TABLE src AS {GEN}", {"start": 0, "stop": n, "subjects": 100000})
    cols = ", ".join(store.EVENT_COLUMNS["claim_events"])
    # Baselines: a bare INSERT … SELECT of the same rows into a table in the same file (what any
    # append must at least pay) and into an in-memory TEMP table.
    con.execute(f"CREATE TABLE bare_file AS SELECT {cols}, 0::BIGINT AS seq FROM src LIMIT 0")
    con.execute(f"CREATE TEMP TABLE bare AS SELECT {cols}, 0::BIGINT AS seq FROM src LIMIT 0")
    t = time.perf_counter()
    con.execute(f"INSERT INTO bare_file SELECT {cols}, 0 FROM src")
    bare_file = time.perf_counter() - t
    t = time.perf_counter()
    con.execute(f"INSERT INTO bare SELECT {cols}, 0 FROM src")
    bare = time.perf_counter() - t
    t = time.perf_counter()
    r = store.append_events(con, "claim_events", con.table("src"))
    ours = time.perf_counter() - t
    t = time.perf_counter()
    again = store.append_events(con, "claim_events", con.table("src"))
    replay = time.perf_counter() - t
    assert r.appended == n and again.appended == 0
    print(f"append {n:,} claim events: {n / ours:,.0f} rows/s ({ours:.2f}s)   "
          f"bare INSERT into the file: {n / bare_file:,.0f} rows/s (ours/bare time {ours / bare_file:.1f}x), "
          f"into memory: {n / bare:,.0f} rows/s   "
          f"idempotent replay (0 appended): {n / replay:,.0f} rows/s")
    con.close()


def bench_as_of(n: int, tmp: Path) -> None:
    path = tmp / "asof.duckdb"
    con = store.open_session(path)
    cols = ", ".join(store.EVENT_COLUMNS["claim_events"])
    chunk = 2_000_000
    for start in range(0, n, chunk):  # bulk load (the append path is measured above)
        con.execute(f"INSERT INTO claim_events ({cols}, seq, batch_id, recorded_at, row_hash) "
                    f"SELECT {cols}, CAST(substr(event_id, 2) AS BIGINT) + 1, 'bulk', now(), '' FROM ({GEN})",
                    {"start": start, "stop": min(n, start + chunk), "subjects": 100000})
    as_of = "TIMESTAMPTZ '2024-06-30 23:59:59'"
    unsorted_lookup = _lookup_ms(con, as_of)
    t = time.perf_counter()
    store.compact(con)
    compact_s = time.perf_counter() - t
    # Both sides materialize their full result (a count(*) would let DuckDB drop unused work).
    def resolve():
        con.execute(f"CREATE OR REPLACE TEMP TABLE r1 AS SELECT * FROM facts_as_of({as_of})")

    def bare_argmax():
        con.execute("CREATE OR REPLACE TEMP TABLE r2 AS SELECT subject_id, predicate, store, country, chart, region, "
                    "arg_max(claim_id, valid_at) AS claim_id, arg_max(value, valid_at) AS value "
                    f"FROM claim_events WHERE published_at <= {as_of} AND valid_at <= {as_of} GROUP BY ALL")

    ours = timed(resolve, 3)
    bare = timed(bare_argmax, 3)
    nfacts = con.execute(f"SELECT count(*) FROM facts_as_of({as_of})").fetchall()[0][0]

    df = con.execute("SELECT subject_id, predicate, country, value, valid_at, published_at FROM claim_events").df()
    cut = df["valid_at"].max().__class__("2024-06-30 23:59:59", tz="UTC")

    def pandas_last():
        d = df[(df["published_at"] <= cut) & (df["valid_at"] <= cut)]
        d.sort_values("valid_at").groupby(["subject_id", "predicate", "country"], dropna=False).last()

    pd_t = timed(pandas_last, 1)
    lookups = _lookup_times(con, as_of)
    print(f"facts_as_of over {n:,} claim events ({nfacts:,} facts): {ours * 1000:,.0f} ms   "
          f"bare arg_max group-by: {bare * 1000:,.0f} ms (ratio {ours / bare:.2f}x, target <= 2x)   "
          f"pandas sort+groupby-last: {pd_t * 1000:,.0f} ms (ours {pd_t / ours:.1f}x faster, target >= 10x)")
    print(f"single-subject as-of lookup after `appfacts compact` ({compact_s:.1f}s): median "
          f"{statistics.median(lookups) * 1000:.2f} ms, p95 {sorted(lookups)[int(len(lookups) * 0.95)] * 1000:.2f} ms "
          f"(target <= 5 ms; before compaction: median {unsorted_lookup:.1f} ms)")
    con.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--append", type=int, default=1_000_000)
    a = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores; duckdb {store.duckdb.__version__}")
    with tempfile.TemporaryDirectory() as d:
        bench_append(a.append, Path(d))
        bench_as_of(a.events, Path(d))
    return 0


if __name__ == "__main__":
    sys.exit(main())

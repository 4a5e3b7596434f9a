"""Publishing the read replica: CHECKPOINT + file copy (what warehouse.replica uses) vs COPY FROM
DATABASE into a fresh v1.5.0 file, on a synthetic claim_events-sized table. Printed figures and the
ratio, measured in the same run."""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 3_000_000


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="bench_replica_"))
    try:
        path = root / "big.duckdb"
        con = duckdb.connect(str(path), config={"storage_compatibility_version": "v1.5.0"})
        con.execute(f"CREATE TABLE t AS SELECT i AS seq, md5(i::VARCHAR) AS h, i * 1.5 AS v, "
                    f"'subject_' || (i % 1000) AS s FROM range({ROWS}) r(i)")
        con.execute("CHECKPOINT")
        copy_s, file_s = [], []
        for n in range(3):
            tmp = root / f"copy{n}.duckdb"
            t = time.perf_counter()
            con.execute(f"ATTACH '{tmp}' AS rep (STORAGE_VERSION 'v1.5.0')")
            con.execute("COPY FROM DATABASE big TO rep")
            con.execute("DETACH rep")
            copy_s.append(time.perf_counter() - t)
            t = time.perf_counter()
            con.execute("CHECKPOINT")
            shutil.copyfile(path, root / f"file{n}.duckdb")
            file_s.append(time.perf_counter() - t)
            os.remove(tmp)
        c, f = min(copy_s), min(file_s)
        print(f"replica of {ROWS:,} rows ({path.stat().st_size / 1e6:.0f} MB): COPY FROM DATABASE {c:.3f}s, "
              f"CHECKPOINT + file copy {f:.3f}s, ratio {c / f:.0f}x")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()

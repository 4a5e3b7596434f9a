"""The published read replica: a consistent read-only copy of the warehouse beside it
(`appfacts.duckdb` -> `appfacts.read.duckdb`) that analysts open while the writer works.

The writer publishes after each successful refresh and each manual correction: CHECKPOINT under
its own connection (the single writer, so nothing else changes the file), copy the file to a
temporary name beside it, add `replica_info` to the copy (the log prefix it holds, read from the
copy itself), then os.replace() it over the replica — atomic, so a session holding the old replica
keeps reading its old file and the next session opens the new one. The writer never opens the
replica path, so it never waits for readers. (Measured, bench/bench_replica.py: CHECKPOINT + file
copy is ~100x faster than COPY FROM DATABASE into a fresh file; COPY FROM DATABASE is the fallback
when a WAL is left behind.)
"""
from __future__ import annotations

import os
import shutil
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import duckdb

from warehouse import store
from warehouse.store import STORAGE_COMPATIBILITY, fetch_all, sql


def replica_path(primary: str | os.PathLike | None = None) -> Path:
    """`<stem>.read<suffix>` beside the warehouse file (warehouse/appfacts.read.duckdb)."""
    p = store.resolve_path(primary)
    return p.with_name(f"{p.stem}.read{p.suffix or '.duckdb'}")


@dataclass(frozen=True)
class Published:
    path: Path
    published_at: datetime
    method: str
    seconds: float
    prefix: dict[str, int]  # event table -> max seq in the replica


def _copy_file(con: duckdb.DuckDBPyConnection, primary: Path, tmp: Path) -> str:
    con.execute("CHECKPOINT")
    wal = primary.with_name(primary.name + ".wal")
    if wal.exists() and wal.stat().st_size > 0:
        return _copy_database(con, tmp)
    shutil.copyfile(primary, tmp)
    return "checkpoint+copy"


def _copy_database(con: duckdb.DuckDBPyConnection, tmp: Path) -> str:
    db = fetch_all(con, "SELECT current_database()")[0][0]
    alias = f"replica_{uuid.uuid4().hex[:8]}"
    con.execute(f"ATTACH '{tmp}' AS {alias} (STORAGE_VERSION '{STORAGE_COMPATIBILITY}')")
    try:
        con.execute(f'COPY FROM DATABASE "{db}" TO {alias}')
    finally:
        con.execute(f"DETACH {alias}")
    return "copy from database"


def publish(con: duckdb.DuckDBPyConnection, primary: str | os.PathLike | None = None,
            method: str = "file") -> Published:
    """Publish a replica of the warehouse that `con` (the writer's connection) has open."""
    started = time.perf_counter()
    primary = store.resolve_path(primary)
    target = replica_path(primary)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        used = _copy_file(con, primary, tmp) if method == "file" else _copy_database(con, tmp)
        published_at = datetime.now(timezone.utc)
        with duckdb.connect(str(tmp), config={"storage_compatibility_version": STORAGE_COMPATIBILITY}) as rep:
            rep.execute("SET TimeZone = 'UTC'")
            rep.execute(sql("replica_info"), {"published_at": published_at, "source": str(primary),
                                               "method": used})
            prefix = dict(fetch_all(rep, "SELECT table_name, max_seq FROM replica_info"))
            rep.execute("CHECKPOINT")
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return Published(target, published_at, used, time.perf_counter() - started, prefix)


def info(con: duckdb.DuckDBPyConnection) -> list[dict]:
    cur = con.execute("SELECT * FROM replica_info ORDER BY table_name")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def verify(replica: duckdb.DuckDBPyConnection, primary: duckdb.DuckDBPyConnection) -> list[str]:
    """Problems (empty: none) of the replica against the primary: the replica's own hashes and
    chain hold, it holds exactly the prefix its replica_info claims, and that prefix is the
    primary's — the same rows with the same hashes, the same ledger batches."""
    problems = [f"replica: {p}" for p in store.verify(replica)]
    claimed = {r["table_name"]: r for r in info(replica)}
    for table in store.event_tables(primary):
        c = claimed.get(table)
        if c is None:
            problems.append(f"{table}: the replica claims no prefix of this table")
            continue
        q = sql("replica_fingerprint", table)
        params = {"max_seq": c["max_seq"], "table_name": table, "max_batch": c["last_batch_seq"]}
        mine, theirs = fetch_all(replica, q, params)[0], fetch_all(primary, q, params)[0]
        held = fetch_all(replica, f"SELECT count(*), coalesce(max(seq), 0) FROM {table}")[0]
        if (held[0], held[1]) != (c["rows"], c["max_seq"]):
            problems.append(f"{table}: replica_info claims {c['rows']} rows up to seq {c['max_seq']}, "
                            f"the replica holds {held[0]} up to seq {held[1]}")
        if mine != theirs:
            problems.append(f"{table}: up to seq {c['max_seq']} the replica has {mine[0]} rows "
                            f"(hash {str(mine[1])[:12]}), the primary {theirs[0]} (hash {str(theirs[1])[:12]})"
                            + ("" if mine[2] == theirs[2] else "; their ledgers differ"))
    return problems


@contextmanager
def reader(path: str | os.PathLike | None = None, *, primary: bool = False,
           timeout_s: float = 30.0) -> Iterator[tuple[duckdb.DuckDBPyConnection, Path, bool]]:
    """A read-only session for analysts: (connection, file, is_replica). The replica by default;
    the primary when asked, or when no replica has been published yet."""
    target = replica_path(path)
    use_replica = not primary and target.exists()
    with store.session(target if use_replica else path, read_only=True, timeout_s=timeout_s) as con:
        yield con, (target if use_replica else store.resolve_path(path)), use_replica

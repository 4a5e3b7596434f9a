"""The DuckDB event store: connections, migrations, idempotent appends, the hash-chained ledger.

No Dagster here. Every write goes through `append_events`, which inserts only rows whose
`event_id` is not yet in the table (anti-join in one transaction), numbers them (`seq`), hashes
each row and chains the batch into `event_batches`. Nothing ever updates or deletes an event.
"""
from __future__ import annotations

import hashlib
import os
import random
import re
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Sequence

import duckdb

PACKAGE_DIR = Path(__file__).resolve().parent
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
SQL_DIR = PACKAGE_DIR / "sql"
DEFAULT_PATH = PACKAGE_DIR / "appfacts.duckdb"
# Files we create stay readable by the DuckDB 1.5 CLI that analysts have.
STORAGE_COMPATIBILITY = "v1.5.0"
GENESIS = "0" * 64

# Content columns of each event table, in hashing order (seq, batch_id, recorded_at and row_hash
# are added by the store).
EVENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "document_events": (
        "event_id", "event_type", "doc_id", "source_path", "content_sha256", "title", "publisher",
        "url", "published_at", "published_at_source", "published_at_note", "body", "encoding",
        "reason", "run_id",
    ),
    "claim_events": (
        "event_id", "event_type", "claim_id", "doc_id", "subject_id", "subject_resolved",
        "predicate", "value", "object_id", "object_resolved", "unit", "store", "country", "chart",
        "region", "bound", "valid_at", "published_at", "evidence_start", "evidence_end",
        "evidence_text", "confidence", "extractor_version", "reason", "actor", "run_id",
    ),
    "validation_events": (
        "event_id", "target_kind", "target_id", "suite", "suite_version", "outcome", "failed",
        "reason", "actor", "run_id",
    ),
    "fact_snapshots": (
        "event_id", "snapshot_date", "computation_id", "computed_at", "policy_version", "fact_key",
        "subject_id", "predicate", "value", "object_id", "store", "country", "chart", "region",
        "bound", "valid_at", "published_at", "claim_id", "doc_id", "n_claims", "n_values",
        "conflict", "run_id",
    ),
    # one row per snapshot computation: the log prefix it read (migration 007)
    "snapshot_computations": (
        "event_id", "computation_id", "snapshot_date", "policy_version", "as_of", "known_at",
        "claim_seq", "validation_seq", "n_facts", "content_hash", "run_id",
    ),
}


class WarehouseLocked(RuntimeError):
    """Another process holds the DuckDB write lock for longer than we are willing to wait."""


def fetch_one(con: duckdb.DuckDBPyConnection, query: str, params=None):
    """First row of a query or None (fetches everything: duckdb 2.x refuses new work on a
    connection with an unfinished result)."""
    rows = con.execute(query, params).fetchall() if params is not None else con.execute(query).fetchall()
    return rows[0] if rows else None


def fetch_all(con: duckdb.DuckDBPyConnection, query: str, params=None) -> list[tuple]:
    return (con.execute(query, params) if params is not None else con.execute(query)).fetchall()


def resolve_path(path: str | os.PathLike | None = None) -> Path:
    """Explicit path, else $APPFACTS_WAREHOUSE, else warehouse/appfacts.duckdb (read at call time)."""
    chosen = path or os.environ.get("APPFACTS_WAREHOUSE") or DEFAULT_PATH
    return Path(chosen).expanduser().resolve()


def sql(name: str, table: str | None = None) -> str:
    """Text of warehouse/sql/NAME.sql. `{table}` placeholders take an event-table name from the
    whitelist EVENT_COLUMNS (identifiers only; values are always bound parameters)."""
    text = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
    if table is not None:
        _check_table(table)
        text = text.replace("{table}", table)
    return text


_LOCK_RE = re.compile(r"(lock|Conflicting lock)", re.IGNORECASE)
_PID_RE = re.compile(r"PID (\d+)")


def _holder(message: str) -> str:
    m = _PID_RE.search(message)
    if not m:
        return "another process"
    pid = m.group(1)
    try:
        cmd = " ".join(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\x00", b" ").decode().split())
    except OSError:
        cmd = ""
    return f"process {pid}" + (f" ({cmd[:120]})" if cmd else "")


def connect(path: str | os.PathLike | None = None, *, read_only: bool = False,
            timeout_s: float = 30.0) -> duckdb.DuckDBPyConnection:
    """Open the warehouse. Writers retry on the file lock with jittered backoff for `timeout_s`,
    then raise WarehouseLocked naming the holder and what to do."""
    target = resolve_path(path)
    if read_only and not target.exists():
        raise FileNotFoundError(f"no warehouse at {target}: run `make run` (or `appfacts run`) first")
    target.parent.mkdir(parents=True, exist_ok=True)
    config = {} if read_only else {"storage_compatibility_version": STORAGE_COMPATIBILITY}
    deadline = time.monotonic() + timeout_s
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(target), read_only=read_only, config=config)
            con.execute("SET TimeZone = 'UTC'")
            return con
        except duckdb.IOException as exc:
            msg = str(exc)
            if not _LOCK_RE.search(msg):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseLocked(
                    f"warehouse {target} is locked by {_holder(msg)} for more than {timeout_s:.0f}s. "
                    "DuckDB lets one process write, and only while no other process has the file "
                    "open (read-only DuckDB CLI and notebook sessions count too). Close that session, "
                    "then re-run (in the Dagster UI: Re-execute from failure; nothing was written). "
                    "For reads while refreshes run, open the read replica (appfacts.read.duckdb beside the "
                    "warehouse; `appfacts sql` reads it by default), which never blocks the writer."
                ) from exc
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 1.0)


def open_session(path: str | os.PathLike | None = None, *, read_only: bool = False,
                 timeout_s: float = 30.0) -> duckdb.DuckDBPyConnection:
    """connect(), plus pending migrations for writers. The caller closes it."""
    con = connect(path, read_only=read_only, timeout_s=timeout_s)
    if not read_only:
        try:
            migrate(con)
        except BaseException:
            con.close()
            raise
    return con


@contextmanager
def session(path: str | os.PathLike | None = None, *, read_only: bool = False,
            timeout_s: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection (connect per batch, so the lock is held briefly)."""
    con = open_session(path, read_only=read_only, timeout_s=timeout_s)
    try:
        yield con
    finally:
        con.close()


# --- migrations --------------------------------------------------------------------------------

def migrations() -> list[tuple[int, str, str]]:
    found = []
    for p in sorted(MIGRATIONS_DIR.glob("*.sql")):
        version = int(p.name.split("_", 1)[0])
        found.append((version, p.stem, p.read_text(encoding="utf-8")))
    return found


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations, each in its own transaction. Returns the names applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER NOT NULL, name VARCHAR NOT NULL, checksum VARCHAR NOT NULL,"
        " applied_at TIMESTAMPTZ NOT NULL)"
    )
    done = {v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, name, text in migrations():
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(text)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?, now())",
                [version, name, hashlib.sha256(text.encode()).hexdigest()],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    return fetch_one(con, "SELECT coalesce(max(version), 0) FROM schema_migrations")[0]


# --- appends -----------------------------------------------------------------------------------

def _check_table(table: str) -> tuple[str, ...]:
    if table not in EVENT_COLUMNS:
        raise ValueError(f"unknown event table {table!r}")
    return EVENT_COLUMNS[table]


def _row_hash_expr(table: str, alias: str) -> str:
    """SQL for a row's hash: sha256 over seq and its content columns, each cast to text, NULL
    spelled chr(0), separated by chr(31) (about 2x faster than hashing to_json of the row).
    Identifiers come from EVENT_COLUMNS, never from input."""
    parts = ", ".join(f"coalesce(CAST({alias}.{c} AS VARCHAR), chr(0))" for c in _check_table(table))
    return f"sha256(concat_ws(chr(31), CAST({alias}.seq AS VARCHAR), {parts}))"


@dataclass(frozen=True)
class AppendResult:
    table: str
    offered: int
    appended: int
    batch_id: str | None


def append_events(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict] | object,
                   *, recorded_at: datetime | None = None) -> AppendResult:
    """Append `rows` (dicts with EVENT_COLUMNS[table] keys, or a DataFrame/Arrow table with those
    columns) idempotently: rows whose event_id exists are skipped, duplicates within the batch
    collapse to the first. One transaction per batch; one ledger entry per non-empty batch."""
    cols = _check_table(table)
    if isinstance(rows, (list, tuple)):
        if not rows:
            return AppendResult(table, 0, 0, None)
        import pandas as pd

        frame = pd.DataFrame([{c: r.get(c) for c in cols} for r in rows], columns=list(cols))
        frame = frame.astype(object).where(frame.notna(), None)
    else:
        frame = rows
    offered = len(frame)
    if offered == 0:
        return AppendResult(table, 0, 0, None)
    recorded_at = recorded_at or datetime.now(timezone.utc)
    batch_id = uuid.uuid4().hex
    col_list = ", ".join(cols)
    con.register("_incoming", frame)
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            # One statement: cast to the table's types (so hashes match what verify re-reads),
            # number the rows, drop known ids (anti-join) and in-batch repeats, hash, insert.
            types = dict(fetch_all(con, "SELECT column_name, data_type FROM duckdb_columns() "
                                        "WHERE table_name = ? AND schema_name = 'main'", [table]))
            typed = ", ".join(f"CAST({c} AS {types[c]}) AS {c}" for c in cols)
            last_seq, = fetch_one(con, f"SELECT coalesce(max(seq), 0) FROM {table}")
            hash_expr = _row_hash_expr(table, "s")
            n = fetch_one(
                con,
                f"INSERT INTO {table} ({col_list}, seq, batch_id, recorded_at, row_hash)"
                f" SELECT {col_list}, seq, ?, ?, {hash_expr} FROM ("
                f"  SELECT *, ? + _ord AS seq FROM (SELECT {typed}, row_number() OVER () AS _ord FROM _incoming) i"
                f"  WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.event_id = i.event_id)"
                f"  QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY _ord) = 1) s",
                [batch_id, recorded_at, last_seq])[0]
            if n == 0:
                con.execute("ROLLBACK")
                return AppendResult(table, offered, 0, None)
            prev = fetch_one(
                con,
                "SELECT batch_hash, batch_seq FROM event_batches WHERE table_name = ?"
                " ORDER BY batch_seq DESC LIMIT 1", [table])
            prev_hash, prev_seq = (prev if prev else (GENESIS, 0))
            first_seq, last, n_rows, rows_hash = fetch_one(
                con, sql("batch_stats", table), {"batch_id": batch_id, "after_seq": last_seq})
            con.execute(sql("ledger_append"), {
                "table_name": table, "batch_seq": prev_seq + 1, "batch_id": batch_id,
                "first_seq": first_seq, "last_seq": last, "n_rows": n_rows, "rows_hash": rows_hash,
                "prev_hash": prev_hash, "recorded_at": recorded_at,
            })
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    finally:
        con.unregister("_incoming")
    return AppendResult(table, offered, n, batch_id)


# --- maintenance -------------------------------------------------------------------------------

def compact(con: duckdb.DuckDBPyConnection) -> int:
    """Physically re-order claim_events by (subject, predicate, seq). Every row, seq and hash is
    kept — the copy is checked row for row (count and a checksum of the row hashes) before it
    replaces the table, all in one transaction. Returns the number of rows."""
    fingerprint = "SELECT count(*), sum(hash(row_hash, seq)) FROM {t}"
    con.execute("BEGIN TRANSACTION")
    try:
        before = fetch_one(con, fingerprint.format(t="claim_events"))
        con.execute(sql("compact_claims"))
        after = fetch_one(con, fingerprint.format(t="claim_events_compacted"))
        if before != after:
            raise RuntimeError(f"compaction copy differs ({before} vs {after}); nothing changed")
        con.execute("DROP TABLE claim_events")
        con.execute("ALTER TABLE claim_events_compacted RENAME TO claim_events")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return before[0]


# --- verification ------------------------------------------------------------------------------

def event_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The event tables this warehouse has (a file not yet migrated lacks the newer ones)."""
    have = {r[0] for r in fetch_all(con, "SELECT table_name FROM duckdb_tables() "
                                         "WHERE schema_name = 'main' AND database_name = current_database()")}
    return [t for t in EVENT_COLUMNS if t in have]


@dataclass(frozen=True)
class VerifyProblem:
    table: str
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.table}: {self.where}: {self.what}"


def verify(con: duckdb.DuckDBPyConnection) -> list[VerifyProblem]:
    """Recompute every row hash, batch hash and chain link. Returns the problems found, first
    problem of each table first (empty list: intact)."""
    problems: list[VerifyProblem] = []
    for table in event_tables(con):
        bad_row = fetch_one(
            con,
            f"SELECT seq, event_id FROM {table} t WHERE row_hash IS DISTINCT FROM {_row_hash_expr(table, 't')}"
            " ORDER BY seq LIMIT 1")
        if bad_row:
            problems.append(VerifyProblem(table, f"event seq {bad_row[0]} ({bad_row[1]})",
                                          "content does not match its hash: the row was changed"))
        for row in con.execute(sql("verify_batches", table), {"table_name": table}).fetchall():
            batch_seq, batch_id, what = row
            where = (f"batch {batch_seq} ({batch_id})" if batch_seq is not None
                     else f"rows of batch_id {batch_id}, which has no ledger entry")
            problems.append(VerifyProblem(table, where, what))
            break
    return problems

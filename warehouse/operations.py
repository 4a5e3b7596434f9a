"""The pipeline's steps as plain functions over a DuckDB connection (Dagster assets call these).

ingest_documents → extract_claims → (validation, in expectations/) → compute_snapshot.
Each step is idempotent: re-running it with the same inputs appends nothing.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from itertools import repeat
from pathlib import Path
from typing import Callable, Iterable
from zoneinfo import ZoneInfo

import duckdb

from extraction.documents import SIDECAR_SUFFIX, DocumentRejected, iter_inbox, read_document
from extraction.models import Claim
from warehouse import events
from warehouse.store import append_events, sql

POLICY_VERSION = "policy-v3"
CONFIDENCE_THRESHOLD = 0.8  # policy-v3's threshold (migrations/009_policy_v3_confidence.sql)
FUTURE_TOLERANCE = timedelta(days=1)  # a publication date further ahead than this is an error


# --- documents ---------------------------------------------------------------------------------

@dataclass
class IngestReport:
    seen: int = 0
    ingested: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    appended: int = 0


def _display_path(path: Path, inbox: Path) -> str:
    """The path relative to the inbox's parent (links are not followed: a link is named as such)."""
    try:
        return str(path.absolute().relative_to(inbox.absolute().parent))
    except ValueError:
        return str(path)


INGEST_BATCH = 500  # files read, parsed and appended per transaction (bounds memory)


def file_signature(path: Path) -> str | None:
    """(size, mtime_ns, inode) of a document and of its sidecar: equal signatures mean the file
    was not rewritten, so its bytes need not be read again. None when it cannot be stat'ed."""
    def one(p: Path) -> str:
        st = p.stat()
        return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"
    try:
        side = path.with_name(path.name + SIDECAR_SUFFIX)
        return one(path) + "|" + (one(side) if side.is_file() else "-")
    except OSError:
        return None


def changed_files(con: duckdb.DuckDBPyConnection, inbox: Path) -> tuple[int, list[tuple[Path, str | None]]]:
    """(number of inbox files, [(path, signature)] of those new or changed since they were last
    ingested), found with one set-based query over the file-state table."""
    import pandas as pd

    paths = iter_inbox(inbox)
    scan = pd.DataFrame({"path": [str(p.absolute()) for p in paths],
                         "signature": [file_signature(p) or "" for p in paths]})
    con.register("_scan", scan)
    try:
        changed = {r[0] for r in con.execute(sql("changed_inbox_files")).fetchall()}
    finally:
        con.unregister("_scan")
    sig = dict(zip(scan["path"], scan["signature"]))
    return len(paths), [(p, sig[str(p.absolute())] or None) for p in paths if str(p.absolute()) in changed]


def ingest_documents(con: duckdb.DuckDBPyConnection, inbox: Path, run_id: str | None = None,
                     now: datetime | None = None, batch_size: int = INGEST_BATCH) -> IngestReport:
    """Append document_ingested / _duplicate / _rejected events for the new or changed files of
    `inbox`, in batches of `batch_size` (one transaction each). Files unchanged since they were
    last ingested (same size, mtime and inode) are not read. A bad file never stops the others."""
    inbox = Path(inbox)
    if not inbox.exists():
        raise FileNotFoundError(f"inbox {inbox} does not exist (set APPFACTS_INBOX to a folder of .txt/.md files)")
    now = now or datetime.now(timezone.utc)
    report = IngestReport()
    report.seen, todo = changed_files(con, inbox)
    for start in range(0, len(todo), batch_size):
        _ingest_batch(con, inbox, todo[start:start + batch_size], run_id, now, report)
    return report


def _ingest_batch(con, inbox: Path, files: list[tuple[Path, str | None]], run_id: str | None,
                  now: datetime, report: IngestReport) -> None:
    parsed: list[tuple[Path, str | None, object]] = []
    for path, signature in files:
        try:
            parsed.append((path, signature, read_document(path)))
        except DocumentRejected as exc:
            parsed.append((path, signature, exc))
    ids = list({d.doc_id for _, _, d in parsed if not isinstance(d, DocumentRejected)})
    known = {r[0]: (r[1], r[2]) for r in con.execute(sql("known_documents_of"), {"doc_ids": ids}).fetchall()}
    rows, seen = [], []
    for path, signature, doc in parsed:
        row = _document_event(path, inbox, doc, known, run_id, now, report)
        rows.append(row)
        # a future date may become valid later: such a file is read again on every refresh
        if signature and not (row["event_type"] == "document_rejected" and "in the future" in row["reason"]):
            seen.append({"path": str(path.absolute()), "signature": signature,
                         "outcome": row["event_type"], "doc_id": row.get("doc_id")})
    report.appended += append_events(con, "document_events", rows, recorded_at=now).appended
    _remember(con, "_seen", seen, ["path", "signature", "outcome", "doc_id"], sql("save_inbox_files"), {"now": now})


def _remember(con, name: str, rows: list[dict], cols: list[str], query: str, params: dict) -> None:
    """Run `query` over `rows` registered as table `name` (state tables, not events)."""
    if not rows:
        return
    import pandas as pd

    con.register(name, pd.DataFrame(rows, columns=cols))
    try:
        con.execute(query, params)
    finally:
        con.unregister(name)


def _document_event(path: Path, inbox: Path, doc, known: dict, run_id: str | None, now: datetime,
                    report: IngestReport) -> dict:
    """The event for one read file; `known` (doc_id -> (first path, first published_at)) grows."""
    shown = _display_path(path, inbox)
    if isinstance(doc, DocumentRejected):
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digest = None
        report.rejected.append((shown, doc.reason))
        return events.document_rejected(shown, digest, doc.reason, run_id)
    original = known.get(doc.doc_id)
    if original is not None and original[0] != shown:
        report.duplicates.append(shown)
        return events.document_duplicate(doc, shown, original[0], run_id)
    if doc.published_at is not None and doc.published_at > now + FUTURE_TOLERANCE:
        reason = (f"published_at {doc.published_at.date().isoformat()} is in the future; fix the date "
                  "(its claims would stay out of every snapshot until then)")
        report.rejected.append((shown, reason))
        return events.document_rejected(shown, doc.content_sha256, reason, run_id)
    if doc.published_at is not None:
        published_at, source = doc.published_at, doc.published_at_source or "front_matter"
    else:  # the knowable time first recorded for it stays (re-ingestion keeps ids stable)
        published_at, source = (original[1] if original else now), "ingestion_time"
    known.setdefault(doc.doc_id, (shown, published_at))
    report.ingested.append(shown)
    return events.document_ingested(doc, shown, published_at, source, run_id)


# --- claims ------------------------------------------------------------------------------------

@dataclass
class ExtractReport:
    documents: int = 0
    claims: int = 0
    asserted: int = 0
    retracted: int = 0
    kept_retracted: int = 0  # produced again but retracted by a person: left retracted
    rescored: int = 0  # asserted by an older extractor with another confidence: retracted and asserted again
    errors: list[tuple[str, str]] = field(default_factory=list)


ExtractFn = Callable[..., list[Claim]]


def _aware(when: datetime | None) -> datetime | None:
    """Naive times are UTC (as DuckDB stores them): one spelling, so claim ids stay stable."""
    return when.replace(tzinfo=timezone.utc) if when is not None and when.tzinfo is None else when


EXTRACT_BATCH = 512     # documents per batch: read, extracted, diffed and appended together
POOL_THRESHOLD = 64     # fewer pending documents than this: extract in this process


def extract_claims(con: duckdb.DuckDBPyConnection, extract: ExtractFn, extractor_version: str,
                   run_id: str | None = None, now: datetime | None = None, *,
                   workers: int | None = None, batch_size: int = EXTRACT_BATCH) -> ExtractReport:
    """Run the extractor over every ingested document this extractor version has not extracted
    yet, and append only the difference to what the log holds: claim_asserted for new claims,
    claim_retracted for claims an extractor made that this version no longer produces. Manual
    claims (actor not an extractor) are left alone, and so are manual retractions: a claim a person
    retracted is not asserted again (`appfacts assert` re-admits it).

    Documents go in batches of `batch_size` (memory stays flat); with at least POOL_THRESHOLD
    pending documents, extraction runs in a pool of `workers` processes (default: one per core)
    while this process stays the single writer. The result is the same as a serial run's."""
    now = now or datetime.now(timezone.utc)
    report = ExtractReport()
    pending = [r[0] for r in con.execute(sql("pending_extraction"),
                                         {"extractor_version": extractor_version}).fetchall()]
    workers = workers or os.cpu_count() or 1
    pool = None
    if workers > 1 and len(pending) >= POOL_THRESHOLD:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:  # batch k+1 is extracted by the pool while this process writes batch k
        in_flight = None
        for start in range(0, len(pending), batch_size):
            submitted = _submit_batch(con, pending[start:start + batch_size], extract, pool)
            if in_flight is not None:
                _write_batch(con, *in_flight, extractor_version, run_id, now, report)
            in_flight = submitted
        if in_flight is not None:
            _write_batch(con, *in_flight, extractor_version, run_id, now, report)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return report


Wanted = dict  # claim_id -> (Claim, valid_at): what the extractor states about one document


def extract_one(extract: ExtractFn, doc_id: str, body: str, published_at: datetime) -> Wanted | str:
    """The claims of one document by claim id (first of equal ids wins), or the error's text (one
    bad document must not stop the run). Runs in pool workers: pure, picklable in and out."""
    try:
        claims = extract(body, published_at=published_at)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    wanted: Wanted = {}
    for claim in claims:
        valid_at = _aware(claim.valid_at) or published_at
        wanted.setdefault(events.claim_id(doc_id, claim, valid_at), (claim, valid_at))
    return wanted


def _submit_batch(con, doc_ids: list[str], extract: ExtractFn, pool):
    """(doc_ids, documents, their extraction results as a lazy iterator) of one batch."""
    docs = con.execute(sql("documents_by_id"), {"doc_ids": doc_ids}).fetchall()
    args = (repeat(extract), [d[0] for d in docs], [d[2] for d in docs], [d[3] for d in docs])
    if pool is None:
        return doc_ids, docs, map(extract_one, *args)
    return doc_ids, docs, pool.map(extract_one, *args, chunksize=max(1, len(docs) // (4 * (os.cpu_count() or 1))))


def _write_batch(con, doc_ids: list[str], docs: list[tuple], outputs, extractor_version: str,
                 run_id: str | None, now: datetime, report: ExtractReport) -> None:
    """Diff one batch's extraction results against the log and append the difference."""
    state: dict[str, dict[str, tuple]] = {}
    for doc_id, cid, event_type, actor, n_events, conf in con.execute(sql("docs_claim_state"),
                                                                      {"doc_ids": doc_ids}).fetchall():
        state.setdefault(doc_id, {})[cid] = (cid, event_type, actor, n_events, conf)
    rows, vanished, extracted = [], [], []
    for (doc_id, source_path, _, published_at), wanted in zip(docs, outputs):
        report.documents += 1
        if isinstance(wanted, str):
            report.errors.append((source_path, wanted))
            continue
        report.claims += len(wanted)
        extracted.append({"doc_id": doc_id, "claims": len(wanted)})
        doc_state = state.get(doc_id, {})
        rows += _assertions(doc_id, published_at, wanted, doc_state, extractor_version, run_id, report)
        rows += _rescorings(con, doc_id, published_at, wanted, doc_state, extractor_version, run_id, report)
        vanished += [(cid, r[3]) for cid, r in doc_state.items()
                     if r[1] == "claim_asserted" and (r[2] or "").startswith("extractor") and cid not in wanted]
    rows += _retractions(con, vanished, f"not produced by {extractor_version}", extractor_version, run_id)
    report.retracted += len(vanished)
    append_events(con, "claim_events", rows, recorded_at=now)
    _remember(con, "_extracted", extracted, ["doc_id", "claims"], sql("record_extractions"),
              {"extractor_version": extractor_version, "run_id": run_id, "now": now})


def _rescorings(con, doc_id: str, published_at: datetime, wanted: dict, state: dict, extractor_version: str,
                run_id: str | None, report: ExtractReport) -> list[dict]:
    """A claim an older extractor asserted with another confidence is retracted ("re-scored") and asserted
    again with the new one, so the policy threshold reads the current extractor's confidence."""
    changed = [(cid, state[cid]) for cid, (claim, _) in wanted.items()
               if cid in state and state[cid][1] == "claim_asserted" and (state[cid][2] or "").startswith("extractor")
               and state[cid][2] != extractor_version and state[cid][4] is not None
               and abs(state[cid][4] - claim.confidence) >= 0.0005]
    rows = []
    for cid, (_, _, _, n_events, old) in changed:
        claim, valid_at = wanted[cid]
        rows += _retractions(con, [(cid, n_events)], f"re-scored by {extractor_version}: confidence {old:.3f} -> "
                             f"{claim.confidence:.3f}", extractor_version, run_id)
        rows.append(events.claim_event("claim_asserted", cid, n_events + 1, doc_id, claim, valid_at, published_at,
                                       extractor_version, extractor_version, None, run_id))
    report.rescored += len(changed)
    return rows


def _assertions(doc_id: str, published_at: datetime, wanted: dict, state: dict, extractor_version: str,
                run_id: str | None, report: ExtractReport) -> list[dict]:
    """claim_asserted events for the wanted claims that are not currently asserted."""
    rows = []
    for cid, (claim, valid_at) in wanted.items():
        current = state.get(cid)  # (claim_id, event_type, actor, n_events, confidence)
        if current is not None and current[1] == "claim_asserted":
            continue
        if current is not None and not (current[2] or "").startswith("extractor"):
            report.kept_retracted += 1  # a person retracted it: a re-run must not overrule them
            continue
        rows.append(events.claim_event(
            "claim_asserted", cid, current[3] if current else 0, doc_id, claim, valid_at, published_at,
            extractor_version, extractor_version, None, run_id))
        report.asserted += 1
    return rows


def _retractions(con, claims: list[tuple[str, int]], reason: str, actor: str, run_id: str | None) -> list[dict]:
    """claim_retracted events for (claim_id, generation) pairs, from each claim's latest event."""
    if not claims:
        return []
    cur = con.execute(sql("claims_latest"), {"claim_ids": [c for c, _ in claims]})
    names = [d[0] for d in cur.description]
    latest = {r[2]: dict(zip(names, r)) for r in cur.fetchall()}
    rows = []
    for cid, generation in claims:
        row = dict(latest[cid])
        row.update({"event_id": events.content_id("claim_retracted", cid, generation),
                    "event_type": "claim_retracted", "reason": reason, "actor": actor, "run_id": run_id})
        rows.append(row)
    return rows


def _retraction(con, cid: str, generation: int, reason: str, actor: str, run_id: str | None) -> dict:
    return _retractions(con, [(cid, generation)], reason, actor, run_id)[0]


def retract_claim(con, cid: str, reason: str, actor: str, run_id: str | None = None) -> bool:
    """Manual retraction (a new event; nothing is deleted). False when not currently asserted."""
    rows = con.execute(sql("claim_generation"), {"claim_id": cid}).fetchall()
    if not rows or rows[0][0] != "claim_asserted":
        return False
    append_events(con, "claim_events", [_retraction(con, cid, rows[0][1], reason, actor, run_id)])
    return True


# --- snapshots ---------------------------------------------------------------------------------

def end_of_day(day: date, tz: str = "UTC") -> datetime:
    """The last instant of `day` in timezone `tz`, as UTC."""
    start_next = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=ZoneInfo(tz))
    return (start_next - timedelta(microseconds=1)).astimezone(timezone.utc)


SNAPSHOT_FIELDS = ("fact_key", "subject_id", "predicate", "value", "object_id", "store", "country",
                   "chart", "region", "bound", "valid_at", "published_at", "claim_id", "doc_id",
                   "n_claims", "n_values", "conflict")


def _content_hash(rows: Iterable[dict]) -> str:
    return events.content_id(sorted(
        [r["fact_key"], r["claim_id"], r["n_claims"], r["n_values"], bool(r["conflict"])] for r in rows))


@dataclass
class SnapshotReport:
    snapshot_date: date
    facts: int
    appended: int
    computation_id: str | None
    conflicts: int


def compute_snapshot(con: duckdb.DuckDBPyConnection, day: date, tz: str = "UTC",
                     run_id: str | None = None, now: datetime | None = None) -> SnapshotReport:
    """Append the facts as of the end of `day`. A computation whose result equals the latest
    computation of that day appends nothing (so re-runs are idempotent); a different result is a
    new computation, and the old one stays."""
    now = now or datetime.now(timezone.utc)
    as_of = end_of_day(day, tz)
    known_at, claim_seq, validation_seq = con.execute(sql("log_prefix"), {"now": now}).fetchall()[0]
    cur = con.execute(sql("snapshot_facts"), {"as_of": as_of})
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    content = _content_hash(rows)
    cur = con.execute(sql("latest_snapshot"), {"snapshot_date": day})
    names = [d[0] for d in cur.description]
    previous = [dict(zip(names, r)) for r in cur.fetchall()]
    conflicts = sum(bool(r["conflict"]) for r in rows)
    if previous and _content_hash(previous) == content:
        return SnapshotReport(day, len(rows), 0, previous[0]["computation_id"], conflicts)
    if not rows and not previous:
        return SnapshotReport(day, 0, 0, None, 0)
    computation_id = events.content_id("snapshot", day.isoformat(), POLICY_VERSION, content,
                                       previous[0]["computation_id"] if previous else None)
    out = []
    for r in rows:
        row = {k: r[k] for k in SNAPSHOT_FIELDS}
        row.update({
            "event_id": events.content_id("fact_snapshot", computation_id, r["fact_key"]),
            "snapshot_date": day, "computation_id": computation_id, "computed_at": now,
            "policy_version": POLICY_VERSION, "run_id": run_id,
        })
        out.append(row)
    result = append_events(con, "fact_snapshots", out, recorded_at=now)
    append_events(con, "snapshot_computations", [{
        "event_id": events.content_id("snapshot_computation", computation_id),
        "computation_id": computation_id, "snapshot_date": day, "policy_version": POLICY_VERSION,
        "as_of": as_of, "known_at": known_at, "claim_seq": claim_seq, "validation_seq": validation_seq,
        "n_facts": len(rows), "content_hash": content, "run_id": run_id}], recorded_at=now)
    return SnapshotReport(day, len(rows), result.appended, computation_id, conflicts)


# --- reading -----------------------------------------------------------------------------------

def fetch_dicts(con: duckdb.DuckDBPyConnection, query: str, params=None) -> list[dict]:
    cur = con.execute(query, params) if params is not None else con.execute(query)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def current_facts(con: duckdb.DuckDBPyConnection, as_of: datetime | None = None,
                  known_at: datetime | None = None, subject: str | None = None) -> list[dict]:
    return fetch_dicts(con, sql("facts_query"), {
        "as_of": as_of or datetime.now(timezone.utc), "known_at": known_at, "subject": subject})


def explain(con: duckdb.DuckDBPyConnection, subject: str, predicate: str, as_of: datetime | None = None,
            known_at: datetime | None = None) -> list[dict]:
    """Rows of the explain_fact macro: every claim about (subject, predicate), why it wins or loses."""
    return fetch_dicts(con, sql("explain"), {"subject": subject, "predicate": predicate,
                                             "as_of": as_of or datetime.now(timezone.utc), "known_at": known_at})


def policy_text(con: duckdb.DuckDBPyConnection, version: str) -> str:
    """The recorded description of a resolution policy version (all its entries, oldest first)."""
    rows = con.execute(sql("policy_text"), {"version": version}).fetchall()
    return " ".join(r[0] for r in rows)


def export_snapshot(con: duckdb.DuckDBPyConnection, day: date, root: Path) -> Path | None:
    """Write the latest computation of `day` to ROOT/date=YYYY-MM-DD/snapshot.parquet (Hive
    layout, for Spark/Trino/pandas). Re-exporting replaces that one file; the events stay."""
    rel = con.sql(sql("export_snapshot"), params={"snapshot_date": day})
    if not rel.fetchall():
        return None
    target = Path(root) / f"date={day.isoformat()}" / "snapshot.parquet"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".parquet.tmp")
    con.sql(sql("export_snapshot"), params={"snapshot_date": day}).write_parquet(str(tmp))
    tmp.replace(target)
    return target


def find_document(con: duckdb.DuckDBPyConnection, ref: str) -> tuple[str, str, datetime]:
    """(doc_id, body, published_at) of the one ingested document a reference names: a doc_id, a
    unique prefix of one, or its source path. ValueError otherwise."""
    docs = con.execute(sql("find_document"), {"ref": ref}).fetchall()
    if len(docs) != 1:
        raise ValueError(f"{ref!r} matches {len(docs)} ingested documents; give a doc_id or its path")
    return docs[0]


def assert_claim(con: duckdb.DuckDBPyConnection, claim: Claim, doc_ref: str, actor: str, reason: str,
                 run_id: str | None = None) -> str:
    """A manual claim, grounded like any other: `doc_ref` is a doc_id (or a unique prefix of one)
    or the source path of an ingested document, and the claim's evidence must be in its body.
    Returns the claim_id. Raises ValueError naming what is wrong."""
    doc_id, body, published_at = find_document(con, doc_ref)
    valid_at = _aware(claim.valid_at) or published_at
    cid = events.claim_id(doc_id, claim, valid_at)
    if body[claim.evidence_start:claim.evidence_end] != claim.evidence_text:
        raise ValueError("the evidence does not slice the document body at the given offsets")
    state = con.execute(sql("claim_generation"), {"claim_id": cid}).fetchall()
    if state and state[0][0] == "claim_asserted":
        held = con.execute(sql("claim_confidence"), {"claim_id": cid}).fetchall()[0][0]
        if held is None or held >= CONFIDENCE_THRESHOLD or claim.confidence < CONFIDENCE_THRESHOLD:
            raise ValueError(f"claim {cid} is already asserted")
        # a person admits a claim the extractor held below the threshold (it was in the review view)
    generation = state[0][1] if state else 0
    append_events(con, "claim_events", [events.claim_event(
        "claim_asserted", cid, generation, doc_id, claim, valid_at, published_at,
        "manual", actor, reason, run_id)])
    return cid

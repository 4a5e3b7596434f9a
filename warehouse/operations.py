"""The pipeline's steps as plain functions over a DuckDB connection (Dagster assets call these).

ingest_documents → extract_claims → (validation, in expectations/) → compute_snapshot.
Each step is idempotent: re-running it with the same inputs appends nothing.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterable
from zoneinfo import ZoneInfo

import duckdb

from extraction.documents import DocumentRejected, iter_inbox, read_document
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


def ingest_documents(con: duckdb.DuckDBPyConnection, inbox: Path, run_id: str | None = None,
                     now: datetime | None = None) -> IngestReport:
    """Read every document of `inbox`; append document_ingested / _duplicate / _rejected events.
    A bad file never stops the others."""
    inbox = Path(inbox)
    if not inbox.exists():
        raise FileNotFoundError(f"inbox {inbox} does not exist (set APPFACTS_INBOX to a folder of .txt/.md files)")
    now = now or datetime.now(timezone.utc)
    known = {doc_id: path for doc_id, path in con.execute(
        sql("known_documents")).fetchall()}
    report = IngestReport()
    rows = []
    for path in iter_inbox(inbox):
        report.seen += 1
        shown = _display_path(path, inbox)
        try:
            doc = read_document(path)
        except DocumentRejected as exc:
            try:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                digest = None
            rows.append(events.document_rejected(shown, digest, exc.reason, run_id))
            report.rejected.append((shown, exc.reason))
            continue
        original = known.get(doc.doc_id)
        if original is not None and original != shown:
            rows.append(events.document_duplicate(doc, shown, original, run_id))
            report.duplicates.append(shown)
            continue
        if doc.published_at is not None and doc.published_at > now + FUTURE_TOLERANCE:
            rows.append(events.document_rejected(
                shown, doc.content_sha256,
                f"published_at {doc.published_at.date().isoformat()} is in the future; fix the date "
                "(its claims would stay out of every snapshot until then)", run_id))
            report.rejected.append((shown, rows[-1]["reason"]))
            continue
        known[doc.doc_id] = shown
        if doc.published_at is not None:
            published_at, source = doc.published_at, doc.published_at_source or "front_matter"
        else:
            prior = con.execute(sql("document_published_at"), {"doc_id": doc.doc_id}).fetchall()
            published_at, source = (prior[0][0], "ingestion_time") if prior else (now, "ingestion_time")
        rows.append(events.document_ingested(doc, shown, published_at, source, run_id))
        report.ingested.append(shown)
    result = append_events(con, "document_events", rows, recorded_at=now)
    report.appended = result.appended
    return report


# --- claims ------------------------------------------------------------------------------------

@dataclass
class ExtractReport:
    documents: int = 0
    claims: int = 0
    asserted: int = 0
    retracted: int = 0
    kept_retracted: int = 0  # produced again but retracted by a person: left retracted
    errors: list[tuple[str, str]] = field(default_factory=list)


ExtractFn = Callable[..., list[Claim]]


def _aware(when: datetime | None) -> datetime | None:
    """Naive times are UTC (as DuckDB stores them): one spelling, so claim ids stay stable."""
    return when.replace(tzinfo=timezone.utc) if when is not None and when.tzinfo is None else when


def extract_claims(con: duckdb.DuckDBPyConnection, extract: ExtractFn, extractor_version: str,
                   run_id: str | None = None, now: datetime | None = None) -> ExtractReport:
    """Run the extractor over every ingested document and append only the difference to what the
    log holds: claim_asserted for new claims, claim_retracted for claims an extractor made that
    this version no longer produces. Manual claims (actor not an extractor) are left alone, and so
    are manual retractions: a claim a person retracted is not asserted again (`appfacts assert`
    re-admits it)."""
    report = ExtractReport()
    docs = con.execute(sql("ingested_documents")).fetchall()
    rows: list[dict] = []
    for doc_id, source_path, body, published_at in docs:
        report.documents += 1
        try:
            claims = extract(body, published_at=published_at)
        except Exception as exc:  # one bad document must not stop the run; it is reported
            report.errors.append((source_path, f"{type(exc).__name__}: {exc}"))
            continue
        wanted: dict[str, tuple[Claim, datetime]] = {}
        for claim in claims:
            valid_at = _aware(claim.valid_at) or published_at
            cid = events.claim_id(doc_id, claim, valid_at)
            wanted.setdefault(cid, (claim, valid_at))
        report.claims += len(wanted)
        state = {r[0]: r for r in con.execute(sql("doc_claim_state"), {"doc_id": doc_id}).fetchall()}
        # state row: claim_id, event_type, actor, n_events
        for cid, (claim, valid_at) in wanted.items():
            current = state.get(cid)
            if current is not None and current[1] == "claim_asserted":
                continue
            if current is not None and not (current[2] or "").startswith("extractor"):
                report.kept_retracted += 1  # a person retracted it: a re-run must not overrule them
                continue
            generation = current[3] if current else 0
            rows.append(events.claim_event(
                "claim_asserted", cid, generation, doc_id, claim, valid_at, published_at,
                extractor_version, extractor_version, None, run_id))
            report.asserted += 1
        vanished = [cid for cid, r in state.items()
                    if r[1] == "claim_asserted" and r[2].startswith("extractor") and cid not in wanted]
        for cid in vanished:
            rows.append(_retraction(con, cid, state[cid][3], f"not produced by {extractor_version}",
                                    extractor_version, run_id))
            report.retracted += 1
    append_events(con, "claim_events", rows, recorded_at=now)
    return report


def _retraction(con, cid: str, generation: int, reason: str, actor: str, run_id: str | None) -> dict:
    cur = con.execute(sql("claim_latest"), {"claim_id": cid})
    names = [d[0] for d in cur.description]
    last = dict(zip(names, cur.fetchall()[0]))
    row = {k: last.get(k) for k in last}
    row.update({
        "event_id": events.content_id("claim_retracted", cid, generation),
        "event_type": "claim_retracted", "reason": reason, "actor": actor, "run_id": run_id,
    })
    return row


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

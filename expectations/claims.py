"""Suites over the claims: structural (blocking) and content (quarantining).

structural — a failure means the data is broken; downstream snapshots must not run:
  ids non-null and unique, predicate in the vocabulary, subject flagged resolved/unresolved,
  evidence offsets inside the document and `body[start:end] == evidence_text`, document exists.
content — a failure means one claim is implausible; it is quarantined (a validation event), kept
  in the log, left out of facts and snapshots, and the run goes on.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import great_expectations as gx
import pandas as pd

from extraction.models import PREDICATES
from expectations.runner import Spec, SuiteOutcome, run_suite
from warehouse import events
from warehouse.store import append_events

SQL_DIR = Path(__file__).resolve().parent / "sql"
STRUCTURAL_SUITE = "claims_structural"
STRUCTURAL_VERSION = "1"
CONTENT_SUITE = "claims_content"
CONTENT_VERSION = "2"  # v2: a metric more than 10x from the previous accepted value is held for review

E = gx.expectations


def _sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def structural_spec() -> Spec:
    return [
        ("event_id_not_null", lambda: E.ExpectColumnValuesToNotBeNull(column="event_id")),
        ("event_id_unique", lambda: E.ExpectColumnValuesToBeUnique(column="event_id")),
        ("claim_id_not_null", lambda: E.ExpectColumnValuesToNotBeNull(column="claim_id")),
        ("claim_id_unique", lambda: E.ExpectColumnValuesToBeUnique(column="claim_id")),
        ("subject_not_null", lambda: E.ExpectColumnValuesToNotBeNull(column="subject_id")),
        ("predicate_in_vocabulary",
         lambda: E.ExpectColumnValuesToBeInSet(column="predicate", value_set=sorted(PREDICATES))),
        ("subject_resolved_or_flagged",
         lambda: E.ExpectColumnValuesToNotBeNull(column="subject_resolved")),
        ("document_exists", lambda: E.ExpectColumnValuesToBeInSet(column="doc_exists", value_set=[True])),
        ("evidence_inside_document",
         lambda: E.ExpectColumnValuesToBeInSet(column="evidence_inside", value_set=[True])),
        ("evidence_slices_document",
         lambda: E.ExpectColumnValuesToBeInSet(column="evidence_matches", value_set=[True])),
    ]


def content_spec() -> Spec:
    return [
        ("user_metric_between_1_and_8.2e9", lambda: E.ExpectColumnValuesToBeBetween(
            column="user_metric_value", min_value=1, max_value=8.2e9)),
        ("downloads_between_1_and_5e10", lambda: E.ExpectColumnValuesToBeBetween(
            column="downloads_value", min_value=1, max_value=5e10)),
        ("rank_between_1_and_1000", lambda: E.ExpectColumnValuesToBeBetween(
            column="rank_value", min_value=1, max_value=1000)),
        ("confidence_in_0_1", lambda: E.ExpectColumnValuesToBeBetween(
            column="confidence", min_value=0, max_value=1)),
        ("valid_at_not_after_published_plus_1_day", lambda: E.ExpectColumnValuesToBeBetween(
            column="valid_after_published_days", max_value=1)),
        ("dau_not_above_mau", lambda: E.ExpectColumnValuesToBeInSet(
            column="dau_exceeds_mau", value_set=[False])),
        ("within_10x_of_previous_accepted", lambda: E.ExpectColumnValuesToBeInSet(
            column="jump_over_10x", value_set=[False])),
    ]


def structural_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Current claims with doc_exists, evidence_inside and evidence_matches computed in SQL
    (shipping every claim's document body into pandas took GBs at 10k documents)."""
    return con.execute(_sql("claims_structural_frame")).df()


def validate_structure(con: duckdb.DuckDBPyConnection) -> tuple[SuiteOutcome, pd.DataFrame]:
    frame = structural_frame(con)
    return run_suite(STRUCTURAL_SUITE, STRUCTURAL_VERSION, structural_spec(), frame), frame


@dataclass
class ContentReport:
    outcome: SuiteOutcome
    judged: int
    quarantined: list[dict]   # claim_id, failed, subject_id, predicate, value, evidence_text
    appended: int


def validate_content(con: duckdb.DuckDBPyConnection, run_id: str | None = None, *, full: bool = False,
                     chunks: int = 1) -> ContentReport:
    """Judge claims with the content suite and append one validation event per claim and outcome.
    Default: only claims this suite version has not judged (each run's new claims). `full=True`
    re-judges every current claim (the nightly pass), in `chunks` batches to bound memory; an
    unchanged outcome has the same event id, so only changes are appended."""
    outcomes, quarantined, judged, appended = [], [], 0, 0
    for chunk in range(chunks):
        frame = con.execute(_sql("claims_content_frame"), {
            "suite": CONTENT_SUITE, "suite_version": CONTENT_VERSION, "only_unjudged": not full,
            "chunk": chunk, "n_chunks": chunks}).df()
        outcome = run_suite(CONTENT_SUITE, CONTENT_VERSION, content_spec(), frame)
        outcomes.append(outcome)
        failing = outcome.failing_rows()
        rows = []
        for i, rec in enumerate(frame.itertuples(index=False)):
            failed = failing.get(i)
            verdict = "quarantined" if failed else "passed"
            rows.append({
                "event_id": events.content_id("validation", rec.claim_id, CONTENT_SUITE, CONTENT_VERSION, verdict),
                "target_kind": "claim", "target_id": rec.claim_id, "suite": CONTENT_SUITE,
                "suite_version": CONTENT_VERSION, "outcome": verdict,
                "failed": ";".join(failed) if failed else None, "reason": None,
                "actor": f"{CONTENT_SUITE}-v{CONTENT_VERSION}", "run_id": run_id,
            })
            if failed:
                quarantined.append({"claim_id": rec.claim_id, "failed": ";".join(failed),
                                    "subject_id": rec.subject_id, "predicate": rec.predicate,
                                    "value": rec.value, "evidence_text": rec.evidence_text})
        judged += len(frame)
        appended += append_events(con, "validation_events", rows).appended
    merged = outcomes[0]
    for extra in outcomes[1:]:
        merged.rows += extra.rows
        merged.outcomes += extra.outcomes
        merged.results += extra.results
    return ContentReport(merged, judged, quarantined, appended)


def release_claim(con: duckdb.DuckDBPyConnection, claim_id: str, reason: str, actor: str) -> bool:
    """Re-admit a reviewed quarantined claim (a new `released` event; the quarantine stays in the
    log). False when the claim is not currently quarantined."""
    rows = con.execute("SELECT claim_id FROM quarantined_claims() WHERE claim_id = ?", [claim_id]).fetchall()
    if not rows:
        return False
    n = con.execute("SELECT count(*) FROM validation_events WHERE target_id = ?", [claim_id]).fetchall()[0][0]
    append_events(con, "validation_events", [{
        "event_id": events.content_id("validation", claim_id, "manual_review", n, "released"),
        "target_kind": "claim", "target_id": claim_id, "suite": "manual_review",
        "suite_version": "1", "outcome": "released", "failed": None, "reason": reason,
        "actor": actor, "run_id": None,
    }])
    return True

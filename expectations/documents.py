"""Suite over document_events (structural, blocking): every event well-formed, every rejection
and duplicate explained, every ingested document with text, an id and a knowable time."""
from __future__ import annotations

from pathlib import Path

import duckdb
import great_expectations as gx

from expectations.runner import Spec, SuiteOutcome, run_suite

SQL_DIR = Path(__file__).resolve().parent / "sql"
SUITE = "documents_structural"
VERSION = "1"
EVENT_TYPES = ["document_ingested", "document_rejected", "document_duplicate"]
PUBLISHED_AT_SOURCES = ["front_matter", "sidecar", "inferred", "ingestion_time"]

E = gx.expectations


def spec() -> Spec:
    return [
        ("event_id_not_null", lambda: E.ExpectColumnValuesToNotBeNull(column="event_id")),
        ("event_id_unique", lambda: E.ExpectColumnValuesToBeUnique(column="event_id")),
        ("event_type_in_vocabulary", lambda: E.ExpectColumnValuesToBeInSet(column="event_type", value_set=EVENT_TYPES)),
        ("source_path_not_null", lambda: E.ExpectColumnValuesToNotBeNull(column="source_path")),
        ("published_at_source_known", lambda: E.ExpectColumnValuesToBeInSet(
            column="published_at_source", value_set=PUBLISHED_AT_SOURCES)),
        ("ingested_has_text", lambda: E.ExpectColumnValuesToBeInSet(column="body_ok", value_set=[True])),
        ("ingested_has_id_and_time", lambda: E.ExpectColumnValuesToBeInSet(column="ids_ok", value_set=[True])),
        ("rejections_have_a_reason", lambda: E.ExpectColumnValuesToBeInSet(column="reason_ok", value_set=[True])),
    ]


def validate(con: duckdb.DuckDBPyConnection) -> SuiteOutcome:
    frame = con.execute((SQL_DIR / "documents_frame.sql").read_text(encoding="utf-8")).df()
    return run_suite(SUITE, VERSION, spec(), frame)

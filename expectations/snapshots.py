"""Suite over fact_snapshots: one row per fact key per computation, a known policy, sane counts,
and no row using news published after its snapshot day (no look-ahead)."""
from __future__ import annotations

from pathlib import Path

import duckdb
import great_expectations as gx

from expectations.runner import Spec, SuiteOutcome, run_suite

SQL_DIR = Path(__file__).resolve().parent / "sql"
SUITE = "snapshots_structural"
VERSION = "1"
POLICIES = ["policy-v1", "policy-v2", "policy-v3"]

E = gx.expectations


def spec() -> Spec:
    return [
        ("event_id_unique", lambda: E.ExpectColumnValuesToBeUnique(column="event_id")),
        ("one_row_per_key_per_computation", lambda: E.ExpectColumnValuesToBeUnique(column="computation_key")),
        ("winning_claim_recorded", lambda: E.ExpectColumnValuesToNotBeNull(column="claim_id")),
        ("policy_known", lambda: E.ExpectColumnValuesToBeInSet(column="policy_version", value_set=POLICIES)),
        ("n_claims_positive", lambda: E.ExpectColumnValuesToBeBetween(column="n_claims", min_value=1)),
        ("n_values_within_n_claims", lambda: E.ExpectColumnValuesToBeInSet(column="counts_ok", value_set=[True])),
        ("no_look_ahead", lambda: E.ExpectColumnValuesToBeInSet(column="no_look_ahead", value_set=[True])),
    ]


def validate(con: duckdb.DuckDBPyConnection) -> SuiteOutcome:
    frame = con.execute((SQL_DIR / "snapshots_frame.sql").read_text(encoding="utf-8")).df()
    return run_suite(SUITE, VERSION, spec(), frame)

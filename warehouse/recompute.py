"""Re-verify stored snapshots: recompute each computation from the log prefix it was computed on
(recorded in snapshot_computations, or inferred from computed_at for computations older than
migration 007) under the policy version it names, and compare row by row. No Dagster here."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import duckdb

from warehouse import events
from warehouse.operations import SNAPSHOT_FIELDS, end_of_day, fetch_dicts
from warehouse.store import append_events, sql

# Frozen macros of each policy version (migration 007); a policy not listed cannot be recomputed.
POLICY_MACROS = {"policy-v1": "facts_as_of_v1", "policy-v2": "facts_as_of_v2", "policy-v3": "facts_as_of_v3"}
SUITE = "snapshot_recompute"
SUITE_VERSION = "1"
MAX_DIFFERENCES = 20


@dataclass
class ComputationCheck:
    computation_id: str
    snapshot_date: date
    policy_version: str
    prefix_source: str          # recorded | inferred from computed_at
    known_at: datetime
    claim_seq: int
    validation_seq: int
    stored: int = 0
    recomputed: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (a != a and b != b)
    return a == b


def _compare(stored: list[dict], fresh: list[dict]) -> list[str]:
    out: list[str] = []
    s_by, f_by = {r["fact_key"]: r for r in stored}, {r["fact_key"]: r for r in fresh}
    for key in sorted(s_by.keys() | f_by.keys()):
        s, f = s_by.get(key), f_by.get(key)
        if f is None:
            out.append(f"{key}: stored, but the recomputation has no such fact (winner {s['claim_id'][:12]})")
        elif s is None:
            out.append(f"{key}: recomputed (winner {f['claim_id'][:12]}, value {f['value'] if f['value'] is not None else f['object_id']}), but not stored")
        else:
            for col in SNAPSHOT_FIELDS[1:]:
                if not _same(s[col], f[col]):
                    out.append(f"{key}: {col} stored {s[col]!r}, recomputed {f[col]!r}")
    if len(s_by) != len(stored):
        out.append(f"{len(stored) - len(s_by)} fact keys are stored more than once")
    return out


def check_computation(con: duckdb.DuckDBPyConnection, prefix: dict, tz: str = "UTC") -> ComputationCheck:
    """Recompute one computation (a row of the snapshot_prefixes view) and compare."""
    chk = ComputationCheck(prefix["computation_id"], prefix["snapshot_date"], prefix["policy_version"],
                           prefix["prefix_source"], prefix["known_at"], prefix["claim_seq"],
                           prefix["validation_seq"])
    stored = fetch_dicts(con, sql("stored_snapshot"), {"computation_id": chk.computation_id})
    chk.stored = len(stored)
    macro = POLICY_MACROS.get(chk.policy_version)
    if macro is None:
        chk.differences.append(f"policy {chk.policy_version!r} has no recompute macro in this version of appfacts")
        return chk
    gaps = con.execute(sql("prefix_consistency"), {"known_at": chk.known_at, "claim_seq": chk.claim_seq,
                                                   "validation_seq": chk.validation_seq}).fetchall()[0]
    if any(gaps):
        chk.differences.append(f"events recorded by {chk.known_at} are not the prefix up to claim seq "
                               f"{chk.claim_seq} / validation seq {chk.validation_seq} (gaps {gaps}): "
                               "the log's recorded_at order differs from its seq order")
    as_of = prefix.get("as_of") or end_of_day(chk.snapshot_date, tz)
    fresh = fetch_dicts(con, sql("recompute_snapshot").replace("{macro}", macro),
                        {"as_of": as_of, "known_at": chk.known_at})
    chk.recomputed = len(fresh)
    if prefix.get("n_facts") is not None and prefix["prefix_source"] == "recorded" and prefix["n_facts"] != len(stored):
        chk.differences.append(f"the computation recorded {prefix['n_facts']} facts; {len(stored)} rows are stored")
    chk.differences += _compare(stored, fresh)
    del chk.differences[MAX_DIFFERENCES:]
    return chk


def prefixes(con: duckdb.DuckDBPyConnection, day: date | None = None, unverified_only: bool = False) -> list[dict]:
    return fetch_dicts(con, sql("snapshot_prefixes"), {"day": day, "unverified_only": unverified_only,
                                                      "suite": SUITE, "suite_version": SUITE_VERSION})


def verify_snapshots(con: duckdb.DuckDBPyConnection, day: date | None = None, tz: str = "UTC",
                     unverified_only: bool = False) -> list[ComputationCheck]:
    """Every stored computation of `day` (all days when None), recomputed and compared."""
    return [check_computation(con, p, tz) for p in prefixes(con, day, unverified_only)]


def record_outcomes(con: duckdb.DuckDBPyConnection, checks: list[ComputationCheck], run_id: str | None) -> int:
    """One validation event per checked computation (target_kind 'computation'): passed, or failed
    with the first difference. The nightly check re-verifies only computations without a pass; the
    ledger check proves a passed computation's rows unchanged since."""
    rows = [{
        "event_id": events.content_id("validation", c.computation_id, SUITE, SUITE_VERSION,
                                      "passed" if c.ok else c.differences),
        "target_kind": "computation", "target_id": c.computation_id, "suite": SUITE,
        "suite_version": SUITE_VERSION, "outcome": "passed" if c.ok else "failed",
        "failed": None if c.ok else c.differences[0][:500], "reason": None,
        "actor": f"{SUITE}-v{SUITE_VERSION}", "run_id": run_id,
    } for c in checks]
    return append_events(con, "validation_events", rows).appended

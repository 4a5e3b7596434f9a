"""facts_as_of (resolution policy v2) against a plain-Python reading of the policy text, over
random event logs: assertions, retractions, re-assertions, quarantines and releases, recorded in
batches at different system times."""
from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warehouse import store

UTC = timezone.utc
BASE = datetime(2024, 3, 1, tzinfo=UTC)
# Sub-second, same-day and next-day neighbours, so truncation to the second and day boundaries matter.
TIMES = [BASE, BASE + timedelta(microseconds=400_000), BASE + timedelta(hours=13),
         BASE + timedelta(days=1), BASE + timedelta(days=1, seconds=1), BASE + timedelta(days=3)]
AS_OF = [BASE + timedelta(hours=12), BASE + timedelta(days=1, seconds=1), BASE + timedelta(days=10)]
SUBJECTS = ["tiktok", "xiaohongshu"]
# (predicate, store, country, value, object_id)
STATEMENTS = [
    ("monthly_active_users", None, None, 3e8, None),
    ("monthly_active_users", None, None, 2e8, None),
    ("monthly_active_users", None, "US", 3e8, None),
    ("chart_rank", "app_store", "US", 1.0, None),
    ("chart_rank", "app_store", "US", 2.0, None),
    ("owned_by", None, None, None, "bytedance"),
    ("owned_by", None, None, None, "ByteDance"),
    ("owned_by", None, None, None, "tencent"),
    ("also_known_as", None, None, None, "RedNote"),
    ("also_known_as", None, None, None, "rednote"),
]
CLAIM = st.tuples(st.sampled_from(SUBJECTS), st.sampled_from(STATEMENTS), st.sampled_from(TIMES),
                  st.sampled_from(TIMES), st.sampled_from([0.5, 0.85, 0.9, 0.9004]))
# An action on claim number k: assert it (again), retract it, quarantine it, release it.
ACTION = st.tuples(st.sampled_from(["assert", "assert", "assert", "retract", "quarantine", "release"]),
                   st.integers(0, 7))
LOG = st.tuples(st.lists(CLAIM, min_size=1, max_size=8),
                st.lists(st.lists(ACTION, min_size=1, max_size=6), min_size=1, max_size=3))


def _claim_row(cid: str, c, event_type: str, n: int) -> dict:
    subject, (predicate, store_, country, value, obj), valid_at, published_at, conf = c
    return {"event_id": f"{cid}-{event_type}-{n}", "event_type": event_type, "claim_id": cid,
            "doc_id": "d1", "subject_id": subject, "subject_resolved": True, "predicate": predicate,
            "value": value, "object_id": obj, "unit": None, "store": store_, "country": country,
            "chart": "top_free" if store_ else None, "region": None, "bound": "exact",
            "valid_at": valid_at, "published_at": published_at, "evidence_start": 0, "evidence_end": 1,
            "evidence_text": "x", "confidence": conf, "extractor_version": "t", "actor": "t",
            "reason": "test" if event_type == "claim_retracted" else None}


def _key(r: dict) -> tuple:
    p = r["predicate"]
    plain = p not in ("owned_by", "also_known_as", "version_of")
    return (r["subject_id"], p, r["object_id"].lower() if p in ("also_known_as", "version_of") else None,
            r["store"] if plain else None, r["country"] if plain else None,
            r["chart"] if plain else None, r["region"] if plain else None)


def _secs(t: datetime) -> int:
    return math.floor(t.timestamp())


def _expected(events: list[dict], validations: list[dict], as_of: datetime,
              known_at: datetime | None) -> dict:
    """The policy-v2 text, read literally."""
    events = [e for e in events if known_at is None or e["recorded_at"] <= known_at]
    validations = [v for v in validations if known_at is None or v["recorded_at"] <= known_at]
    retracted = {}
    for e in events:
        if e["event_type"] == "claim_retracted":
            retracted[e["claim_id"]] = max(retracted.get(e["claim_id"], -1), e["seq"])
    latest_outcome = {}
    for v in sorted(validations, key=lambda v: v["seq"]):
        latest_outcome[v["target_id"]] = v["outcome"]
    groups: dict[tuple, list[dict]] = {}
    for e in events:
        if (e["event_type"] == "claim_asserted" and e["seq"] > retracted.get(e["claim_id"], -1)
                and latest_outcome.get(e["claim_id"]) != "quarantined"
                and e["published_at"] <= as_of and e["valid_at"] <= as_of):
            groups.setdefault(_key(e), []).append(e)
    out = {}
    for key, rows in groups.items():
        win = max(rows, key=lambda r: (_secs(r["valid_at"]), math.floor(r["confidence"] * 1000 + 0.5),
                                       _secs(r["published_at"]), r["seq"]))
        value_of = lambda r: (r["value"], (r["object_id"] or "").lower())  # noqa: E731
        day = max(r["valid_at"].date() for r in rows)
        on_day = {value_of(r) for r in rows if r["valid_at"].date() == day}
        out[key] = (win["claim_id"], len(rows), 1 if len({value_of(r) for r in rows}) == 1 else 2,
                    len(on_day) > 1)
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(log=LOG)
def test_facts_as_of_follows_policy_v2(tmp_path_factory, log):
    claims, batches = log
    path = tmp_path_factory.mktemp("resolution") / "w.duckdb"
    recorded = [datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=i) for i in range(len(batches))]
    counter = 0
    with store.session(path) as con:
        for batch, at in zip(batches, recorded):
            claim_rows, validation_rows = [], []
            for action, k in batch:
                counter += 1
                cid = f"c{k % len(claims)}"
                c = claims[k % len(claims)]
                if action in ("assert", "retract"):
                    etype = "claim_asserted" if action == "assert" else "claim_retracted"
                    claim_rows.append(_claim_row(cid, c, etype, counter))
                else:
                    validation_rows.append({"event_id": f"v{counter}", "target_kind": "claim", "target_id": cid,
                                            "suite": "s", "suite_version": "1", "actor": "t",
                                            "outcome": "quarantined" if action == "quarantine" else "released"})
            store.append_events(con, "claim_events", claim_rows, recorded_at=at)
            store.append_events(con, "validation_events", validation_rows, recorded_at=at)
        events = [dict(zip([d[0] for d in con.description], r)) for r in
                  con.execute("SELECT * FROM claim_events").fetchall()]
        validations = [dict(zip([d[0] for d in con.description], r)) for r in
                       con.execute("SELECT * FROM validation_events").fetchall()]
        for as_of in AS_OF:
            for known_at in [None] + recorded:
                got = {r[:7]: r[7:] for r in con.execute(
                    "SELECT subject_id, predicate, CASE WHEN predicate IN ('also_known_as', 'version_of') "
                    "THEN lower(object_id) END, store, country, chart, region, claim_id, n_claims, n_values, "
                    "conflict FROM facts_as_of(?, known_at := ?)", [as_of, known_at]).fetchall()}
                expected = _expected(events, validations, as_of, known_at)
                assert got == expected, (as_of, known_at)
                for subject in SUBJECTS:
                    one = con.execute("SELECT claim_id, n_claims, conflict FROM subject_facts_as_of(?, ?, known_at := ?) "
                                      "ORDER BY ALL", [subject, as_of, known_at]).fetchall()
                    every = con.execute("SELECT claim_id, n_claims, conflict FROM facts_as_of(?, known_at := ?) "
                                        "WHERE subject_id = ? ORDER BY ALL", [as_of, known_at, subject]).fetchall()
                    assert one == every


def test_exact_ties_go_to_the_claim_recorded_last(con):
    base = ("tiktok", STATEMENTS[0], TIMES[0], TIMES[0], 0.9)
    other = ("tiktok", STATEMENTS[1], TIMES[1], TIMES[1], 0.9)  # 0.4 s later: the same second
    store.append_events(con, "claim_events", [_claim_row("c-late", other, "claim_asserted", 2)])
    store.append_events(con, "claim_events", [_claim_row("c-early", base, "claim_asserted", 1)])
    rows = con.execute("SELECT claim_id, n_claims, n_values, conflict, policy_version "
                       "FROM facts_as_of(TIMESTAMPTZ '2024-03-02')").fetchall()
    assert rows == [("c-early", 2, 2, True, "policy-v2")]
    assert con.execute("SELECT count(*) FROM resolution_policies WHERE policy_version = 'policy-v2'").fetchall() == [(1,)]


def test_the_valid_day_is_the_utc_day_in_facts_and_conflicts(con):
    late = ("tiktok", STATEMENTS[0], datetime(2024, 3, 1, 23, 30, tzinfo=UTC), TIMES[0], 0.9)
    early = ("tiktok", STATEMENTS[1], datetime(2024, 3, 2, 0, 30, tzinfo=UTC), TIMES[0], 0.9)
    store.append_events(con, "claim_events", [_claim_row("c1", late, "claim_asserted", 1),
                                              _claim_row("c2", early, "claim_asserted", 2)])
    for tz in ("UTC", "America/New_York", "Asia/Shanghai"):
        con.execute(f"SET TimeZone = '{tz}'")
        assert con.execute("SELECT conflict FROM facts").fetchall() == [(False,)], tz
        assert con.execute("SELECT count(*) FROM conflicts").fetchall() == [(0,)], tz
    same_day = ("tiktok", STATEMENTS[1], datetime(2024, 3, 1, 1, 0, tzinfo=UTC), TIMES[0], 0.9)
    store.append_events(con, "claim_events", [_claim_row("c3", same_day, "claim_asserted", 3)])
    con.execute("SET TimeZone = 'America/New_York'")
    assert con.execute("SELECT count(*) FROM conflicts").fetchall() == [(2,)]
    con.execute("SET TimeZone = 'UTC'")

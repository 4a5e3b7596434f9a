"""facts_as_of (resolution policy v2) against a plain-Python reading of the policy text, over
event logs: assertions, retractions, re-assertions, quarantines and releases, recorded in batches
at different system times. The property test is derandomized (the same examples every run, in CI
too) and starts with explicit examples of each boundary; the deterministic tests below it pin
the ordering and the no-look-ahead rule one by one."""
from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, example, given, settings
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
                  st.sampled_from(TIMES), st.sampled_from([0.5, 0.8, 0.85, 0.9, 0.9004]))
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
    """The policy-v3 text, read literally: policy-v2 plus the confidence threshold 0.8."""
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
                and e["published_at"] <= as_of and e["valid_at"] <= as_of and e["confidence"] >= 0.8):
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


MAU, MAU2, MAU_US, RANK1, RANK2, OWNED, OWNED_CASE, OWNED2, AKA, AKA_LOWER = STATEMENTS
T0, T0_4, T13H, T1D, T1D1S, T3D = TIMES
ASSERT_ALL = [[("assert", k) for k in range(8)]]


@settings(max_examples=40, deadline=None,  # derandomized by the "ci" profile (tests/conftest.py)
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(log=LOG)
# the latest valid_at wins although it has the lower confidence and the earlier publication
@example(log=([("tiktok", MAU, T0, T1D, 0.9), ("tiktok", MAU2, T1D, T1D, 0.8)], ASSERT_ALL))
@example(log=([("tiktok", MAU2, T1D, T1D, 0.8), ("tiktok", MAU, T0, T1D1S, 0.9)], ASSERT_ALL))
# look-ahead: valid long before T, published after T (out at T = BASE + 12 h, in later)
@example(log=([("tiktok", MAU, T0, T0, 0.8), ("tiktok", MAU2, T0_4, T3D, 0.9)], ASSERT_ALL))
# a forecast: published before T, valid after it (out until its valid time)
@example(log=([("tiktok", MAU, T0, T0, 0.8), ("tiktok", MAU2, T3D, T0, 0.9)], ASSERT_ALL))
# boundaries: published / valid exactly at T (T = BASE + 1 day + 1 s) count
@example(log=([("xiaohongshu", RANK1, T1D, T1D, 0.9), ("xiaohongshu", RANK2, T1D1S, T1D1S, 0.85)], ASSERT_ALL))
# same second (0.4 s apart), same confidence to 0.001: published_at, then seq decides
@example(log=([("tiktok", MAU, T0, T0_4, 0.9), ("tiktok", MAU2, T0_4, T0, 0.9004)], ASSERT_ALL))
@example(log=([("tiktok", MAU, T0_4, T1D, 0.9), ("tiktok", MAU2, T0, T1D, 0.9004)], ASSERT_ALL))
# published_at decides before the recording order: the later publication was recorded first
@example(log=([("tiktok", MAU, T0, T1D, 0.9), ("tiktok", MAU2, T0_4, T0, 0.9)], ASSERT_ALL))
# confidence decides within the same valid second
@example(log=([("tiktok", MAU, T0, T1D, 0.85), ("tiktok", MAU2, T0, T0, 0.9)], ASSERT_ALL))
# conflict: two values on one UTC day (13 h apart) but not across midnight
@example(log=([("tiktok", MAU, T0, T0, 0.9), ("tiktok", MAU2, T13H, T13H, 0.8),
               ("xiaohongshu", MAU, T13H, T13H, 0.9), ("xiaohongshu", MAU2, T1D, T1D, 0.9)], ASSERT_ALL))
# fact keys: owned_by ignores case of the same object, aliases compare case-insensitively,
# a country is its own key
@example(log=([("tiktok", OWNED, T0, T0, 0.9), ("tiktok", OWNED_CASE, T0, T0, 0.9), ("tiktok", OWNED2, T0, T0, 0.8),
               ("xiaohongshu", AKA, T0, T0, 0.9), ("xiaohongshu", AKA_LOWER, T1D, T1D, 0.9),
               ("xiaohongshu", MAU_US, T0, T0, 0.9), ("xiaohongshu", MAU, T0, T0, 0.9)], ASSERT_ALL))
# retraction, then re-assertion, seen through known_at
@example(log=([("tiktok", MAU, T0, T0, 0.9), ("tiktok", MAU2, T0, T0, 0.8)],
              [[("assert", 0), ("assert", 1)], [("retract", 0)], [("assert", 0), ("retract", 1)]]))
# quarantine, then release, seen through known_at; a quarantine later than the release wins
@example(log=([("tiktok", MAU, T1D, T1D, 0.9), ("tiktok", MAU2, T0, T0, 0.8)],
              [[("assert", 0), ("assert", 1), ("quarantine", 0)], [("release", 0), ("quarantine", 1)],
               [("quarantine", 0)]]))
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
    assert rows == [("c-early", 2, 2, True, "policy-v3")]
    assert con.execute("SELECT count(*) FROM resolution_policies WHERE policy_version = 'policy-v3'").fetchall() == [(1,)]


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


def _winner(con, as_of, known_at=None) -> list[tuple]:
    return con.execute("SELECT claim_id, n_claims FROM facts_as_of(?, known_at := ?) ORDER BY ALL",
                       [as_of, known_at]).fetchall()


def test_a_claim_valid_before_t_but_published_after_t_is_not_used_as_of_t(con):
    """"In the third quarter" written in February: valid in January, knowable only in February."""
    jan5, jan6 = datetime(2025, 1, 5, tzinfo=UTC), datetime(2025, 1, 6, tzinfo=UTC)
    jan10, feb1 = datetime(2025, 1, 10, tzinfo=UTC), datetime(2025, 2, 1, 9, 0, tzinfo=UTC)
    store.append_events(con, "claim_events", [
        _claim_row("known", ("tiktok", MAU2, jan5, jan6, 0.9), "claim_asserted", 1),
        _claim_row("later-news", ("tiktok", MAU, jan10, feb1, 0.9), "claim_asserted", 2)])
    jan15 = datetime(2025, 1, 15, 23, 59, 59, tzinfo=UTC)
    assert _winner(con, jan15) == [("known", 1)]
    assert con.execute("SELECT claim_id FROM eligible_claims(?)", [jan15]).fetchall() == [("known",)]
    assert _winner(con, feb1 - timedelta(microseconds=1)) == [("known", 1)]
    assert _winner(con, feb1) == [("later-news", 2)]
    assert [r[0] for r in con.execute("SELECT claim_id FROM subject_facts_as_of('tiktok', ?)", [jan15]).fetchall()] \
        == ["known"]


def test_a_claim_published_before_t_but_valid_after_t_is_not_used_as_of_t(con):
    """A forecast ("by March it will have ...") published in January is not a fact in January."""
    jan5, jan6 = datetime(2025, 1, 5, tzinfo=UTC), datetime(2025, 1, 6, tzinfo=UTC)
    store.append_events(con, "claim_events", [
        _claim_row("now", ("tiktok", MAU2, jan5, jan5, 0.9), "claim_asserted", 1),
        _claim_row("forecast", ("tiktok", MAU, datetime(2025, 3, 1, tzinfo=UTC), jan6, 0.9), "claim_asserted", 2)])
    assert _winner(con, datetime(2025, 1, 15, tzinfo=UTC)) == [("now", 1)]
    assert _winner(con, datetime(2025, 3, 1, tzinfo=UTC)) == [("forecast", 2)]


@pytest.mark.parametrize("record_later_first", [False, True])
def test_the_latest_valid_at_wins_over_confidence_and_publication(con, record_later_first):
    """The later valid_at wins although it has lower confidence, was published earlier and was
    recorded first or last."""
    early = _claim_row("valid-early", ("tiktok", MAU, datetime(2025, 1, 5, tzinfo=UTC),
                                       datetime(2025, 1, 20, tzinfo=UTC), 0.95), "claim_asserted", 1)
    late = _claim_row("valid-late", ("tiktok", MAU2, datetime(2025, 1, 9, tzinfo=UTC),
                                     datetime(2025, 1, 10, tzinfo=UTC), 0.8), "claim_asserted", 2)
    for row in ([late, early] if record_later_first else [early, late]):
        store.append_events(con, "claim_events", [row])
    assert _winner(con, datetime(2025, 2, 1, tzinfo=UTC)) == [("valid-late", 2)]


@pytest.mark.parametrize("record_winner_first", [False, True])
def test_within_one_valid_second_confidence_then_publication_decide(con, record_winner_first):
    t = datetime(2025, 1, 5, 12, 0, 0, tzinfo=UTC)
    sure = _claim_row("sure", ("tiktok", MAU, t, t, 0.9), "claim_asserted", 1)
    unsure = _claim_row("unsure", ("tiktok", MAU2, t + timedelta(microseconds=900_000),
                                   t + timedelta(days=2), 0.8), "claim_asserted", 2)
    newer = _claim_row("newer", ("xiaohongshu", MAU, t, t + timedelta(days=1), 0.85), "claim_asserted", 3)
    older = _claim_row("older", ("xiaohongshu", MAU2, t, t, 0.85), "claim_asserted", 4)
    rows = [sure, unsure, newer, older] if record_winner_first else [unsure, sure, older, newer]
    for row in rows:
        store.append_events(con, "claim_events", [row])
    assert _winner(con, datetime(2025, 2, 1, tzinfo=UTC)) == [("newer", 2), ("sure", 2)]


def _validation(n: int, cid: str, outcome: str) -> dict:
    return {"event_id": f"v{n}", "target_kind": "claim", "target_id": cid, "suite": "s", "suite_version": "1",
            "outcome": outcome, "actor": "t"}


def test_retraction_and_re_assertion_as_known_at_each_system_time(con):
    t = datetime(2025, 1, 5, tzinfo=UTC)
    claim = ("tiktok", MAU, t, t, 0.9)
    days = [datetime(2025, 2, d, tzinfo=UTC) for d in (1, 2, 3)]
    for n, (etype, at) in enumerate(zip(["claim_asserted", "claim_retracted", "claim_asserted"], days)):
        store.append_events(con, "claim_events", [_claim_row("c1", claim, etype, n)], recorded_at=at)
    as_of = datetime(2025, 1, 10, tzinfo=UTC)
    assert _winner(con, as_of, known_at=days[0] - timedelta(seconds=1)) == []  # not yet recorded
    assert _winner(con, as_of, known_at=days[0]) == [("c1", 1)]
    assert _winner(con, as_of, known_at=days[1]) == []  # retracted
    assert _winner(con, as_of, known_at=days[2]) == [("c1", 1)]  # asserted again
    assert _winner(con, as_of) == [("c1", 1)]


def test_a_quarantined_claim_is_out_until_released_as_known_at_each_system_time(con):
    t = datetime(2025, 1, 5, tzinfo=UTC)
    days = [datetime(2025, 2, d, tzinfo=UTC) for d in (1, 2, 3, 4)]
    store.append_events(con, "claim_events", [_claim_row("bad", ("tiktok", MAU, t, t, 0.9), "claim_asserted", 1),
                                              _claim_row("good", ("tiktok", MAU2, t - timedelta(days=1), t, 0.9),
                                                         "claim_asserted", 2)], recorded_at=days[0])
    for n, outcome in enumerate(["quarantined", "released"], start=1):
        store.append_events(con, "validation_events", [_validation(n, "bad", outcome)], recorded_at=days[n])
    as_of = datetime(2025, 1, 10, tzinfo=UTC)
    assert _winner(con, as_of, known_at=days[0]) == [("bad", 2)]
    assert _winner(con, as_of, known_at=days[1]) == [("good", 1)]
    assert [r[0] for r in con.execute("SELECT claim_id FROM quarantined_claims(known_at := ?)", [days[1]]).fetchall()] \
        == ["bad"]
    assert _winner(con, as_of, known_at=days[2]) == [("bad", 2)]
    assert _winner(con, as_of) == [("bad", 2)]
    store.append_events(con, "validation_events", [_validation(3, "bad", "quarantined")], recorded_at=days[3])
    assert _winner(con, as_of) == [("good", 1)]
    assert con.execute("SELECT claim_id FROM quarantine").fetchall() == [("bad",)]


def test_conflict_means_two_values_on_the_winner_s_utc_day(con):
    day = datetime(2025, 1, 5, tzinfo=UTC)
    store.append_events(con, "claim_events", [
        _claim_row("morning", ("tiktok", MAU, day, day, 0.9), "claim_asserted", 1),
        _claim_row("evening", ("tiktok", MAU2, day + timedelta(hours=13), day, 0.9), "claim_asserted", 2),
        _claim_row("same-value", ("xiaohongshu", MAU, day, day, 0.9), "claim_asserted", 3),
        _claim_row("same-value-later", ("xiaohongshu", MAU, day + timedelta(hours=20), day, 0.8), "claim_asserted", 4)])
    rows = lambda: con.execute("SELECT subject_id, claim_id, n_claims, n_values, conflict "  # noqa: E731
                               "FROM facts_as_of(TIMESTAMPTZ '2025-02-01') ORDER BY ALL").fetchall()
    assert rows() == [("tiktok", "evening", 2, 2, True), ("xiaohongshu", "same-value-later", 2, 1, False)]
    after_midnight = day + timedelta(days=1, minutes=30)
    store.append_events(con, "claim_events", [
        _claim_row("next-day", ("tiktok", MAU2, after_midnight, after_midnight, 0.9), "claim_asserted", 5)])
    assert rows()[0] == ("tiktok", "next-day", 3, 2, False)  # the winner's day has one value


def test_fact_keys_case_of_aliases_countries_and_unknown_stores(con):
    t = datetime(2025, 1, 5, tzinfo=UTC)
    rank_no_store = ("chart_rank", None, "US", 3.0, None)
    claims = [("xiaohongshu", AKA, t, t, 0.9), ("xiaohongshu", AKA_LOWER, t, t, 0.8),
              ("xiaohongshu", MAU, t, t, 0.9), ("xiaohongshu", MAU_US, t, t, 0.9),
              ("tiktok", OWNED, t, t, 0.9), ("tiktok", OWNED2, t - timedelta(days=1), t, 0.9),
              ("tiktok", RANK1, t, t, 0.9), ("tiktok", rank_no_store, t, t, 0.9)]
    store.append_events(con, "claim_events", [_claim_row(f"c{i}", c, "claim_asserted", i)
                                              for i, c in enumerate(claims)])
    rows = con.execute("SELECT fact_key, claim_id, n_claims FROM facts_as_of(TIMESTAMPTZ '2025-02-01') "
                       "ORDER BY fact_key").fetchall()
    assert rows == [("tiktok|chart_rank|app_store|US|top_free|", "c6", 1),
                    ("tiktok|chart_rank||US||", "c7", 1),  # unknown store is not "any store"
                    ("tiktok|owned_by", "c4", 2),
                    ("xiaohongshu|also_known_as|rednote", "c0", 2),
                    ("xiaohongshu|monthly_active_users||US||", "c3", 1),
                    ("xiaohongshu|monthly_active_users||||", "c2", 1)]


def test_claims_below_the_confidence_threshold_are_not_facts_but_are_reviewed(con):
    """policy-v3: a claim below 0.8 is recorded and listed in `review`, never a fact; at 0.8 it counts."""
    base = datetime(2024, 3, 1, tzinfo=timezone.utc)
    low = ("tiktok", STATEMENTS[0], base, base, 0.79)
    at = ("xiaohongshu", STATEMENTS[0], base, base, 0.8)
    store.append_events(con, "claim_events", [_claim_row("c-low", low, "claim_asserted", 0),
                                              _claim_row("c-at", at, "claim_asserted", 0)])
    facts = con.execute("SELECT claim_id FROM facts_as_of(TIMESTAMPTZ '2024-03-02')").fetchall()
    assert facts == [("c-at",)]
    assert con.execute("SELECT claim_id, confidence FROM review").fetchall() == [("c-low", 0.79)]
    assert con.execute("SELECT count(*) FROM conflicts").fetchall() == [(0,)]

"""Replay order does not matter; upgrades keep every event."""
from __future__ import annotations

import itertools
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warehouse import store

EVENT = st.builds(
    lambda i, outcome: {"event_id": f"e{i}", "target_kind": "claim", "target_id": f"c{i % 7}",
                        "suite": "s", "suite_version": "1", "outcome": outcome, "actor": "t"},
    st.integers(0, 30), st.sampled_from(["passed", "quarantined"]))
BATCHES = st.lists(st.lists(EVENT, max_size=8), min_size=1, max_size=4)

CONTENT = ", ".join(c for c in store.EVENT_COLUMNS["validation_events"])


def _replay(path: Path, batches: list[list[dict]]) -> list[tuple]:
    with store.session(path) as con:
        for batch in batches:
            store.append_events(con, "validation_events", batch)
        assert store.verify(con) == []
        return con.execute(f"SELECT {CONTENT} FROM validation_events ORDER BY event_id").fetchall()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batches=BATCHES)
def test_any_replay_order_gives_identical_tables(tmp_path_factory, batches):
    """Events carry deterministic ids, so with one version of each event (the first offered wins
    within a batch, as the store documents) every order of replaying the batches — including
    replaying them twice — yields the same rows."""
    canonical = {}
    for batch in batches:
        for ev in batch:
            canonical.setdefault(ev["event_id"], ev)
    batches = [[canonical[ev["event_id"]] for ev in batch] for batch in batches]
    results = []
    for order in itertools.islice(itertools.permutations(batches), 6):
        path = tmp_path_factory.mktemp("replay") / "w.duckdb"
        results.append(_replay(path, list(order) + list(order)))
    assert all(r == results[0] for r in results)
    assert len(results[0]) == len(canonical)


def test_upgrade_from_the_first_schema_keeps_every_event(tmp_path):
    """A warehouse made by schema v1 (before views and fast resolution) upgrades in place."""
    path = tmp_path / "old.duckdb"
    con = store.connect(path)
    first = store.migrations()[:1]
    con.execute("CREATE TABLE schema_migrations (version INTEGER NOT NULL, name VARCHAR NOT NULL, "
                "checksum VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)")
    con.execute(first[0][2])
    con.execute("INSERT INTO schema_migrations VALUES (1, ?, 'x', now())", [first[0][1]])
    store.append_events(con, "document_events", [{
        "event_id": "d1", "event_type": "document_ingested", "doc_id": "doc1", "source_path": "a.txt",
        "published_at": "2025-01-14 00:00:00+00", "published_at_source": "front_matter",
        "body": "Threads has about 300 million monthly active users."}])
    store.append_events(con, "claim_events", [{
        "event_id": "ev1", "event_type": "claim_asserted", "claim_id": "c1", "doc_id": "doc1",
        "subject_id": "threads", "subject_resolved": True, "predicate": "monthly_active_users",
        "value": 3e8, "bound": "approx", "valid_at": "2025-01-14 00:00:00+00",
        "published_at": "2025-01-14 00:00:00+00", "evidence_start": 0, "evidence_end": 51,
        "evidence_text": "Threads has about 300 million monthly active users.", "confidence": 0.9,
        "extractor_version": "v0", "actor": "extractor-v0"}])
    before = con.execute("SELECT * FROM claim_events").fetchall()
    con.close()

    with store.session(path) as con:  # opening as a writer applies the pending migrations
        assert store.schema_version(con) == store.migrations()[-1][0]
        assert con.execute("SELECT * FROM claim_events").fetchall() == before
        facts = con.execute("SELECT subject_id, value FROM facts_as_of(TIMESTAMP '2025-01-15')").fetchall()
        assert facts == [("threads", 3e8)]
        assert store.verify(con) == []
        versions = [r[0] for r in con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()]
        assert versions == [v for v, _, _ in store.migrations()]


def test_migration_failure_rolls_back_and_keeps_events(tmp_path, monkeypatch):
    path = tmp_path / "w.duckdb"
    with store.session(path) as con:
        store.append_events(con, "validation_events", [{
            "event_id": "a", "target_kind": "claim", "target_id": "c", "suite": "s",
            "suite_version": "1", "outcome": "passed", "actor": "t"}])
    bad = store.migrations() + [(999, "999_broken", "CREATE TABLE half_done (x INT); SELECT * FROM missing_table;")]
    monkeypatch.setattr(store, "migrations", lambda: bad)
    con = store.connect(path)
    try:
        with pytest.raises(duckdb.CatalogException, match="missing_table"):
            store.migrate(con)
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert "half_done" not in tables
        assert con.execute("SELECT count(*) FROM validation_events").fetchall() == [(1,)]
        assert store.schema_version(con) == bad[-2][0]
    finally:
        con.close()


def test_a_warehouse_that_recorded_the_withdrawn_migration_5_still_gets_policy_v2(tmp_path):
    """Version 5 once was 005_winner_by_seq (withdrawn); such a warehouse upgrades to policy v2."""
    path = tmp_path / "w5.duckdb"
    con = store.connect(path)
    con.execute("CREATE TABLE schema_migrations (version INTEGER NOT NULL, name VARCHAR NOT NULL, "
                "checksum VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)")
    for version, name, text in store.migrations():
        if version < 5:
            con.execute(text)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, 'x', now())", [version, name])
    con.execute("INSERT INTO schema_migrations VALUES (5, '005_winner_by_seq', 'x', now())")
    con.close()
    with store.session(path) as con:
        assert store.schema_version(con) >= 6
        assert con.execute("SELECT policy_version FROM facts_as_of(now()) LIMIT 0").description[0][0] == "policy_version"
        assert ("policy-v2",) in con.execute("SELECT policy_version FROM resolution_policies").fetchall()

"""`appfacts verify` names every kind of tampering, including edits made by someone who knows how
the row hashes are computed and recomputes them: each scenario below is detected, attributed to
the right table and batch, and printed by the command (exit 1)."""
from __future__ import annotations

import pytest

from pipelines.cli import main
from warehouse import store
from warehouse.store import VerifyProblem

TABLE = "validation_events"


def _ev(i: int, outcome: str = "passed") -> dict:
    return {"event_id": f"e{i}", "target_kind": "claim", "target_id": f"c{i}", "suite": "s",
            "suite_version": "1", "outcome": outcome, "actor": "test"}


def _rehash(con, where: str) -> None:
    """Recompute row_hash exactly as appfacts computes it: the edit is invisible row by row."""
    con.execute(f"UPDATE {TABLE} SET row_hash = {store._row_hash_expr(TABLE, TABLE)} WHERE {where}")


def _edit_row_and_rehash(con):
    con.execute(f"UPDATE {TABLE} SET outcome = 'quarantined' WHERE event_id = 'e3'")
    _rehash(con, "event_id = 'e3'")


def _delete_batch(con):
    con.execute(f"DELETE FROM {TABLE} WHERE event_id = 'e3'")


def _delete_row(con):
    con.execute(f"DELETE FROM {TABLE} WHERE event_id = 'e2'")


def _delete_row_and_edit_ledger(con):
    """Remove a row and make the ledger entry describe what is left (counts, range, rows_hash)."""
    con.execute(f"DELETE FROM {TABLE} WHERE event_id = 'e2'")
    con.execute(f"UPDATE event_batches SET n_rows = 1, last_seq = 1, "
                f"rows_hash = (SELECT sha256(string_agg(row_hash, '' ORDER BY seq)) FROM {TABLE} WHERE seq = 1) "
                f"WHERE table_name = '{TABLE}' AND batch_seq = 1")


def _remove_batch_and_its_ledger_entry(con):
    con.execute(f"DELETE FROM {TABLE} WHERE event_id = 'e3'")
    con.execute(f"DELETE FROM event_batches WHERE table_name = '{TABLE}' AND batch_seq = 2")


def _append_foreign_rows(con):
    con.execute(f"INSERT INTO {TABLE} (event_id, target_kind, target_id, suite, suite_version, outcome, actor, "
                f"seq, batch_id, recorded_at, row_hash) VALUES ('e9', 'claim', 'c9', 's', '1', 'released', "
                f"'intruder', 9, 'foreign', now(), '')")
    _rehash(con, "event_id = 'e9'")


# scenario -> (batch_seq named, or None for rows outside the ledger; the finding)
SCENARIOS = {
    "row-edited-hash-recomputed": (_edit_row_and_rehash, 2, "row hashes differ from the ledger: rows were changed"),
    "batch-deleted": (_delete_batch, 2, "all rows of this batch are missing"),
    "row-deleted": (_delete_row, 1, "rows were added to or removed from this batch"),
    "ledger-edited": (_delete_row_and_edit_ledger, 1, "ledger entry was edited"),
    "chain-broken": (_remove_batch_and_its_ledger_entry, 3, "hash chain broken: a batch was removed or reordered"),
    "foreign-rows": (_append_foreign_rows, None, "rows belong to no ledger batch: appended outside appfacts"),
}


@pytest.fixture
def three_batches(con):
    batches = [store.append_events(con, TABLE, [_ev(1), _ev(2)]),
               store.append_events(con, TABLE, [_ev(3)]),
               store.append_events(con, TABLE, [_ev(4)])]
    assert store.verify(con) == []
    return [None] + [b.batch_id for b in batches]  # indexed by batch_seq


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_verify_detects_and_names_each_kind_of_tampering(con, three_batches, scenario, capsys):
    tamper, batch_seq, what = SCENARIOS[scenario]
    tamper(con)
    where = (f"batch {batch_seq} ({three_batches[batch_seq]})" if batch_seq is not None
             else "rows of batch_id foreign, which has no ledger entry")
    assert store.verify(con) == [VerifyProblem(TABLE, where, what)]
    con.close()
    assert main(["verify"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == f"TAMPERED: {TABLE}: {where}: {what}"


def test_a_row_edited_without_its_hash_is_named_by_seq(con, three_batches):
    con.execute(f"UPDATE {TABLE} SET outcome = 'quarantined' WHERE event_id = 'e3'")
    assert store.verify(con) == [VerifyProblem(TABLE, "event seq 3 (e3)",
                                               "content does not match its hash: the row was changed")]


def test_an_intact_warehouse_verifies(con, three_batches, capsys):
    con.close()
    assert main(["verify"]) == 0
    assert "every hash and chain link holds" in capsys.readouterr().out

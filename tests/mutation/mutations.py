"""The mutation table of `make mutate`: small, realistic bugs in what users rely on, each with the
tests that must catch it.

Each entry: a name, the file (relative to the repository), one or more exact (old, new) text
edits — `old` must occur exactly once in the file, otherwise `make mutate` stops with an error, so
this table follows the code — and the pytest node ids to run (fast, targeted tests first: the
first failing one is reported as the catcher). SQL in a migration must be the text a fresh
warehouse applies last: `make mutate` refuses a mutation inside a macro or view that a later
migration re-creates (move the entry to that migration).

To add one: copy an entry, change the text, run `make mutate ONLY=name`.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mutation:
    name: str
    file: str
    edits: tuple[tuple[str, str], ...]
    tests: tuple[str, ...]
    what: str


def M(name: str, file: str, old: str | list[tuple[str, str]], new: str | None = None, *, tests: list[str],
      what: str) -> Mutation:
    edits = tuple(old) if isinstance(old, list) else ((old, new),)
    return Mutation(name, file, edits, tuple(tests), what)


POLICY = "warehouse/migrations/009_policy_v3_confidence.sql"    # the live facts_as_of / eligible_claim_rows
VIEWS = "warehouse/migrations/002_views.sql"                     # quarantined_claims (never re-created)
VERIFY = "warehouse/sql/verify_batches.sql"
STORE = "warehouse/store.py"
OPS = "warehouse/operations.py"
NUMBERS = "extraction/numbers.py"
DOCS = "extraction/documents.py"
CONTENT = "expectations/sql/claims_content_frame.sql"

RES = "tests/warehouse/test_resolution.py"
SNAP = "tests/warehouse/test_snapshots.py"
VER = "tests/warehouse/test_verify.py"
OPT = "tests/warehouse/test_operations.py"
STO = "tests/warehouse/test_store.py"
NUM = "tests/extraction/test_extract_numbers.py"
DOC = "tests/extraction/test_documents.py"

MUTATIONS: list[Mutation] = [
    # --- resolution: facts_as_of / eligible_claim_rows (policy v2) ------------------------------
    M("resolution.confidence_threshold_ignored", POLICY,
      "      AND coalesce(ev.confidence, 1.0) >= min_confidence;", "      AND true;",
      tests=[f"{RES}::test_claims_below_the_confidence_threshold_are_not_facts_but_are_reviewed"],
      what="claims below the policy threshold become facts"),
    M("resolution.v3_without_threshold", POLICY,
      "subject := subject, min_confidence := 0.8)", "subject := subject, min_confidence := 0.0)",
      tests=[f"{RES}::test_claims_below_the_confidence_threshold_are_not_facts_but_are_reviewed"],
      what="facts_as_of (policy-v3) does not apply its threshold"),
    M("resolution.look_ahead", POLICY,
      "      AND ev.published_at <= CAST(as_of AS TIMESTAMPTZ)\n", "",
      tests=[f"{RES}::test_a_claim_valid_before_t_but_published_after_t_is_not_used_as_of_t"],
      what="facts_as_of ignores published_at <= T (uses news published after T)"),
    M("resolution.valid_after_t", POLICY,
      "      AND ev.valid_at <= CAST(as_of AS TIMESTAMPTZ)\n", "      AND true\n",
      tests=[f"{RES}::test_a_claim_published_before_t_but_valid_after_t_is_not_used_as_of_t"],
      what="facts_as_of ignores valid_at <= T (forecasts count early)"),
    M("resolution.earliest_valid_at_wins", POLICY,
      "epoch_us(valid_at) // 1000000 + 17179869184", "17179869184 - epoch_us(valid_at) // 1000000",
      tests=[f"{RES}::test_the_latest_valid_at_wins_over_confidence_and_publication"],
      what="the winner is the claim with the EARLIEST valid_at"),
    M("resolution.lowest_confidence_wins", POLICY,
      "round(coalesce(confidence, 0) * 1000)", "(1000 - round(coalesce(confidence, 0) * 1000))",
      tests=[f"{RES}::test_within_one_valid_second_confidence_then_publication_decide"],
      what="within one valid second the LESS confident claim wins"),
    M("resolution.published_at_ignored", POLICY, [
        ("+ greatest(0, least(34359738367, epoch_us(published_at) // 1000000 + 17179869184)) // 131072",
         "+ 0 // 131072"),
        ("+ ((greatest(0, least(34359738367, epoch_us(published_at) // 1000000 + 17179869184)) % 131072)",
         "+ ((0 % 131072)")],
      tests=[f"{RES}::test_within_one_valid_second_confidence_then_publication_decide"],
      what="published_at is not a tie-break (recording order decides instead)"),
    M("resolution.first_recorded_wins_ties", POLICY,
      "* 70368744177664 + seq)", "* 70368744177664 - seq)",
      tests=[f"{RES}::test_exact_ties_go_to_the_claim_recorded_last"],
      what="exact ties go to the claim recorded first"),
    M("resolution.known_at_ignored", POLICY,
      "WHERE (known_at IS NULL OR recorded_at <= CAST(known_at AS TIMESTAMPTZ))", "WHERE (true)",
      tests=[f"{RES}::test_retraction_and_re_assertion_as_known_at_each_system_time"],
      what="known_at does not limit recorded_at (old reports cannot be reproduced)"),
    M("resolution.retraction_ignored", POLICY,
      "WHERE event_type = 'claim_retracted'", "WHERE event_type = 'claim_retracted' AND false",
      tests=[f"{RES}::test_retraction_and_re_assertion_as_known_at_each_system_time"],
      what="retracted claims stay in the facts"),
    M("resolution.re_assertion_stays_out", POLICY,
      "(x.after_seq IS NULL OR ev.seq > x.after_seq)", "(x.after_seq IS NULL)",
      tests=[f"{RES}::test_retraction_and_re_assertion_as_known_at_each_system_time"],
      what="a claim asserted again after its retraction never counts again"),
    M("resolution.quarantine_ignored", POLICY,
      "SELECT claim_id, 9223372036854775807 FROM quarantined_claims(known_at := known_at)",
      "SELECT claim_id, 9223372036854775807 FROM quarantined_claims(known_at := known_at) WHERE false",
      tests=[f"{RES}::test_a_quarantined_claim_is_out_until_released_as_known_at_each_system_time"],
      what="quarantined claims are used in facts"),
    M("resolution.conflict_by_hour", POLICY,
      "epoch_us(valid_at) // 86400000000", "epoch_us(valid_at) // 3600000000",
      tests=[f"{RES}::test_conflict_means_two_values_on_the_winner_s_utc_day"],
      what="conflict compares values within the same hour instead of the same UTC day"),
    M("resolution.n_values_always_one", POLICY,
      "CASE WHEN min(vmin) = max(vmax) THEN 1 ELSE 2 END", "1",
      tests=[f"{RES}::test_conflict_means_two_values_on_the_winner_s_utc_day"],
      what="n_values says 1 although the claims disagree"),
    M("resolution.alias_case_sensitive", POLICY,
      "CASE WHEN predicate IN ('also_known_as', 'version_of') THEN lower(object_id) END AS k_object",
      "CASE WHEN predicate IN ('also_known_as', 'version_of') THEN object_id END AS k_object",
      tests=[f"{RES}::test_fact_keys_case_of_aliases_countries_and_unknown_stores"],
      what="RedNote and rednote are two alias facts"),
    M("resolution.country_not_in_key", POLICY,
      "CASE WHEN predicate NOT IN ('owned_by', 'also_known_as', 'version_of') THEN country END AS k_country",
      "NULL AS k_country",
      tests=[f"{RES}::test_fact_keys_case_of_aliases_countries_and_unknown_stores"],
      what="a US-only figure and the global figure are one fact"),
    M("conflicts.any_disagreement", POLICY,
      "HAVING count(DISTINCT coalesce(CAST(value AS VARCHAR), lower(object_id))) > 1",
      "HAVING count(DISTINCT coalesce(CAST(value AS VARCHAR), lower(object_id))) > 2",
      tests=[f"{RES}::test_the_valid_day_is_the_utc_day_in_facts_and_conflicts"],
      what="the conflicts view lists only keys with three or more values on a day"),
    M("conflicts.session_day", POLICY,
      "CAST(timezone('UTC', valid_at) AS DATE) AS valid_day", "CAST(valid_at AS DATE) AS valid_day",
      tests=[f"{RES}::test_the_valid_day_is_the_utc_day_in_facts_and_conflicts"],
      what="the conflicts view uses the session's TimeZone day, not the UTC day"),
    M("quarantine.release_ignored", VIEWS,
      "HAVING arg_max(outcome, seq) = 'quarantined'", "HAVING bool_or(outcome = 'quarantined')",
      tests=[f"{RES}::test_a_quarantined_claim_is_out_until_released_as_known_at_each_system_time"],
      what="a released claim stays quarantined (the latest outcome does not decide)"),

    # --- snapshots: facts as of the END of the day --------------------------------------------
    M("snapshot.start_of_day", OPS,
      "start_next = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=ZoneInfo(tz))",
      "start_next = datetime.combine(day, time(0, 0), tzinfo=ZoneInfo(tz))",
      tests=[f"{SNAP}::test_a_document_published_mid_day_is_in_that_day_s_snapshot"],
      what="fact_snapshots for day D computed as of the START of D"),
    M("snapshot.timezone_ignored", OPS,
      "time(0, 0), tzinfo=ZoneInfo(tz))", "time(0, 0), tzinfo=timezone.utc)",
      tests=[f"{SNAP}::test_the_snapshot_includes_its_last_microsecond_and_nothing_after"],
      what="snapshot days are UTC days whatever APPFACTS_TIMEZONE says"),
    M("snapshot.last_second_lost", OPS,
      "(start_next - timedelta(microseconds=1))", "(start_next - timedelta(seconds=1))",
      tests=[f"{SNAP}::test_the_snapshot_includes_its_last_microsecond_and_nothing_after"],
      what="news published in the last second of D is missing from D's snapshot"),
    M("snapshot.as_of_now", "warehouse/sql/snapshot_facts.sql",
      "FROM facts_as_of(CAST($as_of AS TIMESTAMPTZ))", "FROM facts_as_of(now())",
      tests=[f"{SNAP}::test_a_document_published_mid_day_is_in_that_day_s_snapshot"],
      what="a snapshot of a past day uses everything known now (look-ahead)"),
    M("snapshot.view_latest_overall", VIEWS,
      "QUALIFY computed_at = max(computed_at) OVER (PARTITION BY snapshot_date)",
      "QUALIFY computed_at = max(computed_at) OVER ()",
      tests=[f"{SNAP}::test_the_snapshots_view_shows_the_latest_computation_of_every_day"],
      what="the snapshots view shows only the day computed last"),
    M("snapshot.rerun_appends", OPS,
      "if previous and _content_hash(previous) == content:", "if False:",
      tests=[f"{OPT}::test_snapshot_is_idempotent_and_keeps_old_computations"],
      what="re-computing an unchanged snapshot appends a new computation"),

    # --- append: anti-join and in-batch dedup ---------------------------------------------------
    M("append.anti_join_removed", STORE,
      "WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.event_id = i.event_id)", "WHERE true",
      tests=[f"{STO}::test_append_is_idempotent_and_dedups_within_batch"],
      what="re-running appends the same events again"),
    M("append.in_batch_dedup_removed", STORE,
      "QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY _ord) = 1",
      "QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY _ord) >= 1",
      tests=[f"{STO}::test_append_is_idempotent_and_dedups_within_batch"],
      what="an id repeated within one batch is appended twice"),
    M("append.last_repeat_wins", STORE,
      "QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY _ord) = 1",
      "QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY _ord DESC) = 1",
      tests=[f"{STO}::test_the_first_of_repeated_ids_in_a_batch_wins_and_seq_continues"],
      what="the last, not the first, of repeated ids in a batch is kept"),
    M("append.seq_restarts", STORE,
      "SELECT *, ? + _ord AS seq", "SELECT *, 0 * ? + _ord AS seq",
      tests=[f"{STO}::test_append_is_idempotent_and_dedups_within_batch"],
      what="seq restarts at 1 in every batch"),

    # --- verify: rows, batches, ledger, chain ---------------------------------------------------
    M("verify.rows_not_compared_with_ledger", VERIFY, [
        ("WHEN a.n_rows <> l.n_rows OR a.first_seq <> l.first_seq OR a.last_seq <> l.last_seq", "WHEN false"),
        ("WHEN a.rows_hash <> l.rows_hash THEN", "WHEN false THEN")],
      tests=[f"{VER}::test_verify_detects_and_names_each_kind_of_tampering"],
      what="verify no longer compares a batch's rows with its ledger entry"),
    M("verify.missing_batch", VERIFY,
      "WHEN a.batch_id IS NULL THEN", "WHEN false THEN",
      tests=[f"{VER}::test_verify_detects_and_names_each_kind_of_tampering"],
      what="a batch whose rows were all deleted is not reported"),
    M("verify.row_count", VERIFY,
      "WHEN a.n_rows <> l.n_rows OR a.first_seq <> l.first_seq OR a.last_seq <> l.last_seq", "WHEN false",
      tests=[f"{VER}::test_verify_detects_and_names_each_kind_of_tampering", f"{STO}::test_verify_detects_deleted_row"],
      what="rows removed from a batch are reported as changed, not as removed"),
    M("verify.rows_hash", VERIFY,
      "WHEN a.rows_hash <> l.rows_hash THEN", "WHEN false THEN",
      tests=[f"{VER}::test_verify_detects_and_names_each_kind_of_tampering"],
      what="a row edited with its row_hash recomputed goes unnoticed"),
    M("verify.ledger_edit", VERIFY,
      "WHEN l.recomputed <> l.batch_hash THEN", "WHEN false THEN",
      tests=[f"{VER}::test_verify_detects_and_names_each_kind_of_tampering"],
      what="an edited ledger entry goes unnoticed"),
    M("verify.chain", VERIFY,
      "WHEN l.prev_hash <> coalesce(l.expected_prev, repeat('0', 64)) THEN", "WHEN false THEN",
      tests=[f"{VER}::test_verify_detects_and_names_each_kind_of_tampering"],
      what="a batch removed with its ledger entry goes unnoticed (chain not checked)"),
    M("verify.foreign_rows", VERIFY,
      "FROM actual a WHERE a.batch_id NOT IN (SELECT batch_id FROM ledger)",
      "FROM actual a WHERE a.batch_id NOT IN (SELECT batch_id FROM ledger) AND false",
      tests=[f"{VER}::test_verify_detects_and_names_each_kind_of_tampering"],
      what="rows appended outside appfacts (no ledger batch) go unnoticed"),
    M("verify.row_hashes_unchecked", STORE,
      "WHERE row_hash IS DISTINCT FROM {_row_hash_expr(table, 't')}",
      "WHERE false AND row_hash IS DISTINCT FROM {_row_hash_expr(table, 't')}",
      tests=[f"{VER}::test_a_row_edited_without_its_hash_is_named_by_seq"],
      what="row hashes are not recomputed (an edited row is not named)"),

    # --- retraction ------------------------------------------------------------------------------
    M("retraction.person_overruled", OPS,
      'if current is not None and not (current[2] or "").startswith("extractor"):', "if False:",
      tests=[f"{OPT}::test_a_person_s_retraction_survives_re_extraction"],
      what="a re-run of the extractor re-asserts a claim a person retracted"),
    M("retraction.vanished_claims_kept", OPS,
      "vanished += [(cid, r[3]) for cid, r in doc_state.items()", "vanished += [(cid, r[3]) for cid, r in {}.items()",
      tests=[f"{OPT}::test_extraction_appends_only_the_difference"],
      what="claims an upgraded extractor no longer produces are not retracted"),
    M("retraction.twice", OPS,
      'if not rows or rows[0][0] != "claim_asserted":', "if not rows:",
      tests=[f"{OPT}::test_manual_retraction_and_as_of_without_look_ahead"],
      what="retracting an already retracted claim appends another retraction"),

    # --- quarantine (content suite) ---------------------------------------------------------------
    M("quarantine.dau_above_mau", CONTENT,
      "AND a.value > m.mau)", "AND a.value > 10 * m.mau)",
      tests=["tests/expectations/test_claims.py::test_content_suite_quarantines_only_the_bad_claim"],
      what="DAU above MAU is not quarantined"),
    M("quarantine.user_metric_range", "expectations/claims.py",
      "min_value=1, max_value=8.2e9", "min_value=1, max_value=8.2e10",
      tests=["tests/expectations/test_claims.py::test_content_suite_quarantines_only_the_bad_claim"],
      what="9 billion users (more than people on Earth) is accepted"),

    # --- number words ------------------------------------------------------------------------------
    M("numbers.billion_is_a_million", NUMBERS,
      '"billion": 1e9, "bn": 1e9', '"billion": 1e6, "bn": 1e9',
      tests=[f"{NUM}::test_number_forms"], what='"billion" = 1e6'),
    M("numbers.more_than_lost", NUMBERS,
      r'r"(?:\bmore\s+than|\bover|', r'r"(?:\bover|',
      tests=[f"{NUM}::test_number_forms"], what='"more than 2 billion" loses its bound'),
    M("numbers.about_lost", NUMBERS,
      r'r"(?:\babout|\broughly|', r'r"(?:\broughly|',
      tests=[f"{NUM}::test_number_forms"], what='"about 300 million" is exact'),
    M("numbers.plus_lost", NUMBERS,
      'if m.group("plus"):', "if False:",
      tests=[f"{NUM}::test_number_forms"], what='"1.2 billion-plus" is exact'),

    # --- document rejection ----------------------------------------------------------------------
    M("documents.binary_accepted", DOCS,
      'if b"\\x00" in raw[:8192]:', "if False:",
      tests=[f"{DOC}::test_bad_documents_are_rejected_with_a_reason"],
      what="binary files are not rejected as binary"),
    M("documents.blank_accepted", DOCS,
      "if not body.strip():", "if not body:",
      tests=[f"{DOC}::test_bad_documents_are_rejected_with_a_reason"],
      what="a whitespace-only document is accepted"),
    M("documents.empty_reason", DOCS,
      'if not raw:', "if False:",
      tests=[f"{OPT}::test_ingest_records_good_duplicate_and_bad_documents"],
      what='an empty file is not rejected as "empty file"'),
    M("documents.future_date_accepted", OPS,
      "doc.published_at > now + FUTURE_TOLERANCE", "doc.published_at > now + 10_000 * FUTURE_TOLERANCE",
      tests=[f"{OPT}::test_future_publication_date_is_rejected_with_reason"],
      what="a publication date years in the future is accepted"),
    M("documents.duplicate_is_new", OPS,
      "if original is not None and original[0] != shown:", "if False:",
      tests=[f"{OPT}::test_ingest_records_good_duplicate_and_bad_documents"],
      what="the same text under another name is ingested again"),
]

-- 007: snapshot computations record the log prefix they were computed on; frozen copies of each
-- resolution policy's macro (so a stored computation can be recomputed under the policy it names,
-- whatever later migrations do to facts_as_of); explain_fact(), the answer to "why does it say this?".

-- One row per snapshot computation (also an empty one), appended by compute_snapshot: the day and
-- the as-of instant, the policy, and the log prefix it read: claim_events up to claim_seq and
-- validation_events up to validation_seq, i.e. everything recorded by known_at.
CREATE TABLE snapshot_computations (
    event_id       VARCHAR NOT NULL,
    computation_id VARCHAR NOT NULL,
    snapshot_date  DATE NOT NULL,
    policy_version VARCHAR NOT NULL,
    as_of          TIMESTAMPTZ NOT NULL,    -- end of the snapshot day in the partition timezone
    known_at       TIMESTAMPTZ NOT NULL,    -- latest recorded_at of the claim and validation events read
    claim_seq      BIGINT NOT NULL,         -- max(seq) of claim_events read (0: none)
    validation_seq BIGINT NOT NULL,         -- max(seq) of validation_events read (0: none)
    n_facts        INTEGER NOT NULL,
    content_hash   VARCHAR NOT NULL,        -- hash of (fact_key, claim_id, n_claims, n_values, conflict) rows
    run_id         VARCHAR,
    seq            BIGINT NOT NULL,
    batch_id       VARCHAR NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL,
    row_hash       VARCHAR NOT NULL
);

-- Every stored computation with the log prefix to recompute it from. Computations from before this
-- migration recorded no prefix: for them it is inferred as everything recorded by computed_at (the
-- writer is single, so that is what the computation saw), and as_of is left NULL (the caller uses
-- the end of the day in the configured timezone).
CREATE OR REPLACE VIEW snapshot_prefixes AS
    WITH stored AS (
        SELECT computation_id, any_value(snapshot_date) AS snapshot_date,
               any_value(policy_version) AS policy_version, min(computed_at) AS computed_at,
               count(*) AS n_rows
        FROM fact_snapshots GROUP BY computation_id
    ),
    recorded AS (
        SELECT computation_id, arg_min(snapshot_date, seq) AS snapshot_date,
               arg_min(policy_version, seq) AS policy_version, arg_min(as_of, seq) AS as_of,
               arg_min(known_at, seq) AS known_at, arg_min(claim_seq, seq) AS claim_seq,
               arg_min(validation_seq, seq) AS validation_seq, arg_min(n_facts, seq) AS n_facts,
               arg_min(recorded_at, seq) AS computed_at
        FROM snapshot_computations GROUP BY computation_id
    )
    SELECT coalesce(r.computation_id, s.computation_id) AS computation_id,
           coalesce(r.snapshot_date, s.snapshot_date) AS snapshot_date,
           coalesce(r.policy_version, s.policy_version) AS policy_version,
           coalesce(s.computed_at, r.computed_at) AS computed_at,
           r.as_of,
           coalesce(r.known_at, s.computed_at) AS known_at,
           coalesce(r.claim_seq, (SELECT coalesce(max(e.seq), 0) FROM claim_events e
                                  WHERE e.recorded_at <= s.computed_at)) AS claim_seq,
           coalesce(r.validation_seq, (SELECT coalesce(max(v.seq), 0) FROM validation_events v
                                       WHERE v.recorded_at <= s.computed_at)) AS validation_seq,
           coalesce(r.n_facts, s.n_rows) AS n_facts,
           coalesce(s.n_rows, 0) AS stored_rows,
           CASE WHEN r.computation_id IS NULL THEN 'inferred from computed_at' ELSE 'recorded' END AS prefix_source
    FROM stored s FULL OUTER JOIN recorded r ON r.computation_id = s.computation_id
    ORDER BY snapshot_date, computed_at;

-- policy-v1 as migration 004 left it, frozen under its own name.
CREATE OR REPLACE MACRO facts_as_of_v1(as_of, known_at := NULL, subject := NULL) AS TABLE
    WITH g AS (
        SELECT subject_id, predicate,
               CASE WHEN predicate IN ('also_known_as', 'version_of') THEN lower(object_id) END AS k_object,
               CASE WHEN predicate NOT IN ('owned_by', 'also_known_as', 'version_of') THEN store END AS k_store,
               CASE WHEN predicate NOT IN ('owned_by', 'also_known_as', 'version_of') THEN country END AS k_country,
               CASE WHEN predicate NOT IN ('owned_by', 'also_known_as', 'version_of') THEN chart END AS k_chart,
               CASE WHEN predicate NOT IN ('owned_by', 'also_known_as', 'version_of') THEN region END AS k_region,
               arg_max(struct_pack(claim_id := claim_id, value := value, object_id := object_id, unit := unit,
                                   bound := bound, valid_at := valid_at, published_at := published_at,
                                   recorded_at := recorded_at, doc_id := doc_id, subject_resolved := subject_resolved,
                                   object_resolved := object_resolved, evidence_start := evidence_start,
                                   evidence_end := evidence_end, evidence_text := evidence_text,
                                   confidence := confidence),
                       struct_pack(v := valid_at, c := confidence, p := published_at, id := claim_id)) AS w,
               count(*) AS n_claims,
               CASE WHEN min(vh) = max(vh) THEN 1 ELSE greatest(2, approx_count_distinct(vh)) END AS n_values,
               max(struct_pack(d := CAST(valid_at AS DATE), h := vh)) AS hi,
               max(struct_pack(d := CAST(valid_at AS DATE), h := -CAST(vh AS HUGEINT))) AS lo
        FROM (SELECT *, hash(coalesce(CAST(value AS VARCHAR), lower(object_id))) AS vh
              FROM eligible_claims(as_of, known_at := known_at, subject := subject))
        GROUP BY ALL
    ),
    docs AS (
        SELECT doc_id, arg_min(source_path, seq) AS source_path, arg_min(title, seq) AS title,
               arg_min(publisher, seq) AS publisher, arg_min(url, seq) AS url
        FROM document_events
        WHERE event_type = 'document_ingested'
        GROUP BY doc_id
    )
    SELECT fact_key_of(g.subject_id, g.predicate, g.k_object, g.k_store, g.k_country, g.k_chart, g.k_region) AS fact_key,
           g.subject_id, g.predicate, g.w.value, g.w.object_id, g.w.unit,
           g.k_store AS store, g.k_country AS country, g.k_chart AS chart, g.k_region AS region, g.w.bound,
           g.w.valid_at, g.w.published_at, g.w.recorded_at,
           g.w.claim_id, g.w.doc_id, d.source_path, d.title, d.publisher, d.url,
           g.w.evidence_start, g.w.evidence_end, g.w.evidence_text, g.w.confidence,
           g.w.subject_resolved, g.w.object_resolved,
           CAST(g.n_claims AS INTEGER) AS n_claims, CAST(g.n_values AS INTEGER) AS n_values,
           (CAST(g.hi.h AS HUGEINT) <> -g.lo.h) AS conflict,
           'policy-v1' AS policy_version
    FROM g LEFT JOIN docs d ON d.doc_id = g.w.doc_id;

-- policy-v2 as migration 006 left it, frozen under its own name.
CREATE OR REPLACE MACRO facts_as_of_v2(as_of, known_at := NULL, subject := NULL) AS TABLE
    WITH e AS (
        SELECT _rid, subject_id, predicate, object_id, store, country, chart, region,
               -- rank key: two BIGINT words joined into one HUGEINT (see the bit layout above)
               (CAST((greatest(0, least(34359738367, epoch_us(valid_at) // 1000000 + 17179869184)) * 1024
                      + CAST(greatest(0, least(1000, round(coalesce(confidence, 0) * 1000))) AS BIGINT)) * 262144
                     + greatest(0, least(34359738367, epoch_us(published_at) // 1000000 + 17179869184)) // 131072
                     AS HUGEINT) << 64)
               + ((greatest(0, least(34359738367, epoch_us(published_at) // 1000000 + 17179869184)) % 131072)
                  * 70368744177664 + seq) AS rank_key,
               -- value fingerprint (42 bits) under its valid day, for the conflict test
               CAST(hash(value, lower(object_id)) >> 22 AS BIGINT) AS vh,
               greatest(-524287, least(524287, epoch_us(valid_at) // 86400000000)) * 8796093022208 AS day
        FROM eligible_claim_rows(as_of, known_at := known_at, subject := subject)
    ),
    -- Two steps: group by the raw columns first (no per-row CASE), then fold those groups into
    -- fact keys (owned_by ignores qualifiers, aliases compare objects case-insensitively).
    g1 AS (
        SELECT subject_id, predicate, object_id, store, country, chart, region,
               arg_max(_rid, rank_key) AS _rid, max(rank_key) AS rank_key, count(*) AS n_claims,
               min(vh) AS vmin, max(vh) AS vmax,
               -- largest and smallest fingerprint on the latest valid day: they differ = conflict
               max(day + vh) AS hi, max(day - vh) AS lo
        FROM e
        GROUP BY ALL
    ),
    g AS (
        SELECT subject_id, predicate,
               CASE WHEN predicate IN ('also_known_as', 'version_of') THEN lower(object_id) END AS k_object,
               CASE WHEN predicate NOT IN ('owned_by', 'also_known_as', 'version_of') THEN store END AS k_store,
               CASE WHEN predicate NOT IN ('owned_by', 'also_known_as', 'version_of') THEN country END AS k_country,
               CASE WHEN predicate NOT IN ('owned_by', 'also_known_as', 'version_of') THEN chart END AS k_chart,
               CASE WHEN predicate NOT IN ('owned_by', 'also_known_as', 'version_of') THEN region END AS k_region,
               arg_max(_rid, rank_key) AS _rid, sum(n_claims) AS n_claims,
               CASE WHEN min(vmin) = max(vmax) THEN 1 ELSE 2 END AS n_values,
               max(hi) AS hi, max(lo) AS lo
        FROM g1
        GROUP BY ALL
    ),
    w AS (SELECT rowid AS _rid, * FROM claim_events WHERE rowid IN (SELECT _rid FROM g)),
    docs AS (
        SELECT doc_id, arg_min(source_path, seq) AS source_path, arg_min(title, seq) AS title,
               arg_min(publisher, seq) AS publisher, arg_min(url, seq) AS url
        FROM document_events
        WHERE event_type = 'document_ingested'
        GROUP BY doc_id
    )
    SELECT fact_key_of(g.subject_id, g.predicate, g.k_object, g.k_store, g.k_country, g.k_chart, g.k_region) AS fact_key,
           g.subject_id, g.predicate, w.value, w.object_id, w.unit,
           g.k_store AS store, g.k_country AS country, g.k_chart AS chart, g.k_region AS region, w.bound,
           w.valid_at, w.published_at, w.recorded_at,
           w.claim_id, w.doc_id, d.source_path, d.title, d.publisher, d.url,
           w.evidence_start, w.evidence_end, w.evidence_text, w.confidence,
           w.subject_resolved, w.object_resolved,
           CAST(g.n_claims AS INTEGER) AS n_claims, CAST(g.n_values AS INTEGER) AS n_values,
           (g.hi - g.lo) <> 2 * (((g.hi % 8796093022208) + 8796093022208) % 8796093022208) AS conflict,
           'policy-v2' AS policy_version
    FROM g JOIN w ON w._rid = g._rid
    LEFT JOIN docs d ON d.doc_id = w.doc_id;

-- explain_fact(SUBJECT, PREDICATE [, as_of := T] [, known_at := TS]): every claim about the subject
-- and predicate (as recorded by known_at), one row each, grouped by fact key: its status as of T
-- (winner | competing | retracted | quarantined | not yet published | not yet valid), why it wins or
-- loses under the policy that facts_as_of applies (policy-v2: latest valid_at to the second, then
-- confidence to 0.001, then latest published_at to the second, then the claim recorded last), its
-- document and sentence with the evidence in [[ ]], its three times, its events (asserted, retracted:
-- by whom and why) and its validation outcomes (passed, quarantined with the failed expectations,
-- released by whom and why). The winner is facts_as_of's, so both always agree.
CREATE OR REPLACE MACRO explain_fact(for_subject, for_predicate, as_of := NULL, known_at := NULL) AS TABLE
    WITH ev AS (
        SELECT * FROM claim_events
        WHERE subject_id = for_subject AND predicate = for_predicate
          AND (known_at IS NULL OR recorded_at <= CAST(known_at AS TIMESTAMPTZ))
    ),
    per_claim AS (
        SELECT claim_id, arg_max(event_type, seq) AS last_event, arg_max(actor, seq) AS last_actor,
               arg_max(reason, seq) AS last_reason,
               max(seq) FILTER (WHERE event_type = 'claim_asserted') AS assert_seq,
               string_agg(replace(event_type, 'claim_', '') || ' by ' || actor || ' at '
                          || strftime(timezone('UTC', recorded_at), '%Y-%m-%d %H:%M:%S')
                          || coalesce(' (' || reason || ')', ''), '; ' ORDER BY seq) AS events
        FROM ev GROUP BY claim_id
    ),
    val AS (
        SELECT target_id AS claim_id, arg_max(outcome, seq) AS validation_state,
               arg_max(failed, seq) FILTER (WHERE outcome = 'quarantined') AS failed_expectations,
               string_agg(outcome || ' (' || suite || ' v' || suite_version
                          || coalesce('; failed ' || failed, '')
                          || CASE WHEN outcome = 'released' OR actor NOT LIKE suite || '%'
                                  THEN '; by ' || actor || coalesce(': ' || reason, '') ELSE '' END
                          || '; ' || strftime(timezone('UTC', recorded_at), '%Y-%m-%d %H:%M:%S') || ')',
                          ', ' ORDER BY seq) AS validation
        FROM validation_events
        WHERE target_kind = 'claim' AND target_id IN (SELECT claim_id FROM per_claim)
          AND (known_at IS NULL OR recorded_at <= CAST(known_at AS TIMESTAMPTZ))
        GROUP BY target_id
    ),
    docs AS (
        SELECT doc_id, arg_min(source_path, seq) AS source_path, arg_max(body, seq) AS body
        FROM document_events
        WHERE event_type = 'document_ingested' AND doc_id IN (SELECT doc_id FROM ev)
        GROUP BY doc_id
    ),
    c AS (
        SELECT fact_key_of(e.subject_id, e.predicate, e.object_id, e.store, e.country, e.chart, e.region) AS fact_key,
               e.*, p.last_event, p.last_actor, p.last_reason, p.events,
               v.validation_state, v.failed_expectations, v.validation,
               CASE
                   WHEN p.last_event = 'claim_retracted' THEN 'retracted'
                   WHEN v.validation_state = 'quarantined' THEN 'quarantined'
                   WHEN e.published_at > coalesce(CAST(as_of AS TIMESTAMPTZ), now()) THEN 'not yet published'
                   WHEN e.valid_at > coalesce(CAST(as_of AS TIMESTAMPTZ), now()) THEN 'not yet valid'
                   ELSE 'counted'
               END AS state,
               -- policy-v2's order, as facts_as_of packs it
               epoch_us(e.valid_at) // 1000000 AS k_valid, round(coalesce(e.confidence, 0) * 1000) AS k_conf,
               epoch_us(e.published_at) // 1000000 AS k_pub
        FROM ev e
        JOIN per_claim p ON p.claim_id = e.claim_id
             AND e.seq = coalesce(p.assert_seq, (SELECT max(seq) FROM ev x WHERE x.claim_id = e.claim_id))
        LEFT JOIN val v ON v.claim_id = e.claim_id
    ),
    ranked AS (
        SELECT *, row_number() OVER w AS rank_in_key, count(*) OVER (PARTITION BY fact_key) AS n_counted,
               first_value(claim_id) OVER w AS top_claim, first_value(k_valid) OVER w AS top_valid,
               first_value(k_conf) OVER w AS top_conf, first_value(k_pub) OVER w AS top_pub,
               first_value(seq) OVER w AS top_seq, lead(claim_id) OVER w AS next_claim,
               lead(k_valid) OVER w AS next_valid, lead(k_conf) OVER w AS next_conf,
               lead(k_pub) OVER w AS next_pub, lead(seq) OVER w AS next_seq
        FROM c WHERE state = 'counted'
        WINDOW w AS (PARTITION BY fact_key ORDER BY k_valid DESC, k_conf DESC, k_pub DESC, seq DESC)
    ),
    winners AS (
        SELECT claim_id, policy_version
        FROM facts_as_of(coalesce(CAST(as_of AS TIMESTAMPTZ), now()), known_at := known_at, subject := for_subject)
        WHERE predicate = for_predicate
    ),
    why AS (
        SELECT claim_id, rank_in_key, n_counted,
               CASE
                   WHEN n_counted = 1 THEN 'the only claim that counts for this key'
                   WHEN rank_in_key = 1 THEN 'wins over ' || left(next_claim, 12) || ': ' ||
                       CASE WHEN k_valid <> next_valid THEN 'later valid_at (' || strftime(to_timestamp(k_valid), '%Y-%m-%d %H:%M:%S') || ' vs ' || strftime(to_timestamp(next_valid), '%Y-%m-%d %H:%M:%S') || ')'
                            WHEN k_conf <> next_conf THEN 'same valid_at, higher confidence (' || (k_conf / 1000) || ' vs ' || (next_conf / 1000) || ')'
                            WHEN k_pub <> next_pub THEN 'same valid_at and confidence, later published_at (' || strftime(to_timestamp(k_pub), '%Y-%m-%d %H:%M:%S') || ' vs ' || strftime(to_timestamp(next_pub), '%Y-%m-%d %H:%M:%S') || ')'
                            ELSE 'tie on valid_at, confidence and published_at: recorded later (seq ' || seq || ' vs ' || next_seq || ')' END
                   ELSE 'loses to ' || left(top_claim, 12) || ': ' ||
                       CASE WHEN k_valid <> top_valid THEN 'earlier valid_at (' || strftime(to_timestamp(k_valid), '%Y-%m-%d %H:%M:%S') || ' vs ' || strftime(to_timestamp(top_valid), '%Y-%m-%d %H:%M:%S') || ')'
                            WHEN k_conf <> top_conf THEN 'same valid_at, lower confidence (' || (k_conf / 1000) || ' vs ' || (top_conf / 1000) || ')'
                            WHEN k_pub <> top_pub THEN 'same valid_at and confidence, earlier published_at (' || strftime(to_timestamp(k_pub), '%Y-%m-%d %H:%M:%S') || ' vs ' || strftime(to_timestamp(top_pub), '%Y-%m-%d %H:%M:%S') || ')'
                            ELSE 'tie on valid_at, confidence and published_at: recorded earlier (seq ' || seq || ' vs ' || top_seq || ')' END
               END AS why
        FROM ranked
    ),
    sentences AS (
        SELECT c.claim_id,
               ltrim(regexp_extract(substring(d.body, greatest(1, c.evidence_start - 399), least(c.evidence_start, 400)),
                                    '(?:[^.!?\n]|[.!?][^\s"”’)\n])*$'), ' "”’)') AS before_text,
               CASE WHEN regexp_matches(c.evidence_text, '[.!?]["”’)]*$') THEN ''  -- the evidence ends the sentence
                    ELSE regexp_extract(substring(d.body, c.evidence_end + 1, 400),
                                        '^(?:[^.!?\n]|[.!?][^\s"”’)\n])*[.!?]?["”’)]*') END AS after_text
        FROM c JOIN docs d ON d.doc_id = c.doc_id
    )
    SELECT c.fact_key,
           CASE WHEN c.claim_id IN (SELECT claim_id FROM winners) THEN 'winner'
                WHEN c.state = 'counted' THEN 'competing' ELSE c.state END AS status,
           w.rank_in_key,
           CASE
               WHEN c.state = 'retracted' THEN 'retracted by ' || c.last_actor || coalesce(': ' || c.last_reason, '')
               WHEN c.state = 'quarantined' THEN 'held back by validation: failed ' || coalesce(c.failed_expectations, '?')
               WHEN c.state = 'not yet published' THEN 'published after the as-of time (no look-ahead)'
               WHEN c.state = 'not yet valid' THEN 'valid after the as-of time'
               ELSE w.why
           END AS why,
           c.value, c.object_id, c.unit, c.store, c.country, c.chart, c.region, c.bound, c.confidence,
           c.valid_at, c.published_at, c.recorded_at,
           d.source_path, c.doc_id,
           s.before_text || '[[' || c.evidence_text || ']]' || s.after_text AS sentence,
           c.evidence_text, c.evidence_start, c.evidence_end,
           c.events, coalesce(c.validation, 'not validated yet') AS validation,
           c.actor, c.extractor_version, c.claim_id,
           coalesce((SELECT any_value(policy_version) FROM winners), 'policy-v2') AS policy_version
    FROM c
    LEFT JOIN why w ON w.claim_id = c.claim_id
    LEFT JOIN docs d ON d.doc_id = c.doc_id
    LEFT JOIN sentences s ON s.claim_id = c.claim_id
    ORDER BY c.fact_key, (c.state = 'counted') DESC, w.rank_in_key, c.valid_at DESC, c.seq DESC;

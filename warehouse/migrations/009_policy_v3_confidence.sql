-- 009: resolution policy v3 = policy-v2 plus a confidence threshold. The extractor's confidence is
-- calibrated on the real-text development set (extraction/confidence_model.json): claims below 0.8 are
-- recorded like any other, listed in the `review` view, and kept out of facts, conflicts and snapshots.
-- Fact keys, winner order and conflict rule are v2's. Snapshots computed under v1 or v2 keep saying so
-- and are re-verified with their frozen macros (facts_as_of_v1/_v2 of migration 007, unchanged here:
-- the new min_confidence argument of eligible_claim_rows defaults to 0, which is what they read).

INSERT INTO resolution_policies VALUES (
    'policy-v3',
    'policy-v2 (fact keys, eligibility, winner: latest valid_at to the second, then higher confidence to 0.001, '
    || 'then latest published_at to the second, then the claim recorded last; conflict on the UTC valid day) '
    || 'plus: only claims with confidence >= 0.8 count (manual assertions have confidence 1.0). '
    || 'Claims below the threshold stay in the log and are listed in the review view.',
    now()
);

CREATE OR REPLACE MACRO eligible_claim_rows(as_of, known_at := NULL, subject := NULL, min_confidence := 0.0) AS TABLE
    WITH ev AS (
        SELECT rowid AS _rid, * FROM claim_events
        WHERE (known_at IS NULL OR recorded_at <= CAST(known_at AS TIMESTAMPTZ))
          AND (subject IS NULL OR subject_id = subject)
    ),
    excluded AS (
        SELECT claim_id, max(after_seq) AS after_seq
        FROM (SELECT claim_id, seq AS after_seq FROM ev WHERE event_type = 'claim_retracted'
              UNION ALL
              SELECT claim_id, 9223372036854775807 FROM quarantined_claims(known_at := known_at))
        GROUP BY claim_id
    )
    SELECT ev.*
    FROM ev LEFT JOIN excluded x ON x.claim_id = ev.claim_id
    WHERE ev.event_type = 'claim_asserted'
      AND (x.after_seq IS NULL OR ev.seq > x.after_seq)
      AND ev.published_at <= CAST(as_of AS TIMESTAMPTZ)
      AND ev.valid_at <= CAST(as_of AS TIMESTAMPTZ)
      AND coalesce(ev.confidence, 1.0) >= min_confidence;

CREATE OR REPLACE MACRO eligible_claims(as_of, known_at := NULL, subject := NULL, min_confidence := 0.0) AS TABLE
    SELECT * EXCLUDE (_rid)
    FROM eligible_claim_rows(as_of, known_at := known_at, subject := subject, min_confidence := min_confidence);

-- policy-v3, frozen under its own name (verify-snapshot recomputes v3 computations with it).
CREATE OR REPLACE MACRO facts_as_of_v3(as_of, known_at := NULL, subject := NULL) AS TABLE
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
        FROM eligible_claim_rows(as_of, known_at := known_at, subject := subject, min_confidence := 0.8)
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
           'policy-v3' AS policy_version
    FROM g JOIN w ON w._rid = g._rid
    LEFT JOIN docs d ON d.doc_id = w.doc_id;

CREATE OR REPLACE MACRO facts_as_of(as_of, known_at := NULL, subject := NULL) AS TABLE
    SELECT * FROM facts_as_of_v3(as_of, known_at := known_at, subject := subject);

-- Conflicts among the claims that count under v3.
CREATE OR REPLACE VIEW conflicts AS
    WITH e AS (
        SELECT fact_key_of(subject_id, predicate, object_id, store, country, chart, region) AS fact_key,
               CAST(timezone('UTC', valid_at) AS DATE) AS valid_day, *
        FROM eligible_claims(now(), min_confidence := 0.8)
    ),
    k AS (
        SELECT fact_key, valid_day
        FROM e GROUP BY ALL
        HAVING count(DISTINCT coalesce(CAST(value AS VARCHAR), lower(object_id))) > 1
    )
    SELECT e.fact_key, e.valid_day, e.subject_id, e.predicate, e.value,
           e.object_id, e.bound, e.claim_id, e.doc_id, e.evidence_text, e.confidence
    FROM e JOIN k USING (fact_key, valid_day)
    ORDER BY e.fact_key, e.value, e.object_id;

-- Claims the extractor was not sure enough of: asserted, neither retracted nor quarantined, below the
-- threshold. Review them; `appfacts assert` (confidence 1.0) admits one as a fact.
CREATE OR REPLACE VIEW review AS
    WITH last AS (
        SELECT claim_id, max(seq) AS seq FROM claim_events GROUP BY claim_id
    )
    SELECT e.claim_id, e.subject_id, e.predicate, e.value, e.object_id, e.store, e.country, e.chart, e.region,
           e.bound, e.confidence, e.valid_at, e.published_at, e.recorded_at, e.doc_id, e.evidence_text,
           e.extractor_version
    FROM claim_events e JOIN last l ON l.claim_id = e.claim_id AND l.seq = e.seq
    WHERE e.event_type = 'claim_asserted' AND coalesce(e.confidence, 1.0) < 0.8
      AND e.claim_id NOT IN (SELECT claim_id FROM quarantined_claims())
    ORDER BY e.confidence DESC, e.subject_id, e.predicate;

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
                   WHEN coalesce(e.confidence, 1.0) < 0.8 THEN 'below threshold'
                   ELSE 'counted'
               END AS state,
               -- policy-v3's order (v2's), as facts_as_of packs it
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
               WHEN c.state = 'below threshold' THEN 'confidence ' || c.confidence || ' is below the policy threshold 0.8: recorded for review (view review), not a fact'
               ELSE w.why
           END AS why,
           c.value, c.object_id, c.unit, c.store, c.country, c.chart, c.region, c.bound, c.confidence,
           c.valid_at, c.published_at, c.recorded_at,
           d.source_path, c.doc_id,
           s.before_text || '[[' || c.evidence_text || ']]' || s.after_text AS sentence,
           c.evidence_text, c.evidence_start, c.evidence_end,
           c.events, coalesce(c.validation, 'not validated yet') AS validation,
           c.actor, c.extractor_version, c.claim_id,
           coalesce((SELECT any_value(policy_version) FROM winners), 'policy-v3') AS policy_version
    FROM c
    LEFT JOIN why w ON w.claim_id = c.claim_id
    LEFT JOIN docs d ON d.doc_id = c.doc_id
    LEFT JOIN sentences s ON s.claim_id = c.claim_id
    ORDER BY c.fact_key, (c.state = 'counted') DESC, w.rank_in_key, c.valid_at DESC, c.seq DESC;

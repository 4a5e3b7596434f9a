-- 002: the SQL surface (persisted in the file, so every DuckDB client has it) and policy v1.

CREATE TABLE resolution_policies (
    policy_version VARCHAR NOT NULL,
    description    VARCHAR NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL
);
INSERT INTO resolution_policies VALUES (
    'policy-v1',
    'fact key: (subject, predicate, store, country, chart, region) for metrics and ranks; '
    || '(subject, predicate) for owned_by; (subject, predicate, object) for also_known_as and version_of. '
    || 'Winner: latest valid_at, then higher confidence, then latest published_at, then claim_id. '
    || 'Only asserted, not retracted, not quarantined claims with published_at <= T and valid_at <= T count.',
    now()
);

-- The latest event of every claim (its current state), optionally as known at a system time.
CREATE MACRO claim_state(known_at := NULL) AS TABLE
    SELECT *
    FROM claim_events
    WHERE known_at IS NULL OR recorded_at <= CAST(known_at AS TIMESTAMPTZ)
    QUALIFY row_number() OVER (PARTITION BY claim_id ORDER BY seq DESC) = 1;

-- Claims whose latest validation outcome is 'quarantined' (optionally as known at a time).
CREATE MACRO quarantined_claims(known_at := NULL) AS TABLE
    SELECT target_id AS claim_id, arg_max(outcome, seq) AS outcome,
           arg_max(failed, seq) AS failed, arg_max(suite, seq) AS suite,
           arg_max(suite_version, seq) AS suite_version, max(recorded_at) AS recorded_at
    FROM validation_events
    WHERE target_kind = 'claim'
      AND (known_at IS NULL OR recorded_at <= CAST(known_at AS TIMESTAMPTZ))
    GROUP BY target_id
    HAVING arg_max(outcome, seq) = 'quarantined';

CREATE MACRO fact_key_of(subject_id, predicate, object_id, store, country, chart, region) AS
    CASE
        WHEN predicate = 'owned_by' THEN concat_ws('|', subject_id, predicate)
        WHEN predicate IN ('also_known_as', 'version_of') THEN concat_ws('|', subject_id, predicate, lower(object_id))
        ELSE concat_ws('|', subject_id, predicate, coalesce(store, ''), coalesce(country, ''),
                       coalesce(chart, ''), coalesce(region, ''))
    END;

-- Every claim that counts as of T (no look-ahead), with its fact key.
CREATE MACRO eligible_claims(as_of, known_at := NULL) AS TABLE
    SELECT fact_key_of(c.subject_id, c.predicate, c.object_id, c.store, c.country, c.chart, c.region) AS fact_key,
           c.*
    FROM claim_state(known_at := known_at) AS c
    WHERE c.event_type = 'claim_asserted'
      AND c.published_at <= CAST(as_of AS TIMESTAMPTZ)
      AND c.valid_at <= CAST(as_of AS TIMESTAMPTZ)
      AND c.claim_id NOT IN (SELECT claim_id FROM quarantined_claims(known_at := known_at));

-- facts_as_of(T [, known_at := TS]): the resolved value of every fact key as of T.
CREATE MACRO facts_as_of(as_of, known_at := NULL) AS TABLE
    WITH e AS (SELECT * FROM eligible_claims(as_of, known_at := known_at)),
    ranked AS (
        SELECT *, row_number() OVER (
                   PARTITION BY fact_key
                   ORDER BY valid_at DESC, confidence DESC, published_at DESC, claim_id) AS rank_in_key
        FROM e
    ),
    stats AS (
        SELECT fact_key, count(*) AS n_claims,
               count(DISTINCT coalesce(CAST(value AS VARCHAR), lower(object_id))) AS n_values
        FROM e GROUP BY fact_key
    ),
    same_time AS (
        SELECT fact_key, CAST(valid_at AS DATE) AS valid_day,
               count(DISTINCT coalesce(CAST(value AS VARCHAR), lower(object_id))) AS n_day_values
        FROM e GROUP BY ALL
    ),
    docs AS (
        SELECT doc_id, any_value(source_path) AS source_path, any_value(title) AS title,
               any_value(publisher) AS publisher, any_value(url) AS url
        FROM document_events WHERE event_type = 'document_ingested' GROUP BY doc_id
    )
    SELECT r.fact_key, r.subject_id, r.predicate, r.value, r.object_id, r.unit,
           r.store, r.country, r.chart, r.region, r.bound,
           r.valid_at, r.published_at, r.recorded_at,
           r.claim_id, r.doc_id, d.source_path, d.title, d.publisher, d.url,
           r.evidence_start, r.evidence_end, r.evidence_text, r.confidence,
           CAST(s.n_claims AS INTEGER) AS n_claims, CAST(s.n_values AS INTEGER) AS n_values,
           (t.n_day_values > 1) AS conflict,
           'policy-v1' AS policy_version
    FROM ranked r
    JOIN stats s USING (fact_key)
    JOIN same_time t ON t.fact_key = r.fact_key AND t.valid_day = CAST(r.valid_at AS DATE)
    LEFT JOIN docs d ON d.doc_id = r.doc_id
    WHERE r.rank_in_key = 1;

CREATE VIEW facts AS SELECT * FROM facts_as_of(now());

-- Every claim ever made, with its current state and whether it wins its fact key now.
CREATE VIEW fact_history AS
    WITH winners AS (SELECT claim_id FROM facts)
    SELECT fact_key_of(e.subject_id, e.predicate, e.object_id, e.store, e.country, e.chart, e.region) AS fact_key,
           e.subject_id, e.predicate, e.value, e.object_id, e.store, e.country, e.chart, e.region,
           e.bound, e.valid_at, e.published_at, e.recorded_at, e.event_type, e.reason, e.actor,
           e.claim_id, e.doc_id, e.evidence_text, e.confidence, e.extractor_version,
           e.claim_id IN (SELECT claim_id FROM winners) AS is_winner,
           e.claim_id IN (SELECT claim_id FROM quarantined_claims()) AS is_quarantined,
           e.seq
    FROM claim_events e
    ORDER BY fact_key, e.valid_at, e.seq;

-- Fact keys whose current claims disagree at the same valid day.
CREATE VIEW conflicts AS
    WITH e AS (SELECT * FROM eligible_claims(now())),
    k AS (
        SELECT fact_key, CAST(valid_at AS DATE) AS valid_day
        FROM e GROUP BY ALL
        HAVING count(DISTINCT coalesce(CAST(value AS VARCHAR), lower(object_id))) > 1
    )
    SELECT e.fact_key, CAST(e.valid_at AS DATE) AS valid_day, e.subject_id, e.predicate, e.value,
           e.object_id, e.bound, e.claim_id, e.doc_id, e.evidence_text, e.confidence
    FROM e JOIN k ON k.fact_key = e.fact_key AND k.valid_day = CAST(e.valid_at AS DATE)
    ORDER BY e.fact_key, e.value, e.object_id;

-- Claims held back by validation, with the failed expectations and the evidence.
CREATE VIEW quarantine AS
    SELECT q.claim_id, q.suite, q.suite_version, q.failed, q.recorded_at AS quarantined_at,
           c.subject_id, c.predicate, c.value, c.object_id, c.doc_id, c.evidence_text
    FROM quarantined_claims() q JOIN claim_state() c USING (claim_id);

-- The latest computation of every snapshot date.
CREATE VIEW snapshots AS
    SELECT * FROM fact_snapshots
    QUALIFY computed_at = max(computed_at) OVER (PARTITION BY snapshot_date);

-- Documents and what became of them.
CREATE VIEW documents AS
    SELECT event_type, doc_id, source_path, title, publisher, url, published_at, published_at_source,
           reason, recorded_at, length(body) AS body_chars
    FROM document_events ORDER BY seq;

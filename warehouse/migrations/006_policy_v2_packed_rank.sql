-- 006: resolution policy v2. Same fact keys and eligibility, the same conflict rule on the UTC day; the winner is
-- found with one integer arg_max per key instead of a struct comparison, and its row is then
-- fetched by position, so the wide columns are read for winners only (policy-v1's macro took
-- 5.8x a bare arg_max GROUP BY over 10M claim events; this one about 1.95x for the same output
-- columns and 2.4-2.8x for all of them: bench/bench_store.py).
--
-- Rank key: one HUGEINT whose numeric order is the policy's tuple order, (hi << 64) + lo with
--   hi = (valid_at in whole seconds + 2^34, 35 bits) * 2^28 + (confidence in thousandths, 10 bits) * 2^18
--        + (published_at in whole seconds + 2^34, 35 bits) >> 17
--   lo = (those published_at seconds mod 2^17) * 2^46 + seq (the order appfacts recorded it, < 7e13)
-- Times are clamped to the years 1426..2514. v1 broke exact ties with the greatest claim_id; v2
-- gives them to the claim recorded last. n_values was a HyperLogLog estimate; v2 says 1 (every
-- counted claim states the same value) or 2 (at least two values: fact_history lists them).

-- (Version 5 was taken by a withdrawn migration, 005_winner_by_seq in commit e63b380, that a
-- warehouse built from that commit has recorded; numbering this one 6 upgrades such warehouses too.)

INSERT INTO resolution_policies VALUES (
    'policy-v2',
    'fact keys, eligibility and conflict as policy-v1 (the valid day is the UTC day). Winner: latest valid_at (to the second), '
    || 'then higher confidence (to 0.001), then latest published_at (to the second), then the claim '
    || 'recorded last (greatest seq). n_values: 1 = every counted claim states the same value, 2 = at least two values.',
    now()
);

-- Claims that count as of T, with their physical row position (_rid, valid inside one query).
-- A claim is out when a retraction (or, always, a quarantine) comes after its assertion.
CREATE OR REPLACE MACRO eligible_claim_rows(as_of, known_at := NULL, subject := NULL) AS TABLE
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
      AND ev.valid_at <= CAST(as_of AS TIMESTAMPTZ);

CREATE OR REPLACE MACRO eligible_claims(as_of, known_at := NULL, subject := NULL) AS TABLE
    SELECT * EXCLUDE (_rid) FROM eligible_claim_rows(as_of, known_at := known_at, subject := subject);

CREATE OR REPLACE MACRO facts_as_of(as_of, known_at := NULL, subject := NULL) AS TABLE
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

CREATE OR REPLACE MACRO subject_facts_as_of(subject_id, as_of, known_at := NULL) AS TABLE
    SELECT * FROM facts_as_of(as_of, known_at := known_at, subject := subject_id);

CREATE OR REPLACE VIEW facts AS SELECT * FROM facts_as_of(now());

-- Fact keys whose current claims disagree on one valid day. The day is the UTC calendar day, as in
-- facts_as_of's conflict flag, whatever the session's TimeZone setting.
CREATE OR REPLACE VIEW conflicts AS
    WITH e AS (
        SELECT fact_key_of(subject_id, predicate, object_id, store, country, chart, region) AS fact_key,
               CAST(timezone('UTC', valid_at) AS DATE) AS valid_day, *
        FROM eligible_claims(now())
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

CREATE OR REPLACE VIEW unresolved_facts AS
    SELECT * FROM facts WHERE NOT coalesce(subject_resolved, true) OR NOT coalesce(object_resolved, true);

-- Documents and what became of them, now with the encoding each text was decoded from.
CREATE OR REPLACE VIEW documents AS
    SELECT event_type, doc_id, source_path, title, publisher, url, published_at, published_at_source,
           encoding, reason, recorded_at, length(body) AS body_chars
    FROM document_events ORDER BY seq;

-- Every claim ever made, with its current state; is_winner marks the one event (the claim's latest,
-- an assertion) that wins its fact key now, not the claim's earlier or retraction events.
CREATE OR REPLACE VIEW fact_history AS
    WITH winners AS (SELECT claim_id FROM facts)
    SELECT fact_key_of(e.subject_id, e.predicate, e.object_id, e.store, e.country, e.chart, e.region) AS fact_key,
           e.subject_id, e.predicate, e.value, e.object_id, e.store, e.country, e.chart, e.region,
           e.bound, e.valid_at, e.published_at, e.recorded_at, e.event_type, e.reason, e.actor,
           e.claim_id, e.doc_id, e.evidence_text, e.confidence, e.extractor_version,
           (e.claim_id IN (SELECT claim_id FROM winners)
            AND e.seq = max(e.seq) OVER (PARTITION BY e.claim_id)) AS is_winner,
           e.claim_id IN (SELECT claim_id FROM quarantined_claims()) AS is_quarantined,
           e.seq
    FROM claim_events e
    ORDER BY fact_key, e.valid_at, e.seq;

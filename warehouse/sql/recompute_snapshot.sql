-- A snapshot recomputed from a log prefix under a named policy. {macro} is a frozen policy macro
-- from a whitelist (facts_as_of_v1, facts_as_of_v2); values are bound.
SELECT fact_key, subject_id, predicate, value, object_id, store, country, chart, region, bound,
       valid_at, published_at, claim_id, doc_id, n_claims, n_values, conflict
FROM {macro}(CAST($as_of AS TIMESTAMPTZ), known_at := CAST($known_at AS TIMESTAMPTZ))
ORDER BY fact_key;

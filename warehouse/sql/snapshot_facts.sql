-- The facts of a snapshot: facts_as_of the end of the snapshot day.
SELECT fact_key, subject_id, predicate, value, object_id, store, country, chart, region, bound,
       valid_at, published_at, claim_id, doc_id, n_claims, n_values, conflict
FROM facts_as_of(CAST($as_of AS TIMESTAMPTZ))
ORDER BY fact_key;

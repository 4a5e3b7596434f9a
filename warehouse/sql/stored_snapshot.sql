-- The stored rows of one snapshot computation.
SELECT fact_key, subject_id, predicate, value, object_id, store, country, chart, region, bound,
       valid_at, published_at, claim_id, doc_id, n_claims, n_values, conflict
FROM fact_snapshots
WHERE computation_id = $computation_id
ORDER BY fact_key;

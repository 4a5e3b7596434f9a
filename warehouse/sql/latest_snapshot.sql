-- The rows of the latest computation of one snapshot date.
SELECT fact_key, subject_id, predicate, value, object_id, store, country, chart, region, bound,
       valid_at, published_at, claim_id, doc_id, n_claims, n_values, conflict, computation_id
FROM fact_snapshots
WHERE snapshot_date = $snapshot_date
QUALIFY computed_at = max(computed_at) OVER ()
ORDER BY fact_key;

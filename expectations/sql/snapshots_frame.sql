-- Every snapshot row, with derived columns for the snapshot suite.
SELECT event_id, snapshot_date, computation_id, fact_key, policy_version, claim_id, n_claims, n_values,
       computation_id || '|' || fact_key AS computation_key,
       (n_values <= n_claims) AS counts_ok,
       (published_at IS NULL OR CAST(published_at AS DATE) <= snapshot_date) AS no_look_ahead
FROM fact_snapshots
ORDER BY seq;

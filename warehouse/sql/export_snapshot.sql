-- Rows of the latest computation of one snapshot date (for the Parquet export).
SELECT * EXCLUDE (row_hash)
FROM fact_snapshots
WHERE snapshot_date = $snapshot_date
QUALIFY computed_at = max(computed_at) OVER ()
ORDER BY fact_key

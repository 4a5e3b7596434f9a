-- replica_info, written into a freshly copied replica: when it was published, from which file, and
-- the log prefix it holds (per event table: rows, last seq, last ledger batch and its hash).
CREATE OR REPLACE TABLE replica_info AS
WITH t AS (
    SELECT 'document_events' AS table_name, count(*) AS rows, coalesce(max(seq), 0) AS max_seq FROM document_events
    UNION ALL SELECT 'claim_events', count(*), coalesce(max(seq), 0) FROM claim_events
    UNION ALL SELECT 'validation_events', count(*), coalesce(max(seq), 0) FROM validation_events
    UNION ALL SELECT 'fact_snapshots', count(*), coalesce(max(seq), 0) FROM fact_snapshots
    UNION ALL SELECT 'snapshot_computations', count(*), coalesce(max(seq), 0) FROM snapshot_computations
),
b AS (
    SELECT table_name, max(batch_seq) AS last_batch_seq, arg_max(batch_hash, batch_seq) AS last_batch_hash
    FROM event_batches GROUP BY table_name
)
SELECT CAST($published_at AS TIMESTAMPTZ) AS published_at, t.table_name, t.rows, t.max_seq,
       coalesce(b.last_batch_seq, 0) AS last_batch_seq, b.last_batch_hash,
       (SELECT max(version) FROM schema_migrations) AS schema_version,
       CAST($source AS VARCHAR) AS source, CAST($method AS VARCHAR) AS method
FROM t LEFT JOIN b USING (table_name)
ORDER BY t.table_name;

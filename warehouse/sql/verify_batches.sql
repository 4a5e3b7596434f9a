-- Problems of {table}'s ledger, first one first: recomputed batch contents and hash chain.
WITH actual AS (
    SELECT batch_id, min(seq) AS first_seq, max(seq) AS last_seq, count(*) AS n_rows,
           sha256(string_agg(row_hash, '' ORDER BY seq)) AS rows_hash
    FROM {table} GROUP BY batch_id
),
ledger AS (
    SELECT *, lag(batch_hash) OVER (ORDER BY batch_seq) AS expected_prev,
           sha256(prev_hash || '|' || table_name || '|' || CAST(batch_seq AS VARCHAR) || '|'
                  || CAST(first_seq AS VARCHAR) || '|' || CAST(last_seq AS VARCHAR) || '|' || rows_hash)
               AS recomputed
    FROM event_batches WHERE table_name = $table_name
),
problems AS (
    SELECT l.batch_seq, l.batch_id,
           CASE
               WHEN a.batch_id IS NULL THEN 'all rows of this batch are missing'
               WHEN a.n_rows <> l.n_rows OR a.first_seq <> l.first_seq OR a.last_seq <> l.last_seq
                   THEN 'rows were added to or removed from this batch'
               WHEN a.rows_hash <> l.rows_hash THEN 'row hashes differ from the ledger: rows were changed'
               WHEN l.recomputed <> l.batch_hash THEN 'ledger entry was edited'
               WHEN l.prev_hash <> coalesce(l.expected_prev, repeat('0', 64)) THEN 'hash chain broken: a batch was removed or reordered'
           END AS what
    FROM ledger l LEFT JOIN actual a USING (batch_id)
    UNION ALL
    SELECT NULL, a.batch_id, 'rows belong to no ledger batch: appended outside appfacts'
    FROM actual a WHERE a.batch_id NOT IN (SELECT batch_id FROM ledger)
)
SELECT batch_seq, batch_id, what FROM problems WHERE what IS NOT NULL
ORDER BY batch_seq NULLS LAST;

-- Rows of {table} up to a sequence number and its ledger up to a batch: count, a digest of the row
-- hashes in seq order, a digest of the batch hashes.
SELECT count(*) AS n_rows,
       sha256(coalesce(string_agg(row_hash, '' ORDER BY seq), '')) AS rows_digest,
       (SELECT sha256(coalesce(string_agg(batch_hash, '' ORDER BY batch_seq), '')) FROM event_batches
        WHERE table_name = $table_name AND batch_seq <= $max_batch) AS ledger_digest
FROM {table}
WHERE seq <= $max_seq;

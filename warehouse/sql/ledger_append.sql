-- Chain one batch into the ledger: batch_hash covers the previous batch's hash.
INSERT INTO event_batches
SELECT $table_name, $batch_seq, $batch_id, $first_seq, $last_seq, $n_rows, $rows_hash, $prev_hash,
       sha256($prev_hash || '|' || $table_name || '|' || CAST($batch_seq AS VARCHAR) || '|'
              || CAST($first_seq AS VARCHAR) || '|' || CAST($last_seq AS VARCHAR) || '|' || $rows_hash),
       $recorded_at;

-- Statistics of one appended batch of {table} (identifier from the store's whitelist).
SELECT min(seq) AS first_seq, max(seq) AS last_seq, count(*) AS n_rows,
       sha256(string_agg(row_hash, '' ORDER BY seq)) AS rows_hash
FROM {table}
WHERE seq > $after_seq AND batch_id = $batch_id;

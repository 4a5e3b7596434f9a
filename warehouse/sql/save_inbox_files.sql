-- Remember what became of the files of one ingest batch (_seen: path, signature, outcome, doc_id).
INSERT OR REPLACE INTO inbox_files (path, signature, outcome, doc_id, seen_at)
SELECT path, signature, outcome, doc_id, $now FROM _seen;

-- doc_id → the path it was first ingested under.
SELECT doc_id, arg_min(source_path, seq) AS source_path
FROM document_events
WHERE event_type = 'document_ingested'
GROUP BY doc_id;

-- Every document event, with derived columns for the structural suite.
SELECT event_id, event_type, doc_id, source_path, published_at, published_at_source, reason,
       (event_type <> 'document_ingested' OR (body IS NOT NULL AND length(trim(body)) > 0)) AS body_ok,
       (event_type = 'document_ingested') = (doc_id IS NOT NULL AND published_at IS NOT NULL) OR event_type = 'document_duplicate' AS ids_ok,
       (event_type = 'document_ingested' OR reason IS NOT NULL) AS reason_ok
FROM document_events
ORDER BY seq;

-- The knowable time first recorded for a document (kept stable across re-ingestion).
SELECT arg_min(published_at, seq) FROM document_events
WHERE event_type = 'document_ingested' AND doc_id = $doc_id
HAVING count(*) > 0;

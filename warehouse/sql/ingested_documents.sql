-- Every ingested document (latest ingestion event per doc_id), oldest first.
SELECT doc_id, source_path, body, published_at
FROM document_events
WHERE event_type = 'document_ingested'
QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY seq DESC) = 1
ORDER BY seq;

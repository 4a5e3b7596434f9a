-- The latest ingestion of each of the given documents, oldest first.
SELECT doc_id, source_path, body, published_at
FROM document_events
WHERE event_type = 'document_ingested' AND doc_id IN (SELECT unnest($doc_ids))
QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY seq DESC) = 1
ORDER BY seq;

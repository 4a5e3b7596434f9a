-- Ingested documents whose doc_id starts with, or whose source path ends with, a reference.
SELECT doc_id, arg_max(body, seq) AS body, arg_min(published_at, seq) AS published_at
FROM document_events
WHERE event_type = 'document_ingested'
  AND (starts_with(doc_id, $ref) OR source_path = $ref OR ends_with(source_path, '/' || $ref))
GROUP BY doc_id;

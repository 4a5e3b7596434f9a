-- For the doc_ids of one batch: the path each was first ingested under and its first knowable time.
SELECT doc_id, arg_min(source_path, seq) AS source_path, arg_min(published_at, seq) AS published_at
FROM document_events
WHERE event_type = 'document_ingested' AND doc_id IN (SELECT unnest($doc_ids))
GROUP BY doc_id;

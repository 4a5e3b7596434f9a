-- Ingested documents whose last extraction was not by this extractor version (ids only), oldest first.
SELECT d.doc_id FROM (
    SELECT doc_id, max(seq) AS seq FROM document_events
    WHERE event_type = 'document_ingested' GROUP BY doc_id
) d
WHERE NOT EXISTS (SELECT 1 FROM document_extractions e
                  WHERE e.doc_id = d.doc_id AND e.extractor_version = $extractor_version)
ORDER BY d.seq;

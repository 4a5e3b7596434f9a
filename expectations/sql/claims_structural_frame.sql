-- Current asserted claims, with whether their document exists and their evidence slices its body
-- (computed here, by character, as Python slices: the bodies never leave the database).
WITH c AS (
    SELECT * FROM claim_events
    QUALIFY row_number() OVER (PARTITION BY claim_id ORDER BY seq DESC) = 1
),
d AS (
    SELECT doc_id, arg_max(body, seq) AS body FROM document_events
    WHERE event_type = 'document_ingested' GROUP BY doc_id
)
SELECT c.event_id, c.claim_id, c.doc_id, c.subject_id, c.subject_resolved, c.predicate, c.value,
       c.object_id, c.evidence_start, c.evidence_end, c.evidence_text,
       d.body IS NOT NULL AS doc_exists,
       coalesce(0 <= c.evidence_start AND c.evidence_start <= c.evidence_end
                AND c.evidence_end <= length(d.body), false) AS evidence_inside,
       coalesce(0 <= c.evidence_start AND c.evidence_start <= c.evidence_end
                AND c.evidence_end <= length(d.body)
                AND substring(d.body, c.evidence_start + 1, c.evidence_end - c.evidence_start) = c.evidence_text,
                false) AS evidence_matches
FROM c LEFT JOIN d USING (doc_id)
WHERE c.event_type = 'claim_asserted'
ORDER BY c.seq;

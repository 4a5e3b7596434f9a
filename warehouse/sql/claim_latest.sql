-- The latest event of one claim (all content columns).
SELECT event_id, event_type, claim_id, doc_id, subject_id, subject_resolved, predicate, value,
       object_id, object_resolved, unit, store, country, chart, region, bound, valid_at,
       published_at, evidence_start, evidence_end, evidence_text, confidence, extractor_version,
       reason, actor, run_id
FROM claim_events
WHERE claim_id = $claim_id
ORDER BY seq DESC
LIMIT 1;

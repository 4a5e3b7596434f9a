-- The latest event (all content columns) of each of the given claims.
SELECT event_id, event_type, claim_id, doc_id, subject_id, subject_resolved, predicate, value,
       object_id, object_resolved, unit, store, country, chart, region, bound, valid_at,
       published_at, evidence_start, evidence_end, evidence_text, confidence, extractor_version,
       reason, actor, run_id
FROM claim_events
WHERE claim_id IN (SELECT unnest($claim_ids))
QUALIFY row_number() OVER (PARTITION BY claim_id ORDER BY seq DESC) = 1;

-- Current state of every claim of the given documents: latest event type and actor, number of events,
-- and the confidence of its latest assertion.
SELECT doc_id, claim_id, arg_max(event_type, seq) AS event_type, arg_max(actor, seq) AS actor,
       CAST(count(*) AS INTEGER) AS n_events,
       arg_max(confidence, seq) FILTER (WHERE event_type = 'claim_asserted') AS confidence
FROM claim_events
WHERE doc_id IN (SELECT unnest($doc_ids))
GROUP BY doc_id, claim_id;

-- Current state of every claim of the given documents: latest event type and actor, number of events.
SELECT doc_id, claim_id, arg_max(event_type, seq) AS event_type, arg_max(actor, seq) AS actor,
       CAST(count(*) AS INTEGER) AS n_events
FROM claim_events
WHERE doc_id IN (SELECT unnest($doc_ids))
GROUP BY doc_id, claim_id;

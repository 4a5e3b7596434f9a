-- Current state of every claim of one document: latest event type and actor, number of events.
SELECT claim_id, arg_max(event_type, seq) AS event_type, arg_max(actor, seq) AS actor,
       CAST(count(*) AS INTEGER) AS n_events
FROM claim_events
WHERE doc_id = $doc_id
GROUP BY claim_id;

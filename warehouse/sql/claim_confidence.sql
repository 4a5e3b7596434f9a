-- The confidence of a claim's latest assertion.
SELECT arg_max(confidence, seq) FROM claim_events
WHERE claim_id = $claim_id AND event_type = 'claim_asserted';

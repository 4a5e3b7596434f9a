-- Latest event type of a claim and how many events it has.
SELECT arg_max(event_type, seq), CAST(count(*) AS INTEGER)
FROM claim_events WHERE claim_id = $claim_id
HAVING count(*) > 0;

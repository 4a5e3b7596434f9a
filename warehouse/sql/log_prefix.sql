-- The log prefix a computation reads now: the last claim and validation event, and the latest
-- time either was recorded ($now when the log is empty).
SELECT coalesce(greatest((SELECT max(recorded_at) FROM claim_events),
                         (SELECT max(recorded_at) FROM validation_events)), CAST($now AS TIMESTAMPTZ)) AS known_at,
       (SELECT coalesce(max(seq), 0) FROM claim_events) AS claim_seq,
       (SELECT coalesce(max(seq), 0) FROM validation_events) AS validation_seq;

-- Does "recorded by $known_at" select exactly the events up to the recorded sequence numbers?
SELECT (SELECT count(*) FILTER (WHERE recorded_at <= CAST($known_at AS TIMESTAMPTZ)) FROM claim_events)
           - (SELECT count(*) FILTER (WHERE seq <= $claim_seq) FROM claim_events) AS claim_gap,
       (SELECT count(*) FILTER (WHERE recorded_at <= CAST($known_at AS TIMESTAMPTZ)) FROM validation_events)
           - (SELECT count(*) FILTER (WHERE seq <= $validation_seq) FROM validation_events) AS validation_gap;

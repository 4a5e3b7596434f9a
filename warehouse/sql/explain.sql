-- Every claim about one subject and predicate, and why it wins or loses (see migration 007).
SELECT * FROM explain_fact($subject, $predicate, as_of := CAST($as_of AS TIMESTAMPTZ),
                           known_at := CAST($known_at AS TIMESTAMPTZ));

-- Facts as of a time (and optionally as known at a system time), optionally for one subject
-- (passed into the macro, so only that subject's claims are read).
SELECT *
FROM facts_as_of(CAST($as_of AS TIMESTAMPTZ), known_at := CAST($known_at AS TIMESTAMPTZ), subject := $subject)
ORDER BY subject_id, predicate, store NULLS FIRST, country NULLS FIRST, chart NULLS FIRST, object_id;

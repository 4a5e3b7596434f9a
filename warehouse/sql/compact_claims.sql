-- Rewrite claim_events in fact-key order (same rows, same seq and hashes) so that per-subject
-- lookups read a few row groups instead of the whole table. Run inside one transaction.
CREATE TABLE claim_events_compacted AS
SELECT * FROM claim_events ORDER BY subject_id, predicate, seq;

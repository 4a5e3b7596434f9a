-- Stored computations to re-verify: of one day ($day) or all, optionally only those the recompute
-- suite has not passed yet.
SELECT * FROM snapshot_prefixes p
WHERE ($day IS NULL OR p.snapshot_date = CAST($day AS DATE))
  AND (NOT $unverified_only OR p.computation_id NOT IN (
        SELECT target_id FROM validation_events
        WHERE target_kind = 'computation' AND suite = $suite AND suite_version = $suite_version
          AND outcome = 'passed'))
ORDER BY p.snapshot_date, p.computed_at;

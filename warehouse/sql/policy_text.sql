-- The recorded text of a resolution policy version, oldest entry first.
SELECT description FROM resolution_policies WHERE policy_version = $version ORDER BY recorded_at;

-- Asserted claims to judge with the content suite, with derived check columns.
-- $only_unjudged: skip claims already judged by this suite version (the per-run batch);
-- otherwise every current claim (the nightly full-table pass). Chunked by $chunk / $n_chunks.
WITH c AS (
    SELECT * FROM claim_events
    QUALIFY row_number() OVER (PARTITION BY claim_id ORDER BY seq DESC) = 1
),
active AS (SELECT * FROM c WHERE event_type = 'claim_asserted'),
mau AS (
    SELECT subject_id, coalesce(region, '') AS region, CAST(valid_at AS DATE) AS day, max(value) AS mau
    FROM active WHERE predicate = 'monthly_active_users' GROUP BY ALL
),
latest_outcome AS (
    SELECT target_id, arg_max(outcome, seq) AS outcome FROM validation_events
    WHERE target_kind = 'claim' GROUP BY target_id
),
accepted AS (  -- metric claims that passed (or were released): the "previous accepted value"
    SELECT a.* FROM active a JOIN latest_outcome o ON o.target_id = a.claim_id
    WHERE o.outcome IN ('passed', 'released')
      AND a.predicate IN ('monthly_active_users', 'daily_active_users', 'weekly_active_users', 'user_count', 'downloads')
),
judged AS (
    SELECT DISTINCT target_id FROM validation_events
    WHERE target_kind = 'claim' AND suite = $suite AND suite_version = $suite_version
),
base AS (
SELECT a.claim_id, a.subject_id, a.predicate, a.value, a.confidence, a.evidence_text,
       CASE WHEN a.predicate IN ('monthly_active_users', 'daily_active_users', 'weekly_active_users', 'user_count')
            THEN a.value END AS user_metric_value,
       CASE WHEN a.predicate = 'downloads' THEN a.value END AS downloads_value,
       CASE WHEN a.predicate = 'chart_rank' THEN a.value END AS rank_value,
       date_diff('second', a.published_at, a.valid_at) / 86400.0 AS valid_after_published_days,
       (a.predicate = 'daily_active_users' AND m.mau IS NOT NULL AND a.value > m.mau) AS dau_exceeds_mau,
       (SELECT arg_max(p.value, p.valid_at) FROM accepted p
        WHERE p.subject_id = a.subject_id AND p.predicate = a.predicate
          AND coalesce(p.region, '') = coalesce(a.region, '') AND p.valid_at < a.valid_at
          AND p.claim_id <> a.claim_id) AS previous_value,
       a.seq
FROM active a
LEFT JOIN mau m ON m.subject_id = a.subject_id AND m.region = coalesce(a.region, '')
                AND m.day = CAST(a.valid_at AS DATE)
WHERE (NOT $only_unjudged OR a.claim_id NOT IN (SELECT target_id FROM judged))
  AND hash(a.claim_id) % $n_chunks = $chunk
)
SELECT * EXCLUDE (seq),
       coalesce(previous_value > 0 AND value > 0
                AND greatest(value / previous_value, previous_value / value) > 10, false) AS jump_over_10x
FROM base
ORDER BY seq;

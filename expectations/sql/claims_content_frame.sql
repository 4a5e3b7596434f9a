-- Asserted claims not yet judged by this content-suite version, with derived check columns.
WITH c AS (
    SELECT * FROM claim_events
    QUALIFY row_number() OVER (PARTITION BY claim_id ORDER BY seq DESC) = 1
),
active AS (SELECT * FROM c WHERE event_type = 'claim_asserted'),
mau AS (
    SELECT subject_id, coalesce(region, '') AS region, CAST(valid_at AS DATE) AS day, max(value) AS mau
    FROM active WHERE predicate = 'monthly_active_users' GROUP BY ALL
),
judged AS (
    SELECT DISTINCT target_id FROM validation_events
    WHERE target_kind = 'claim' AND suite = $suite AND suite_version = $suite_version
)
SELECT a.claim_id, a.subject_id, a.predicate, a.value, a.confidence, a.evidence_text,
       CASE WHEN a.predicate IN ('monthly_active_users', 'daily_active_users', 'weekly_active_users', 'user_count')
            THEN a.value END AS user_metric_value,
       CASE WHEN a.predicate = 'downloads' THEN a.value END AS downloads_value,
       CASE WHEN a.predicate = 'chart_rank' THEN a.value END AS rank_value,
       date_diff('second', a.published_at, a.valid_at) / 86400.0 AS valid_after_published_days,
       (a.predicate = 'daily_active_users' AND m.mau IS NOT NULL AND a.value > m.mau) AS dau_exceeds_mau
FROM active a
LEFT JOIN mau m ON m.subject_id = a.subject_id AND m.region = coalesce(a.region, '')
                AND m.day = CAST(a.valid_at AS DATE)
WHERE a.claim_id NOT IN (SELECT target_id FROM judged)
ORDER BY a.seq;

-- 004: facts say whether their subject and object are known entities (seeds/entities.csv) or
-- names the extractor met for the first time (slug ids), so analysts can filter or review them.

CREATE OR REPLACE MACRO facts_as_of(as_of, known_at := NULL, subject := NULL) AS TABLE
    WITH g AS (
        SELECT subject_id, predicate,
               CASE WHEN predicate IN ('also_known_as', 'version_of') THEN lower(object_id) END AS k_object,
               CASE WHEN predicate NOT IN ('owned_by', 'also_known_as', 'version_of') THEN store END AS k_store,
               CASE WHEN predicate NOT IN ('owned_by', 'also_known_as', 'version_of') THEN country END AS k_country,
               CASE WHEN predicate NOT IN ('owned_by', 'also_known_as', 'version_of') THEN chart END AS k_chart,
               CASE WHEN predicate NOT IN ('owned_by', 'also_known_as', 'version_of') THEN region END AS k_region,
               arg_max(struct_pack(claim_id := claim_id, value := value, object_id := object_id, unit := unit,
                                   bound := bound, valid_at := valid_at, published_at := published_at,
                                   recorded_at := recorded_at, doc_id := doc_id, subject_resolved := subject_resolved,
                                   object_resolved := object_resolved, evidence_start := evidence_start,
                                   evidence_end := evidence_end, evidence_text := evidence_text,
                                   confidence := confidence),
                       struct_pack(v := valid_at, c := confidence, p := published_at, id := claim_id)) AS w,
               count(*) AS n_claims,
               CASE WHEN min(vh) = max(vh) THEN 1 ELSE greatest(2, approx_count_distinct(vh)) END AS n_values,
               max(struct_pack(d := CAST(valid_at AS DATE), h := vh)) AS hi,
               max(struct_pack(d := CAST(valid_at AS DATE), h := -CAST(vh AS HUGEINT))) AS lo
        FROM (SELECT *, hash(coalesce(CAST(value AS VARCHAR), lower(object_id))) AS vh
              FROM eligible_claims(as_of, known_at := known_at, subject := subject))
        GROUP BY ALL
    ),
    docs AS (
        SELECT doc_id, arg_min(source_path, seq) AS source_path, arg_min(title, seq) AS title,
               arg_min(publisher, seq) AS publisher, arg_min(url, seq) AS url
        FROM document_events
        WHERE event_type = 'document_ingested'
        GROUP BY doc_id
    )
    SELECT fact_key_of(g.subject_id, g.predicate, g.k_object, g.k_store, g.k_country, g.k_chart, g.k_region) AS fact_key,
           g.subject_id, g.predicate, g.w.value, g.w.object_id, g.w.unit,
           g.k_store AS store, g.k_country AS country, g.k_chart AS chart, g.k_region AS region, g.w.bound,
           g.w.valid_at, g.w.published_at, g.w.recorded_at,
           g.w.claim_id, g.w.doc_id, d.source_path, d.title, d.publisher, d.url,
           g.w.evidence_start, g.w.evidence_end, g.w.evidence_text, g.w.confidence,
           g.w.subject_resolved, g.w.object_resolved,
           CAST(g.n_claims AS INTEGER) AS n_claims, CAST(g.n_values AS INTEGER) AS n_values,
           (CAST(g.hi.h AS HUGEINT) <> -g.lo.h) AS conflict,
           'policy-v1' AS policy_version
    FROM g LEFT JOIN docs d ON d.doc_id = g.w.doc_id;

CREATE OR REPLACE VIEW facts AS SELECT * FROM facts_as_of(now());

-- Facts whose subject or object is not in the entity registry: review candidates.
CREATE OR REPLACE VIEW unresolved_facts AS
    SELECT * FROM facts WHERE NOT coalesce(subject_resolved, true) OR NOT coalesce(object_resolved, true);

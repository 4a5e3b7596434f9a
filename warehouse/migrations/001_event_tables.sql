-- 001: append-only event tables and the batch ledger that chains them.
-- Every event table has: event_id (deterministic content hash), seq (increasing position in the
-- table; gaps where a batch dropped duplicates), batch_id, recorded_at (system time), row_hash (sha256 over seq and the
-- row's content). event_batches chains each appended batch to the previous one of its table.

CREATE TABLE document_events (
    event_id            VARCHAR NOT NULL,
    event_type          VARCHAR NOT NULL,   -- document_ingested | document_rejected | document_duplicate
    doc_id              VARCHAR,            -- sha256 of the normalised body (NULL when rejected unread)
    source_path         VARCHAR NOT NULL,
    content_sha256      VARCHAR,            -- sha256 of the raw bytes (+ sidecar)
    title               VARCHAR,
    publisher           VARCHAR,
    url                 VARCHAR,
    published_at        TIMESTAMPTZ,        -- knowable time; ingestion time when unknown
    published_at_source VARCHAR,            -- front_matter | sidecar | inferred | ingestion_time
    published_at_note   VARCHAR,
    body                VARCHAR,
    encoding            VARCHAR,
    reason              VARCHAR,            -- why rejected / duplicate of which doc
    run_id              VARCHAR,
    seq                 BIGINT NOT NULL,
    batch_id            VARCHAR NOT NULL,
    recorded_at         TIMESTAMPTZ NOT NULL,
    row_hash            VARCHAR NOT NULL
);

CREATE TABLE claim_events (
    event_id          VARCHAR NOT NULL,
    event_type        VARCHAR NOT NULL,     -- claim_asserted | claim_retracted
    claim_id          VARCHAR NOT NULL,     -- hash(doc_id, subject, predicate, value/object, qualifiers)
    doc_id            VARCHAR NOT NULL,
    subject_id        VARCHAR NOT NULL,
    subject_resolved  BOOLEAN,
    predicate         VARCHAR NOT NULL,
    value             DOUBLE,
    object_id         VARCHAR,
    object_resolved   BOOLEAN,
    unit              VARCHAR,
    store             VARCHAR,
    country           VARCHAR,
    chart             VARCHAR,
    region            VARCHAR,
    bound             VARCHAR,
    valid_at          TIMESTAMPTZ NOT NULL, -- valid time (publication time unless the text says)
    published_at      TIMESTAMPTZ NOT NULL, -- knowable time (the document's)
    evidence_start    INTEGER NOT NULL,
    evidence_end      INTEGER NOT NULL,
    evidence_text     VARCHAR NOT NULL,
    confidence        DOUBLE NOT NULL,
    extractor_version VARCHAR NOT NULL,
    reason            VARCHAR,              -- retractions and manual assertions
    actor             VARCHAR NOT NULL,     -- extractor version or a person
    run_id            VARCHAR,
    seq               BIGINT NOT NULL,
    batch_id          VARCHAR NOT NULL,
    recorded_at       TIMESTAMPTZ NOT NULL,
    row_hash          VARCHAR NOT NULL
);

CREATE TABLE validation_events (
    event_id      VARCHAR NOT NULL,
    target_kind   VARCHAR NOT NULL,         -- claim | document
    target_id     VARCHAR NOT NULL,
    suite         VARCHAR NOT NULL,
    suite_version VARCHAR NOT NULL,
    outcome       VARCHAR NOT NULL,         -- passed | quarantined | released
    failed        VARCHAR,                  -- failed expectations, ';'-separated
    reason        VARCHAR,
    actor         VARCHAR NOT NULL,
    run_id        VARCHAR,
    seq           BIGINT NOT NULL,
    batch_id      VARCHAR NOT NULL,
    recorded_at   TIMESTAMPTZ NOT NULL,
    row_hash      VARCHAR NOT NULL
);

CREATE TABLE fact_snapshots (
    event_id       VARCHAR NOT NULL,
    snapshot_date  DATE NOT NULL,
    computation_id VARCHAR NOT NULL,        -- hash(date, policy, resulting rows): same result, same id
    computed_at    TIMESTAMPTZ NOT NULL,
    policy_version VARCHAR NOT NULL,
    fact_key       VARCHAR NOT NULL,
    subject_id     VARCHAR NOT NULL,
    predicate      VARCHAR NOT NULL,
    value          DOUBLE,
    object_id      VARCHAR,
    store          VARCHAR,
    country        VARCHAR,
    chart          VARCHAR,
    region         VARCHAR,
    bound          VARCHAR,
    valid_at       TIMESTAMPTZ,
    published_at   TIMESTAMPTZ,
    claim_id       VARCHAR NOT NULL,        -- the winning claim
    doc_id         VARCHAR,
    n_claims       INTEGER NOT NULL,
    n_values       INTEGER NOT NULL,
    conflict       BOOLEAN NOT NULL,
    run_id         VARCHAR,
    seq            BIGINT NOT NULL,
    batch_id       VARCHAR NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL,
    row_hash       VARCHAR NOT NULL
);

CREATE TABLE event_batches (
    table_name  VARCHAR NOT NULL,
    batch_seq   BIGINT NOT NULL,            -- 1, 2, 3 … per table
    batch_id    VARCHAR NOT NULL,
    first_seq   BIGINT NOT NULL,
    last_seq    BIGINT NOT NULL,
    n_rows      BIGINT NOT NULL,
    rows_hash   VARCHAR NOT NULL,           -- sha256 over the batch's row hashes in seq order
    prev_hash   VARCHAR NOT NULL,           -- batch_hash of the previous batch of the table
    batch_hash  VARCHAR NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);

-- Reference data from seeds/entities.csv, versioned by content hash (append-only as well).
CREATE TABLE entity_versions (
    registry_hash VARCHAR NOT NULL,
    entity_id     VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    kind          VARCHAR,
    aliases       VARCHAR,
    recorded_at   TIMESTAMPTZ NOT NULL
);

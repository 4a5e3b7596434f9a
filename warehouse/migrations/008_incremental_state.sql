-- 008: state that lets a refresh follow the new work instead of the history (issue 11).
-- Neither table is an event table: both are derived, hold no facts and are not in the ledger.
-- Deleting their rows is always safe: the next refresh reads the inbox files and extracts the
-- documents again, and the event tables' content-hash ids make those re-appends no-ops.

-- Inbox files as last seen: a file whose (size, mtime_ns, inode) - and its sidecar's - is
-- unchanged is not read again. Keyed by absolute path (a different inbox never matches).
CREATE TABLE IF NOT EXISTS inbox_files (
    path        VARCHAR PRIMARY KEY,
    signature   VARCHAR NOT NULL,       -- "size:mtime_ns:inode|sidecar size:mtime_ns:inode"
    outcome     VARCHAR NOT NULL,       -- document_ingested | document_duplicate | document_rejected
    doc_id      VARCHAR,
    seen_at     TIMESTAMPTZ NOT NULL
);

-- The extractor version that last extracted each document: the document is not extracted again
-- while that version is current (a new version - or going back to an older one - extracts every
-- document once more).
CREATE TABLE IF NOT EXISTS document_extractions (
    doc_id            VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    claims            INTEGER NOT NULL,
    run_id            VARCHAR,
    extracted_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (doc_id)
);

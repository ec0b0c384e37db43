-- Full-text search (issue 19). Each report's text as lexemes computed in Rust by aduan-text
-- (Indonesian slang folded, stopwords dropped, Snowball's Indonesian stemmer), so that
-- PostgreSQL and SQLite index the same words; written in the transaction that writes the
-- report. `public_doc` holds what anyone who sees the report reads (title A, body B,
-- follow-ups C, location D); `staff_doc` adds the internal notes (C). `doc_hash` fingerprints
-- the text an entry was made from, so `aduan search verify` can tell a stale entry. No
-- reporter identity is ever indexed.
CREATE TABLE report_search (
    report_id TEXT PRIMARY KEY REFERENCES reports (tracking_id),
    doc_hash TEXT NOT NULL,
    public_doc tsvector NOT NULL,
    staff_doc tsvector NOT NULL
);
CREATE INDEX report_search_public_idx ON report_search USING GIN (public_doc);
CREATE INDEX report_search_staff_idx ON report_search USING GIN (staff_doc);

-- The analyser version the whole index was built with; no row: rebuilt when the service
-- starts (a database that held reports before this migration). A database without reports
-- stands on the first analyser: every report is indexed as it is written.
CREATE TABLE search_basis (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    analyser BIGINT NOT NULL
);
INSERT INTO search_basis (id, analyser) SELECT 1, 1 WHERE NOT EXISTS (SELECT 1 FROM reports);

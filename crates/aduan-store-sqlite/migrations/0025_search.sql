-- Full-text search (issue 19). Each report's text as lexemes computed in Rust by aduan-text
-- (Indonesian slang folded, stopwords dropped, Snowball's Indonesian stemmer), so that SQLite
-- and PostgreSQL index the same words; written in the transaction that writes the report.
-- FTS5 keys its rows by rowid, which VACUUM may renumber in a table without an INTEGER
-- PRIMARY KEY such as `reports`, so each report gets a stable key `n` here; `doc_hash`
-- fingerprints the text an entry was made from, so `aduan search verify` can tell a stale
-- entry. No reporter identity is ever indexed.
CREATE TABLE report_search_keys (
    n INTEGER PRIMARY KEY,
    report_id TEXT NOT NULL UNIQUE REFERENCES reports (tracking_id),
    doc_hash TEXT NOT NULL
);

-- The lexemes only (contentless): title, body, follow-ups, location, and the internal notes in
-- a column of their own that only searches allowed to read notes match.
CREATE VIRTUAL TABLE report_search USING fts5(
    s_title, s_body, s_follow, s_place, s_notes,
    content = '', contentless_delete = 1, tokenize = 'ascii'
);

-- The analyser version the whole index was built with; no row: rebuilt when the service
-- starts (a database that held reports before this migration). A database without reports
-- stands on the first analyser: every report is indexed as it is written.
CREATE TABLE search_basis (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    analyser BIGINT NOT NULL
);
INSERT INTO search_basis (id, analyser) SELECT 1, 1 WHERE NOT EXISTS (SELECT 1 FROM reports);

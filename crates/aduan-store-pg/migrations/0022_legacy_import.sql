-- Reports imported from a legacy system (`aduan import`) keep the id they had there beside
-- their tracking id; lookups by it find the report.
CREATE TABLE legacy_ids (
    legacy_id TEXT PRIMARY KEY CHECK (legacy_id <> ''),
    report_id TEXT NOT NULL UNIQUE REFERENCES reports (tracking_id)
);
-- How far the import of each source got, written in the transaction of each batch it
-- commits, so that an interrupted import resumes after its last committed batch; the
-- fingerprint of the file's beginning tells a resumed run it reads the same file.
CREATE TABLE import_marks (
    source      TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    line        BIGINT NOT NULL,
    byte_offset BIGINT NOT NULL,
    imported    BIGINT NOT NULL,
    rejected    BIGINT NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- Attachments. The bytes live in the blob store under two keys: the original, kept as
-- evidence, and the sanitized copy without identifying metadata that others download. Each
-- blob belongs to exactly one attachment, so deleting one never breaks another.

CREATE TABLE attachments (
    id             BIGSERIAL PRIMARY KEY,
    report_id      TEXT NOT NULL REFERENCES reports (tracking_id),
    uploader       TEXT NOT NULL,
    uploader_role  TEXT NOT NULL,
    original_key   TEXT NOT NULL UNIQUE,
    sanitized_key  TEXT NOT NULL UNIQUE,
    mime           TEXT NOT NULL CHECK (mime <> ''),
    size           BIGINT NOT NULL CHECK (size > 0),
    sanitized_size BIGINT NOT NULL CHECK (sanitized_size > 0),
    sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
    -- As the uploader named it; may name the reporter, so never shown to agencies for
    -- anonymous reports.
    file_name      TEXT NOT NULL,
    public         BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX attachments_report_idx ON attachments (report_id, id);

-- Login sessions (bearer token and cookie), access codes of reporters without an account,
-- and idempotency keys of submissions. Secrets are stored only as SHA-256 hashes.

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE access_codes (
    code_hash   TEXT PRIMARY KEY,
    report_id   TEXT NOT NULL REFERENCES reports (tracking_id),
    reporter_id TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX access_codes_report_idx ON access_codes (report_id);

CREATE TABLE idempotency_keys (
    scope      TEXT NOT NULL,
    key        TEXT NOT NULL,
    report_id  TEXT NOT NULL REFERENCES reports (tracking_id),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (scope, key)
);

CREATE UNIQUE INDEX reporters_user_idx ON reporters (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX reports_feed_idx ON reports (submitted_at DESC, tracking_id DESC);
CREATE INDEX reports_requested_idx ON reports (requested_agency, status);

-- Staff's second factor and the two-person reveal (issue 20).
--
-- A staff member's TOTP secret (RFC 6238), sealed with the deployment key; confirmed once a
-- first code matched; the last time step accepted, so that a code is good once.
CREATE TABLE second_factors (
    user_id      INTEGER PRIMARY KEY REFERENCES users (id),
    secret       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    confirmed_at TEXT,
    last_step    INTEGER NOT NULL DEFAULT 0
);
-- One-time recovery codes, kept as SHA-256 hashes; a used one keeps when it was used.
CREATE TABLE recovery_codes (
    user_id   INTEGER NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    used_at   TEXT,
    PRIMARY KEY (user_id, code_hash)
);
-- When the session's login passed the second factor (none: a password alone).
ALTER TABLE sessions ADD COLUMN second_factor_at TEXT;
-- A national admin's request to reveal an anonymous reporter's identity, carried out only when
-- a second authorised person approves it. At most one request per report waits at a time.
CREATE TABLE reveal_requests (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id    TEXT NOT NULL REFERENCES reports (tracking_id),
    requested_by INTEGER NOT NULL REFERENCES users (id),
    reason       TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'approved', 'refused')),
    decided_by   INTEGER REFERENCES users (id),
    decided_role TEXT,
    decided_at   TEXT,
    note         TEXT,
    defer_reason TEXT,
    notified_at  TEXT,
    CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX reveal_requests_waiting_idx ON reveal_requests (report_id)
    WHERE status = 'pending';
CREATE INDEX reveal_requests_status_idx ON reveal_requests (status, id);

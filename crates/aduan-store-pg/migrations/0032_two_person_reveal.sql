-- Staff's second factor and the two-person reveal (issue 20).
--
-- A staff member's TOTP secret (RFC 6238), sealed with the deployment key; confirmed once a
-- first code matched; the last time step accepted, so that a code is good once.
CREATE TABLE second_factors (
    user_id      BIGINT PRIMARY KEY REFERENCES users (id),
    secret       TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    confirmed_at TIMESTAMPTZ,
    last_step    BIGINT NOT NULL DEFAULT 0
);
-- One-time recovery codes, kept as SHA-256 hashes; a used one keeps when it was used.
CREATE TABLE recovery_codes (
    user_id   BIGINT NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    used_at   TIMESTAMPTZ,
    PRIMARY KEY (user_id, code_hash)
);
-- When the session's login passed the second factor (none: a password alone).
ALTER TABLE sessions ADD COLUMN second_factor_at TIMESTAMPTZ;
-- A national admin's request to reveal an anonymous reporter's identity, carried out only when
-- a second authorised person approves it. At most one request per report waits at a time.
CREATE TABLE reveal_requests (
    id           BIGSERIAL PRIMARY KEY,
    report_id    TEXT NOT NULL REFERENCES reports (tracking_id),
    requested_by BIGINT NOT NULL REFERENCES users (id),
    reason       TEXT NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'approved', 'refused')),
    decided_by   BIGINT REFERENCES users (id),
    decided_role TEXT,
    decided_at   TIMESTAMPTZ,
    note         TEXT,
    defer_reason TEXT,
    notified_at  TIMESTAMPTZ,
    CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX reveal_requests_waiting_idx ON reveal_requests (report_id)
    WHERE status = 'pending';
CREATE INDEX reveal_requests_status_idx ON reveal_requests (status, id);

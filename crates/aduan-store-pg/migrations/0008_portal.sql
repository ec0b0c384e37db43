-- The citizens' portal: support votes ("dukung"), moderated comments, password resets,
-- notification preferences, and erasure of an account's identity on its owner's request.

-- One vote per person and report: the primary key makes a second vote a no-op.
CREATE TABLE supports (
    report_id  TEXT NOT NULL REFERENCES reports (tracking_id),
    user_id    BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (report_id, user_id)
);

-- A hidden comment keeps its text for staff; hidden_reason says why it was hidden.
CREATE TABLE comments (
    id            BIGSERIAL PRIMARY KEY,
    report_id     TEXT NOT NULL REFERENCES reports (tracking_id),
    user_id       BIGINT NOT NULL REFERENCES users (id),
    body          TEXT NOT NULL CHECK (body <> ''),
    created_at    TIMESTAMPTZ NOT NULL,
    hidden_at     TIMESTAMPTZ,
    hidden_reason TEXT,
    CHECK (hidden_at IS NOT NULL OR hidden_reason IS NULL)
);
CREATE INDEX comments_report_idx ON comments (report_id, created_at, id);

-- Reset tokens are stored only as SHA-256 hashes and work once, before expires_at.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id);

-- An account without a row here has the default preferences (e-mail, no SMS, Indonesian).
CREATE TABLE user_preferences (
    user_id      BIGINT PRIMARY KEY REFERENCES users (id),
    notify_email BOOLEAN NOT NULL,
    notify_sms   BOOLEAN NOT NULL,
    language     TEXT NOT NULL CHECK (language IN ('id', 'en'))
);

-- Erasure on request (UU 27/2022). users keeps CHECK (email IS NOT NULL OR phone IS NOT NULL)
-- and its UNIQUE e-mail, so an erased account gets the placeholder e-mail
-- `erased-<id>@invalid` (the reserved .invalid domain: never deliverable, unique per id),
-- an empty name, no phone, NIK or password, is disabled, and records erased_at. Its old e-mail
-- address and phone number then find no account, and without a password it cannot log in.
ALTER TABLE users ADD COLUMN erased_at TIMESTAMPTZ;

-- Access recovery looks reporters up by the contact they gave.
CREATE INDEX reporters_email_idx ON reporters (email) WHERE email IS NOT NULL;
CREATE INDEX reporters_phone_idx ON reporters (phone) WHERE phone IS NOT NULL;

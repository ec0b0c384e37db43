-- no-transaction
-- Partner systems (issue 17): a regional complaint application, a city's Open311 client or a
-- legacy LAPOR! integration files reports as channel `api:<slug>` with keys of its own, only
-- for the agencies and regions listed on it, and hears of its reports' changes by webhook.
--
-- Webhooks travel through the outbox (recipient kind `partner`, channel `webhook`); SQLite
-- cannot change a CHECK constraint in place, so `outbox` is rebuilt by SQLite's documented
-- procedure (foreign keys off, one transaction, copy, swap, check, foreign keys on).
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE partners (
    slug           TEXT PRIMARY KEY CHECK (slug <> ''),
    name           TEXT NOT NULL CHECK (name <> ''),
    agencies       TEXT NOT NULL,
    regions        TEXT NOT NULL,
    webhook_url    TEXT,
    webhook_secret TEXT,
    created_at     TEXT NOT NULL,
    CHECK ((webhook_url IS NULL) = (webhook_secret IS NULL))
);
CREATE TABLE partner_keys (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    partner      TEXT NOT NULL REFERENCES partners (slug),
    key_hash     TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT,
    revoked_at   TEXT,
    last_used_at TEXT
);
CREATE INDEX partner_keys_partner_idx ON partner_keys (partner, id);
CREATE TABLE partner_reports (
    partner     TEXT NOT NULL REFERENCES partners (slug),
    partner_ref TEXT NOT NULL CHECK (partner_ref <> ''),
    report_id   TEXT NOT NULL UNIQUE REFERENCES reports (tracking_id),
    fingerprint TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (partner, partner_ref)
);
CREATE TABLE outbox_new (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('reporter', 'user', 'address', 'partner')),
    recipient      TEXT NOT NULL,
    channel        TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'log', 'webhook')),
    template       TEXT NOT NULL CHECK (template <> ''),
    language       TEXT NOT NULL CHECK (language IN ('id', 'en')),
    payload        TEXT NOT NULL,
    secret         TEXT,
    dedup_key      TEXT NOT NULL UNIQUE,
    state          TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead')),
    attempts       INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT,
    job_id         INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL,
    sent_at        TEXT,
    erased_at      TEXT,
    CHECK (state = 'pending' OR secret IS NULL),
    CHECK ((state = 'sent') = (sent_at IS NOT NULL))
);
INSERT INTO outbox_new (id, recipient_kind, recipient, channel, template, language, payload,
    secret, dedup_key, state, attempts, last_error, job_id, created_at, sent_at, erased_at)
SELECT id, recipient_kind, recipient, channel, template, language, payload,
    secret, dedup_key, state, attempts, last_error, job_id, created_at, sent_at, erased_at
FROM outbox;
-- Keep the id sequence where it was, so that no id is ever used twice.
DELETE FROM sqlite_sequence WHERE name = 'outbox_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_new', seq FROM sqlite_sequence WHERE name = 'outbox';
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_pending_idx ON outbox (job_id) WHERE state = 'pending';
CREATE INDEX outbox_state_idx ON outbox (state, id);
CREATE INDEX outbox_address_idx ON outbox (created_at) WHERE recipient_kind = 'address' AND erased_at IS NULL;
CREATE INDEX outbox_job_idx ON outbox (job_id);
CREATE INDEX outbox_failed_idx ON outbox (id)
    WHERE state = 'dead' OR (state = 'pending' AND last_error IS NOT NULL);
CREATE INDEX outbox_partner_dead_idx ON outbox (recipient, id)
    WHERE recipient_kind = 'partner' AND state = 'dead';
COMMIT;
PRAGMA foreign_keys = ON;

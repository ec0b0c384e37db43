-- no-transaction
-- Chat and social intake (issue 18): Telegram, WhatsApp and X. A reporter who came through a
-- chat is known by their handle on it (`reporters.chat`, `<network>:<id>`), which is identity
-- like a phone number. Each conversation's state is kept here so that any instance can take
-- the next message; each network message is claimed before it is handled and marked done
-- with the conversation's step (`chat_inbox`), so it is handled once.
--
-- Chat messages travel through the outbox (channel `chat`); SQLite cannot change a CHECK
-- constraint in place, so `outbox` is rebuilt by SQLite's documented procedure, as in 0023.
PRAGMA foreign_keys = OFF;
BEGIN;
ALTER TABLE reporters ADD COLUMN chat TEXT;
CREATE INDEX reporters_chat_idx ON reporters (chat) WHERE chat IS NOT NULL;
CREATE TABLE chat_conversations (
    network         TEXT NOT NULL CHECK (network IN ('telegram', 'whatsapp', 'x')),
    sender          TEXT NOT NULL CHECK (sender <> ''),
    language        TEXT NOT NULL CHECK (language IN ('id', 'en')),
    step            TEXT,
    draft           TEXT NOT NULL,
    last_inbound_at TEXT NOT NULL,
    expires_at      TEXT,
    version         INTEGER NOT NULL,
    PRIMARY KEY (network, sender),
    CHECK ((step IS NULL) = (expires_at IS NULL))
);
CREATE INDEX chat_conversations_expiry_idx ON chat_conversations (expires_at)
    WHERE expires_at IS NOT NULL;
CREATE TABLE chat_inbox (
    network     TEXT NOT NULL,
    message_id  TEXT NOT NULL CHECK (message_id <> ''),
    received_at TEXT NOT NULL,
    done_at     TEXT,
    PRIMARY KEY (network, message_id)
);
CREATE INDEX chat_inbox_received_idx ON chat_inbox (received_at);
CREATE TABLE outbox_new (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('reporter', 'user', 'address', 'partner')),
    recipient      TEXT NOT NULL,
    channel        TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'log', 'webhook', 'chat')),
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

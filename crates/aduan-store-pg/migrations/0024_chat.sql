-- Chat and social intake (issue 18): Telegram, WhatsApp and X. A reporter who came through a
-- chat is known by their handle on it (`reporters.chat`, `<network>:<id>`), which is identity
-- like a phone number. Each conversation's state is kept here so that any instance can take
-- the next message; each network message is claimed before it is handled and marked done
-- with the conversation's step (`chat_inbox`), so it is handled once.
ALTER TABLE reporters ADD COLUMN chat TEXT;
CREATE INDEX reporters_chat_idx ON reporters (chat) WHERE chat IS NOT NULL;
CREATE TABLE chat_conversations (
    network         TEXT NOT NULL CHECK (network IN ('telegram', 'whatsapp', 'x')),
    sender          TEXT NOT NULL CHECK (sender <> ''),
    language        TEXT NOT NULL CHECK (language IN ('id', 'en')),
    step            TEXT,
    draft           TEXT NOT NULL,
    last_inbound_at TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ,
    version         BIGINT NOT NULL,
    PRIMARY KEY (network, sender),
    CHECK ((step IS NULL) = (expires_at IS NULL))
);
CREATE INDEX chat_conversations_expiry_idx ON chat_conversations (expires_at)
    WHERE expires_at IS NOT NULL;
CREATE TABLE chat_inbox (
    network     TEXT NOT NULL,
    message_id  TEXT NOT NULL CHECK (message_id <> ''),
    received_at TIMESTAMPTZ NOT NULL,
    done_at     TIMESTAMPTZ,
    PRIMARY KEY (network, message_id)
);
CREATE INDEX chat_inbox_received_idx ON chat_inbox (received_at);
-- Chat messages travel through the outbox: channel `chat`.
ALTER TABLE outbox DROP CONSTRAINT outbox_channel_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_channel_check
    CHECK (channel IN ('email', 'sms', 'log', 'webhook', 'chat'));

-- E-mail intake (`aduan ingest-email`): one row per message taken in, so that an MTA's retry
-- of a message already filed is not filed twice. `key` is a SHA-256 digest of the Message-ID
-- (of the whole message when it has none): the record keeps no address. Rows are forgotten
-- once the MTA would have stopped retrying.

CREATE TABLE mail_in_messages (
    key         TEXT PRIMARY KEY CHECK (length(key) = 64),
    state       TEXT NOT NULL CHECK (state IN ('processing', 'done')),
    outcome     TEXT,
    tracking_id TEXT,
    claimed_at  TEXT NOT NULL,
    finished_at TEXT,
    CHECK ((state = 'done') = (finished_at IS NOT NULL AND outcome IS NOT NULL))
);

CREATE INDEX mail_in_messages_finished ON mail_in_messages (finished_at) WHERE state = 'done';

-- The SMS channel. Every gateway message id handled, with the answer given (sealed with the
-- deployment key: a confirmation carries an access code), so that a gateway retrying a request
-- whose answer was lost gets the same answer and nothing is done twice. No phone number here.
CREATE TABLE sms_inbound (
    gateway_id  TEXT PRIMARY KEY CHECK (gateway_id <> ''),
    claimed_at  TEXT NOT NULL,
    answer      TEXT,
    report_id   TEXT,
    answered_at TEXT,
    CHECK ((answer IS NULL) = (answered_at IS NULL))
);
CREATE INDEX sms_inbound_claimed_idx ON sms_inbound (claimed_at);

-- Messages per sender per time window: the flood limit, shared by every instance. The sender
-- is a keyed hash of the number, never the number.
CREATE TABLE sms_senders (
    sender       TEXT NOT NULL,
    window_start TEXT NOT NULL,
    count        INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (sender, window_start)
);
CREATE INDEX sms_senders_window_idx ON sms_senders (window_start);

-- Delivery reports for each part of an outgoing SMS, as the gateway sends them back.
CREATE TABLE sms_deliveries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    outbox_id   INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    part        INTEGER NOT NULL CHECK (part > 0),
    status      TEXT NOT NULL
                CHECK (status IN ('delivered', 'failed', 'buffered', 'accepted', 'rejected')),
    detail      TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (outbox_id, part, status)
);

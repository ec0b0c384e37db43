-- Partner systems (issue 17): a regional complaint application, a city's Open311 client or a
-- legacy LAPOR! integration files reports as channel `api:<slug>` with keys of its own, only
-- for the agencies and regions listed on it, and hears of its reports' changes by webhook.
CREATE TABLE partners (
    slug           TEXT PRIMARY KEY CHECK (slug <> ''),
    name           TEXT NOT NULL CHECK (name <> ''),
    -- JSON arrays: the agency slugs and region codes (a province `35` covers `35.78`) it
    -- may file for.
    agencies       TEXT NOT NULL,
    regions        TEXT NOT NULL,
    -- Where status changes go, and the signing secret sealed with the deployment key.
    webhook_url    TEXT,
    webhook_secret TEXT,
    created_at     timestamptz NOT NULL,
    CHECK ((webhook_url IS NULL) = (webhook_secret IS NULL))
);
-- Only a key's SHA-256 is kept (keys are 160 random bits); the prefix names it on lists. A
-- rotated key stays valid until `expires_at`; a revoked one never again.
CREATE TABLE partner_keys (
    id           BIGSERIAL PRIMARY KEY,
    partner      TEXT NOT NULL REFERENCES partners (slug),
    key_hash     TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    last_used_at timestamptz
);
CREATE INDEX partner_keys_partner_idx ON partner_keys (partner, id);
-- The partner's own reference of each report it filed, written in the report's transaction;
-- the fingerprint of the filing tells a repeat from a clash.
CREATE TABLE partner_reports (
    partner     TEXT NOT NULL REFERENCES partners (slug),
    partner_ref TEXT NOT NULL CHECK (partner_ref <> ''),
    report_id   TEXT NOT NULL UNIQUE REFERENCES reports (tracking_id),
    fingerprint TEXT NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (partner, partner_ref)
);
-- Webhooks travel through the outbox: recipient kind `partner` (the slug), channel `webhook`.
ALTER TABLE outbox DROP CONSTRAINT outbox_recipient_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_recipient_kind_check
    CHECK (recipient_kind IN ('reporter', 'user', 'address', 'partner'));
ALTER TABLE outbox DROP CONSTRAINT outbox_channel_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_channel_check
    CHECK (channel IN ('email', 'sms', 'log', 'webhook'));
CREATE INDEX outbox_partner_dead_idx ON outbox (recipient, id)
    WHERE recipient_kind = 'partner' AND state = 'dead';

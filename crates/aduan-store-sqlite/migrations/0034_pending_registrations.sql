-- Registrations waiting for their address to be confirmed (issue 21). An account is created only
-- when the link sent to the e-mail address or phone number is used, so that registering tells
-- nobody whether an address already has an account. The registration (name, contacts, NIK,
-- password hash) is sealed with the deployment key under the hash of the link's token; a row
-- works once, before expires_at.
CREATE TABLE pending_registrations (
    token_hash TEXT PRIMARY KEY,
    sealed     TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX pending_registrations_expiry_idx ON pending_registrations (expires_at);

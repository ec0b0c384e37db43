-- The rate limiter's buckets, shared by every instance. A bucket is a policy's name and a
-- keyed hash of what it limits (an account, an address, a contact, a report), never the
-- value. Times are milliseconds since the epoch.
CREATE TABLE rate_limits (
    bucket        TEXT PRIMARY KEY CHECK (bucket <> ''),
    window_start  BIGINT NOT NULL,
    hits          BIGINT NOT NULL CHECK (hits >= 0),
    blocked_until BIGINT,
    expires_at    BIGINT NOT NULL
);
CREATE INDEX rate_limits_expires_idx ON rate_limits (expires_at);

-- A submission's idempotency key remembers a fingerprint of the request it answered, so that
-- the same key with another body is refused instead of answered with someone else's report.
-- Keys stored before have none.
ALTER TABLE idempotency_keys ADD COLUMN fingerprint TEXT;

-- A code sent by access recovery is pending: it works alongside the reporter's current code,
-- and its first use revokes the others. Until then a recovery request changes nothing, so no
-- one can lock a reporter out by asking for a new code.
ALTER TABLE access_codes ADD COLUMN pending BOOLEAN NOT NULL DEFAULT false;

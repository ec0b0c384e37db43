-- Delivery across channels (issue 8).
--
-- How a reporter without an account chose to hear about their report: e-mail, SMS or both,
-- and in which language. NULL: no choice made (e-mail when given, else SMS; Indonesian).
-- Account holders hear as their account's preferences say.
ALTER TABLE reporters ADD COLUMN notify TEXT CHECK (notify IN ('email', 'sms', 'both'));
ALTER TABLE reporters ADD COLUMN notify_language TEXT CHECK (notify_language IN ('id', 'en'));

-- The failed-deliveries page: dead messages and those whose last attempt failed, newest first.
CREATE INDEX outbox_failed_idx ON outbox (id)
    WHERE state = 'dead' OR (state = 'pending' AND last_error IS NOT NULL);

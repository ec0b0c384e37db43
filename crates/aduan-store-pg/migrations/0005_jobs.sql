-- The job queue and the notification outbox.
--
-- A job is claimed by one worker at a time with a lease (locked_by, locked_until); a worker
-- that dies loses its claim when the lease runs out. dedup_key makes enqueueing idempotent, so
-- a job's database effect happens once. Failed runs are retried with backoff and dead-lettered
-- after max_attempts.

CREATE TABLE jobs (
    id           BIGSERIAL PRIMARY KEY,
    name         TEXT NOT NULL CHECK (name <> ''),
    payload      TEXT NOT NULL,
    priority     INTEGER NOT NULL DEFAULT 0,
    run_at       TIMESTAMPTZ NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
    last_error   TEXT,
    state        TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'dead')),
    locked_by    TEXT,
    locked_until TIMESTAMPTZ,
    dedup_key    TEXT UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    CHECK ((state = 'running') = (locked_by IS NOT NULL AND locked_until IS NOT NULL)),
    CHECK ((state IN ('done', 'dead')) = (finished_at IS NOT NULL))
);
CREATE INDEX jobs_due_idx ON jobs (priority DESC, run_at, id) WHERE state = 'queued';
CREATE INDEX jobs_lease_idx ON jobs (locked_until) WHERE state = 'running';
CREATE INDEX jobs_state_idx ON jobs (state, id);

-- Messages written in the same transaction as the change they tell about, each delivered by
-- its own job. A secret (an access code) is sealed with the deployment key and never outlives
-- delivery or dead-letter: the CHECK below holds the database to it.
CREATE TABLE outbox (
    id             BIGSERIAL PRIMARY KEY,
    recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('reporter', 'user', 'address')),
    recipient      TEXT NOT NULL,
    channel        TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'log')),
    template       TEXT NOT NULL CHECK (template <> ''),
    language       TEXT NOT NULL CHECK (language IN ('id', 'en')),
    payload        TEXT NOT NULL,
    secret         TEXT,
    dedup_key      TEXT NOT NULL UNIQUE,
    state          TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead')),
    attempts       INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT,
    job_id         BIGINT REFERENCES jobs (id) ON DELETE SET NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    sent_at        TIMESTAMPTZ,
    erased_at      TIMESTAMPTZ,
    CHECK (state = 'pending' OR secret IS NULL),
    CHECK ((state = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX outbox_pending_idx ON outbox (job_id) WHERE state = 'pending';
CREATE INDEX outbox_state_idx ON outbox (state, id);
CREATE INDEX outbox_address_idx ON outbox (created_at) WHERE recipient_kind = 'address' AND erased_at IS NULL;
CREATE INDEX outbox_job_idx ON outbox (job_id);

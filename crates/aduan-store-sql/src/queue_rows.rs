//! Rows and SQL of the job queue, the outbox and retention shared by both backends. Statements
//! are written with `?`; PostgreSQL numbers them with [`crate::numbered`]. Where the two
//! databases differ (claiming, time binding) each backend has its own text.

use crate::Stmt;
use crate::rows::corrupt;
use aduan_store::{
    Job, JobId, JobState, Language, NotifyChannel, OutboxId, OutboxMessage, OutboxState,
    RecipientKind, SealedSecret, StoreError,
};
use chrono::{DateTime, Utc};

/// The columns of `jobs`, in the order [`JobRow`] reads them.
pub const JOB_COLUMNS: &str = "id, name, payload, priority, run_at, attempts, max_attempts, \
    last_error, state, locked_by, locked_until, dedup_key, created_at, finished_at";

/// Inserts a job unless its dedup key is taken; returns the new id.
pub static INSERT_JOB: Stmt = Stmt::new(
    "INSERT INTO jobs (name, payload, priority, run_at, max_attempts, \
    dedup_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING \
    RETURNING id",
);
/// The job holding a dedup key.
pub static JOB_BY_DEDUP: Stmt = Stmt::new("SELECT id FROM jobs WHERE dedup_key = ?");
/// Running jobs whose lease ran out before their last attempt go back to the queue.
/// Binds: now.
pub static REQUEUE_EXPIRED_JOBS: Stmt = Stmt::new(
    "UPDATE jobs SET state = 'queued', locked_by = NULL, \
    locked_until = NULL WHERE state = 'running' AND locked_until < ? AND attempts < max_attempts",
);
/// Running jobs whose lease ran out on their last attempt are dead. Binds: now, now.
pub static BURY_EXPIRED_JOBS: Stmt = Stmt::new(
    "UPDATE jobs SET state = 'dead', locked_by = NULL, \
    locked_until = NULL, finished_at = ?, last_error = 'the lease ran out on the last attempt: \
    the worker stopped or the job ran too long' WHERE state = 'running' AND locked_until < ? \
    AND attempts >= max_attempts",
);
/// Pending messages whose delivery job is dead die with it, their secret wiped.
pub static BURY_MESSAGES_OF_DEAD_JOBS: Stmt = Stmt::new(
    "UPDATE outbox SET state = 'dead', secret = NULL, \
    last_error = COALESCE(last_error, 'the delivery job is dead') WHERE state = 'pending' AND \
    EXISTS (SELECT 1 FROM jobs j WHERE j.id = outbox.job_id AND j.state = 'dead')",
);
/// Marks a held job done. Binds: now, id, worker.
pub static COMPLETE_JOB: Stmt = Stmt::new(
    "UPDATE jobs SET state = 'done', finished_at = ?, locked_by = NULL, \
    locked_until = NULL WHERE id = ? AND state = 'running' AND locked_by = ?",
);
/// Queues a failed job again. Binds: error, run_at, id.
pub static RETRY_JOB: Stmt = Stmt::new(
    "UPDATE jobs SET state = 'queued', last_error = ?, run_at = ?, \
    locked_by = NULL, locked_until = NULL WHERE id = ?",
);
/// Dead-letters a failed job. Binds: error, now, id.
pub static KILL_JOB: Stmt = Stmt::new(
    "UPDATE jobs SET state = 'dead', last_error = ?, finished_at = ?, \
    locked_by = NULL, locked_until = NULL WHERE id = ?",
);
/// Queues a dead job again. Binds: now, id.
pub static REQUEUE_DEAD_JOB: Stmt = Stmt::new(
    "UPDATE jobs SET state = 'queued', attempts = 0, run_at = ?, \
    finished_at = NULL WHERE id = ? AND state = 'dead'",
);
/// Deletes old done jobs. Binds: before.
pub static PURGE_DONE_JOBS: Stmt =
    Stmt::new("DELETE FROM jobs WHERE state = 'done' AND finished_at < ?");
/// Jobs per state.
pub static COUNT_JOBS: Stmt = Stmt::new("SELECT state, COUNT(*) FROM jobs GROUP BY state");
/// The longest-waiting queued job due by a moment. Binds: now.
pub static OLDEST_DUE_JOB: Stmt = Stmt::built(|| {
    format!(
        "SELECT {JOB_COLUMNS} FROM jobs WHERE state = 'queued' AND run_at <= ? \
         ORDER BY run_at LIMIT 1"
    )
});

/// The columns of `outbox`, in the order [`OutboxRow`] reads them.
pub const OUTBOX_COLUMNS: &str = "id, recipient_kind, recipient, channel, template, language, \
    payload, secret, dedup_key, state, attempts, last_error, job_id, created_at, sent_at";

/// Inserts a message unless its dedup key is taken; returns the new id.
pub static INSERT_OUTBOX: Stmt = Stmt::new(
    "INSERT INTO outbox (recipient_kind, recipient, channel, \
    template, language, payload, secret, dedup_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) \
    ON CONFLICT (dedup_key) DO NOTHING RETURNING id",
);
/// The message holding a dedup key.
pub static OUTBOX_BY_DEDUP: Stmt = Stmt::new("SELECT id FROM outbox WHERE dedup_key = ?");
/// Links a message to its delivery job. Binds: job, id.
pub static SET_OUTBOX_JOB: Stmt = Stmt::new("UPDATE outbox SET job_id = ? WHERE id = ?");
/// Marks a pending message sent and wipes its secret and its bare address (a sent message
/// keeps no address), and the text of a chat answer written plain by an earlier version
/// (`chat_text`). Binds: now, id.
pub static MARK_OUTBOX_SENT: Stmt = Stmt::new(
    "UPDATE outbox SET state = 'sent', sent_at = ?, secret = NULL, \
    recipient = CASE WHEN recipient_kind = 'address' THEN 'sent' ELSE recipient END, \
    payload = CASE WHEN template = 'chat_text' THEN '{}' ELSE payload END \
    WHERE id = ? AND state = 'pending'",
);
/// Records a failed attempt. Binds: error, id.
pub static RECORD_OUTBOX_FAILURE: Stmt = Stmt::new("UPDATE outbox SET last_error = ? WHERE id = ?");
/// Messages per state.
pub static COUNT_OUTBOX: Stmt = Stmt::new("SELECT state, COUNT(*) FROM outbox GROUP BY state");

/// Erases the identity of reporters whose reports are all closed and untouched since the
/// cutoff. Binds: now, cutoff.
pub static ERASE_REPORTERS: Stmt = Stmt::new(
    "UPDATE reporters SET name = NULL, email = NULL, phone = NULL, nik = NULL, chat = NULL, \
    key_id = NULL, sealed = NULL, email_ix = NULL, phone_ix = NULL, chat_ix = NULL, \
    erased_at = ? WHERE erased_at IS NULL \
    AND EXISTS (SELECT 1 FROM reports r WHERE r.reporter_id = reporters.id) \
    AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.reporter_id = reporters.id \
        AND (r.status NOT IN ('archived', 'deleted', 'completed') OR r.updated_at >= ?))",
);
/// `account` for an account's reporter, else `held` when anything of their identity is held,
/// else `none`. Binds: reporter.
pub static REPORTER_HOLDS: Stmt = Stmt::new(
    "SELECT CASE WHEN user_id IS NOT NULL THEN 'account' \
    WHEN sealed IS NOT NULL OR name IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL \
    OR nik IS NOT NULL OR chat IS NOT NULL THEN 'held' ELSE 'none' END \
    FROM reporters WHERE id = ?",
);
/// Erases one reporter's identity. Binds: now, reporter.
pub static ERASE_REPORTER: Stmt = Stmt::new(
    "UPDATE reporters SET name = NULL, email = NULL, phone = NULL, nik = NULL, chat = NULL, \
    key_id = NULL, sealed = NULL, email_ix = NULL, phone_ix = NULL, chat_ix = NULL, \
    erased_at = COALESCE(erased_at, ?) WHERE id = ?",
);
/// Erases the address and payload of finished messages to bare addresses written before the
/// cutoff. Binds: now, cutoff.
pub static ERASE_OUTBOX_ADDRESSES: Stmt = Stmt::new(
    "UPDATE outbox SET recipient = 'erased', payload = '{}', \
    erased_at = ? WHERE recipient_kind = 'address' AND state <> 'pending' AND erased_at IS NULL \
    AND created_at < ?",
);

/// A row of `jobs`.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct JobRow {
    pub id: i64,
    pub name: String,
    pub payload: String,
    pub priority: i32,
    pub run_at: DateTime<Utc>,
    pub attempts: i32,
    pub max_attempts: i32,
    pub last_error: Option<String>,
    pub state: String,
    pub locked_by: Option<String>,
    pub locked_until: Option<DateTime<Utc>>,
    pub dedup_key: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl JobRow {
    /// The stored job.
    pub fn into_job(self) -> Result<Job, StoreError> {
        Ok(Job {
            id: JobId(self.id),
            payload: serde_json::from_str(&self.payload)
                .map_err(|e| corrupt(format!("job {} payload: {e}", self.id)))?,
            name: self.name,
            priority: self.priority,
            run_at: self.run_at,
            attempts: self.attempts,
            max_attempts: self.max_attempts,
            last_error: self.last_error,
            state: JobState::parse(&self.state)
                .ok_or_else(|| corrupt(format!("job state `{}`", self.state)))?,
            locked_by: self.locked_by,
            locked_until: self.locked_until,
            dedup_key: self.dedup_key,
            created_at: self.created_at,
            finished_at: self.finished_at,
        })
    }
}

/// A row of `outbox`.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct OutboxRow {
    pub id: i64,
    pub recipient_kind: String,
    pub recipient: String,
    pub channel: String,
    pub template: String,
    pub language: String,
    pub payload: String,
    pub secret: Option<String>,
    pub dedup_key: String,
    pub state: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub job_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

fn known<T>(v: &str, parse: impl Fn(&str) -> Option<T>, what: &str) -> Result<T, StoreError> {
    parse(v).ok_or_else(|| corrupt(format!("outbox {what} `{v}`")))
}

impl OutboxRow {
    /// The stored message, its bare address opened with `key`.
    pub fn into_message(
        self,
        key: &aduan_store::DeploymentKey,
    ) -> Result<OutboxMessage, StoreError> {
        Ok(OutboxMessage {
            id: OutboxId(self.id),
            recipient_kind: known(&self.recipient_kind, RecipientKind::parse, "recipient kind")?,
            recipient: crate::store::open_recipient(key, self.recipient, &self.dedup_key)?,
            channel: known(&self.channel, NotifyChannel::parse, "channel")?,
            template: self.template,
            language: known(&self.language, Language::parse, "language")?,
            payload: serde_json::from_str(&self.payload)
                .map_err(|e| corrupt(format!("outbox {} payload: {e}", self.id)))?,
            secret: self.secret.map(SealedSecret),
            dedup_key: self.dedup_key,
            state: known(&self.state, OutboxState::parse, "state")?,
            attempts: self.attempts,
            last_error: self.last_error,
            job: self.job_id.map(JobId),
            created_at: self.created_at,
            sent_at: self.sent_at,
        })
    }
}

/// Folds `(state, count)` rows into per-state counts with `add`.
pub fn fold_counts<C: Default, S>(
    rows: Vec<(String, i64)>,
    parse: impl Fn(&str) -> Option<S>,
    mut add: impl FnMut(&mut C, S, u64),
) -> Result<C, StoreError> {
    let mut out = C::default();
    for (state, n) in rows {
        let s = parse(&state).ok_or_else(|| corrupt(format!("state `{state}`")))?;
        add(&mut out, s, u64::try_from(n).unwrap_or(0));
    }
    Ok(out)
}

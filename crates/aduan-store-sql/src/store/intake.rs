//! Group commit of new reports. Concurrent submissions queue for a committer task, which
//! writes everything queued in one write transaction, each submission inside its own
//! savepoint, and answers each only after the transaction's `COMMIT` returned: many reports
//! share one durable commit (one fsync) without any being acknowledged before it is on disk.
//! A submission that fails (a tracking id in use, a spent rate limit, a used idempotency key)
//! is rolled back to its savepoint and answered with its error; the others are unaffected. If
//! the commit itself fails, every submission of the batch is answered with the error and none
//! is written. A caller that went away before its batch began is not written.
//!
//! Each store has `lanes` committers (one suits SQLite's single writer; PostgreSQL gains from a
//! few, since one connection's statements run one after another). A submission's lane follows
//! its rate-limit bucket (else its reporter), so lanes never contend for one bucket's row. A
//! submission that failed inside a shared transaction for a reason other than a conflict or
//! its limit is tried once more alone after the others committed. A committer is started on first use in the caller's runtime and restarted if that
//! runtime ended.

use crate::other;
use crate::store::{db_err, sql_impl};
use aduan_domain::event::Event;
use aduan_domain::lifecycle::EventDraft;
use aduan_store::{EventActor, LimitVerdict, StoreError, StoreResult, StoredReport, SubmitExtras};
use sqlx::Pool;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, oneshot};

/// Most submissions one transaction carries.
const MAX_BATCH: usize = 64;

/// A new report and what it is stored with, owned, on its way to a committer.
pub(crate) struct Submission {
    pub report: StoredReport,
    /// The reporter's identity, already sealed (outside the committer's transaction).
    pub identity: Option<aduan_store::SealedIdentity>,
    pub event: EventDraft,
    pub actor: EventActor,
    pub extras: SubmitExtras,
    /// `extras.outbox` with its bare addresses sealed: what is written.
    pub outbox: super::SealedOutbox,
}

/// What writing one submission came to inside the batch.
enum Outcome {
    /// Written: its first event.
    Written(Event),
    /// Refused by its rate limit, whose count is kept; nothing else written.
    Limited(i64),
}

struct Pending {
    submission: Submission,
    answer: oneshot::Sender<StoreResult<Event>>,
}

type Lane = Mutex<Option<mpsc::UnboundedSender<Pending>>>;

/// How many transactions the committers committed and how many submissions they carried.
#[derive(Debug, Default)]
struct Counts {
    transactions: AtomicU64,
    submissions: AtomicU64,
}

/// The committers of one store, shared by its clones.
#[derive(Debug)]
pub(crate) struct Intake {
    lanes: Vec<Lane>,
    counts: Arc<Counts>,
}

impl Intake {
    /// Committers in `lanes` lanes (at least one).
    pub(crate) fn new(lanes: usize) -> Self {
        Self {
            lanes: (0..lanes.max(1)).map(|_| Mutex::new(None)).collect(),
            counts: Arc::default(),
        }
    }

    /// Transactions committed and submissions written through them so far.
    pub(crate) fn counts(&self) -> (u64, u64) {
        (
            self.counts.transactions.load(Ordering::Relaxed),
            self.counts.submissions.load(Ordering::Relaxed),
        )
    }

    /// The lane of a submission counted against `key` (its rate limit's bucket, else its
    /// reporter): one key always takes the same lane, so that two lanes never wait on each
    /// other's rows of one bucket or reporter (nor deadlock over two of them).
    fn lane(&self, key: &str) -> &Lane {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut h);
        &self.lanes[(h.finish() % self.lanes.len() as u64) as usize]
    }
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("report", &self.submission.report.tracking_id)
            .finish()
    }
}

sql_impl! {
impl SqlStore {
    /// Writes `submission` through a committer, answering once its transaction committed.
    pub(crate) async fn submit_grouped(&self, submission: Submission) -> StoreResult<Event> {
        let (answer, answered) = oneshot::channel();
        let key = match &submission.extras.limit {
            Some(hit) => hit.bucket.clone(),
            None => submission.report.reporter.to_string(),
        };
        let pending = Pending { submission, answer };
        {
            let mut lane = self
                .intake()
                .lane(&key)
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            let unsent = match lane.as_ref() {
                Some(queue) => queue.send(pending).err().map(|e| e.0),
                None => Some(pending),
            };
            if let Some(pending) = unsent {
                let (queue, queued) = mpsc::unbounded_channel();
                let counts = self.intake().counts.clone();
                tokio::spawn(Self::committer(self.pool().clone(), counts, queued));
                queue.send(pending).map_err(|_| stopped())?;
                *lane = Some(queue);
            }
        }
        answered.await.map_err(|_| stopped())?
    }

    /// Commits what arrives on `queued`, everything waiting at once, until the store is gone.
    async fn committer(
        pool: Pool<D::DB>,
        counts: Arc<Counts>,
        mut queued: mpsc::UnboundedReceiver<Pending>,
    ) {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        while queued.recv_many(&mut batch, MAX_BATCH).await > 0 {
            batch.retain(|p| !p.answer.is_closed());
            if !batch.is_empty() {
                let written = Self::commit_batch(&pool, std::mem::take(&mut batch)).await;
                counts.transactions.fetch_add(1, Ordering::Relaxed);
                counts.submissions.fetch_add(written, Ordering::Relaxed);
            }
        }
    }

    /// Writes `batch` in one transaction and answers each; how many were written. A
    /// submission of a shared transaction that failed for a reason of its own making
    /// (anything but a conflict or its rate limit: a lock wait gone wrong, say) is tried once
    /// more alone after the others committed.
    async fn commit_batch(pool: &Pool<D::DB>, batch: Vec<Pending>) -> u64 {
        let mut results = Vec::with_capacity(batch.len());
        let committed = Self::write_batch(pool, &batch, &mut results).await;
        // Retried alone only when the shared transaction committed: a failed COMMIT may have
        // written everything, and a retry would file the same report twice.
        let shared = batch.len() > 1 && committed.is_ok();
        let limited_at = batch
            .iter()
            .filter_map(|p| p.submission.extras.limit.as_ref())
            .map(|l| l.at)
            .max();
        let mut results = results.into_iter();
        let mut written = 0;
        for pending in batch {
            let mut result = match (&committed, results.next()) {
                (Ok(()), Some(result)) => result,
                (Ok(()), None) => Err(StoreError::Other("no outcome was recorded".into())),
                (Err(e), _) => Err(StoreError::Other(
                    format!("the intake transaction failed: {e}").into(),
                )),
            };
            if shared && matches!(result, Err(StoreError::Other(_))) {
                let mut alone = Vec::with_capacity(1);
                let retried =
                    Self::write_batch(pool, std::slice::from_ref(&pending), &mut alone).await;
                result = match (retried, alone.pop()) {
                    (Ok(()), Some(r)) => r,
                    (Ok(()), None) => Err(StoreError::Other("no outcome was recorded".into())),
                    (Err(e), _) => Err(e),
                };
            }
            let answer = match result {
                Ok(Outcome::Written(event)) => {
                    written += 1;
                    Ok(event)
                }
                Ok(Outcome::Limited(retry_after)) => Err(StoreError::Limited { retry_after }),
                Err(e) => Err(e),
            };
            // The caller may have gone: what was written stays written.
            let _ = pending.answer.send(answer);
        }
        if let Some(at) = limited_at
            && D::LOCKS_ROWS
        {
            // Old buckets are forgotten outside the transaction where rows are locked.
            let _ = Self::forget_limits(pool, at.timestamp_millis()).await;
        }
        written
    }

    /// Writes each submission of `batch` in `results`' order inside one transaction, each in
    /// its own savepoint when there are several; `Ok` once the transaction committed.
    async fn write_batch(
        pool: &Pool<D::DB>,
        batch: &[Pending],
        results: &mut Vec<StoreResult<Outcome>>,
    ) -> StoreResult<()> {
        let mut tx = D::begin_write(pool).await.map_err(other)?;
        if let [only] = batch {
            let result = Self::write_one(&mut tx, &only.submission).await;
            let failed = result.is_err();
            results.push(result);
            if failed {
                tx.rollback().await.map_err(other)?;
                return Ok(());
            }
        } else {
            for pending in batch {
                Self::exec(&mut tx, "SAVEPOINT intake").await?;
                let result = Self::write_one(&mut tx, &pending.submission).await;
                let end = match result {
                    Ok(_) => "RELEASE SAVEPOINT intake",
                    Err(_) => "ROLLBACK TO SAVEPOINT intake",
                };
                Self::exec(&mut tx, end).await?;
                if result.is_err() {
                    Self::exec(&mut tx, "RELEASE SAVEPOINT intake").await?;
                }
                results.push(result);
            }
        }
        tx.commit().await.map_err(other)
    }

    async fn exec(
        tx: &mut sqlx::Transaction<'static, D::DB>,
        sql: &'static str,
    ) -> StoreResult<()> {
        sqlx::raw_sql(sql)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    /// One submission's rows inside `tx`: its rate limit's count first, then (unless refused)
    /// its reporter, report, first event and extras.
    async fn write_one(
        tx: &mut sqlx::Transaction<'static, D::DB>,
        s: &Submission,
    ) -> StoreResult<Outcome> {
        if let Some(hit) = &s.extras.limit
            && let LimitVerdict::Limited { retry_after } =
                Self::hit_limit_in(tx, &hit.bucket, &hit.policy, hit.at).await?
        {
            return Ok(Outcome::Limited(retry_after));
        }
        let event = Self::insert_new_in(
            tx,
            &s.report,
            s.identity.as_ref(),
            s.event.clone(),
            &s.actor,
            &s.extras,
        )
        .await?;
        Self::insert_event(tx, &event).await?;
        Self::insert_extras_in(tx, &s.report, &s.extras, &s.outbox).await?;
        Ok(Outcome::Written(event))
    }
}
}

fn stopped() -> StoreError {
    StoreError::Other("the intake committer stopped before answering".into())
}

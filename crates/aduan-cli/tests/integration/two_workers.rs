//! Two `aduan worker` processes on one PostgreSQL work through 10,000 due jobs; one is killed
//! with SIGKILL midway. Every job's effect happens once (counted in the database) and none is
//! lost. The kind of job is a parameter ([`Load`]), so other kinds (escalations) reuse it.

use super::workers::{until, worker};
use aduan_store::contract::access_code_message;
use aduan_store::{DeploymentKey, JobState, JobStore, NewOutboxMessage, NotifyChannel, Store};
use aduan_store_pg::testing::TestDatabase;
use chrono::Utc;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// A kind of job the two-worker test drives: how to queue `n` due jobs of it and how to count
/// their effects in the database. Escalations plug in here as another kind.
trait Load {
    /// The job name, for messages.
    const NAME: &'static str;
    /// Seed before the workers start (work found by a periodic scan at start) rather than
    /// while they run (work queued as it arrives).
    const SEED_FIRST: bool = false;
    /// Queues `n` due jobs; `key` is the workers' deployment key.
    async fn seed(&self, store: &dyn Store, key: &DeploymentKey, n: usize);
    /// How many jobs have had their effect.
    async fn effects(&self, store: &dyn Store) -> u64;
    /// The identifier each effect logs (`message_id=...`), to check none was lost on the way;
    /// none when the effect is counted in the database alone.
    fn log_key(&self, i: usize) -> Option<String>;
}

/// Outbox delivery through the log notifier: the effect is a `sent` message.
struct Deliveries;

impl Load for Deliveries {
    const NAME: &'static str = "deliver_outbox";

    async fn seed(&self, store: &dyn Store, key: &DeploymentKey, n: usize) {
        let messages: Vec<NewOutboxMessage> = (0..n)
            .map(|i| NewOutboxMessage {
                channel: NotifyChannel::Log,
                ..access_code_message(key, &format!("access_code:LOAD-{i:05}"))
            })
            .collect();
        for chunk in messages.chunks(1000) {
            store.insert_outbox(chunk, Utc::now()).await.unwrap();
        }
    }

    async fn effects(&self, store: &dyn Store) -> u64 {
        store.count_outbox().await.unwrap().sent
    }

    fn log_key(&self, i: usize) -> Option<String> {
        Some(format!("access_code:LOAD-{i:05}"))
    }
}

/// The `message_id`s the log notifier wrote, with how often each appeared.
pub(super) fn logged_ids(logs: &[&Path]) -> BTreeMap<String, u32> {
    let mut ids = BTreeMap::new();
    for log in logs {
        for line in std::fs::read_to_string(log).unwrap().lines() {
            if let Some(rest) = line.split("message_id=").nth(1) {
                let id = rest.split_whitespace().next().unwrap_or_default();
                *ids.entry(id.to_owned()).or_insert(0) += 1;
            }
        }
    }
    ids
}

/// Two workers drain `n` jobs of `load`; the first is SIGKILLed once `kill_at` effects exist.
async fn two_workers_drain<L: Load>(load: L, n: usize, kill_at: u64) {
    let db = TestDatabase::create().await;
    let store = db.store().await;
    let dir = tempfile::tempdir().unwrap();
    let key = aduan_store::Keyring::for_tests().deployment_key();
    let (log_a, log_b) = (dir.path().join("a.log"), dir.path().join("b.log"));
    if L::SEED_FIRST {
        load.seed(&store, &key, n).await;
    }
    let started = Instant::now();
    let mut a = worker(&db.url, dir.path(), &key, &log_a);
    let b = worker(&db.url, dir.path(), &key, &log_b);
    // The jobs arrive while the workers run, as they would in service.
    let kill = async {
        until(
            Duration::from_secs(120),
            "the workers to get going",
            || async { load.effects(&store).await >= kill_at },
        )
        .await;
        a.child().kill().unwrap(); // SIGKILL: no chance to finish or release its jobs
        a.child().wait().unwrap();
        load.effects(&store).await
    };
    let seed = async {
        if !L::SEED_FIRST {
            load.seed(&store, &key, n).await;
        }
    };
    let ((), killed_at) = tokio::join!(seed, kill);

    until(Duration::from_secs(240), "every job to be done", || async {
        let c = store.count_jobs().await.unwrap();
        c.queued + c.running == 0 && load.effects(&store).await == n as u64
    })
    .await;
    let elapsed = started.elapsed();
    let out = b.terminate();
    assert!(out.status.success(), "worker b stops cleanly on SIGTERM");
    assert!(String::from_utf8_lossy(&out.stdout).contains("aduan worker stopped"));

    let jobs: Vec<_> = store
        .list_jobs(None, 2 * n as u32 + 1_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.name == L::NAME)
        .collect();
    assert_eq!(jobs.len(), n, "one job per effect, none lost");
    assert!(jobs.iter().all(|j| j.state == JobState::Done));
    assert_eq!(
        load.effects(&store).await,
        n as u64,
        "every effect exactly once"
    );
    let runs: i64 = jobs.iter().map(|j| i64::from(j.attempts)).sum();
    let rerun = runs - n as i64;
    assert!(
        (0..=8).contains(&rerun),
        "only the jobs the killed worker held (2 loops × 4) ran again, got {rerun}"
    );
    let logged = logged_ids(&[&log_a, &log_b]);
    for key in (0..n).filter_map(|i| load.log_key(i)) {
        assert!(logged.contains_key(&key), "{key} was never delivered");
    }
    let repeats: u32 = logged.values().map(|c| c - 1).sum();
    eprintln!(
        "{}: {n} jobs by two workers in {:.1} s, one SIGKILLed after {killed_at} effects; \
         {rerun} jobs ran again after its lease ran out, {repeats} messages went out twice",
        L::NAME,
        elapsed.as_secs_f64()
    );
}

/// Escalations of reports whose first follow-up is overdue: the workers' periodic scan finds
/// them and queues one `escalate_report` job each; the effect is an `escalate` event.
struct Escalations;

impl Load for Escalations {
    const NAME: &'static str = "escalate_report";
    const SEED_FIRST: bool = true;

    async fn seed(&self, store: &dyn Store, _key: &DeploymentKey, n: usize) {
        let histories: Vec<_> = (0..n).map(|i| super::overdue_history(i as u64)).collect();
        for chunk in histories.chunks(1000) {
            store
                .insert_histories(chunk, &aduan_domain::workdays::WorkCalendar::new([]))
                .await
                .unwrap();
        }
    }

    async fn effects(&self, store: &dyn Store) -> u64 {
        let mut escalated = 0;
        let mut after = None;
        loop {
            let heads = store.list_report_heads(after.as_ref(), 1000).await.unwrap();
            let Some(last) = heads.last() else { break };
            after = Some(last.tracking_id);
            let events = store
                .list_events_between(&heads[0].tracking_id, &last.tracking_id)
                .await
                .unwrap();
            escalated += events
                .iter()
                .filter(|e| e.action.as_str() == "escalate")
                .count() as u64;
        }
        escalated
    }

    fn log_key(&self, _i: usize) -> Option<String> {
        None
    }
}

#[tokio::test]
#[ignore = "needs PostgreSQL: run with --include-ignored and ADUAN_TEST_PG_URL"]
async fn two_workers_escalate_10000_overdue_reports_once_each_though_one_is_killed_midway() {
    two_workers_drain(Escalations, 10_000, 2_000).await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL: run with --include-ignored and ADUAN_TEST_PG_URL"]
async fn two_workers_deliver_10000_messages_once_each_though_one_is_killed_midway() {
    two_workers_drain(Deliveries, 10_000, 3_000).await;
}

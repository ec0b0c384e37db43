//! `aduan worker` and `aduan jobs` as an operator runs them: a worker delivers, stops cleanly
//! on SIGTERM, refuses the memory notifier; a dead job is listed, flagged and queued again.

use super::aduan_bin;
use aduan_store::{
    DeploymentKey, JobState, JobStore, Language, NewOutboxMessage, NotifyChannel, OutboxStore,
    RecipientKind,
};
use chrono::Utc;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `aduan worker`, killed if the test fails before stopping it.
pub struct Running(Option<Child>);

impl Running {
    pub fn child(&mut self) -> &mut Child {
        self.0.as_mut().unwrap()
    }

    /// SIGTERM, then its exit and output.
    pub fn terminate(mut self) -> std::process::Output {
        let child = self.0.take().unwrap();
        let ok = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
        child.wait_with_output().unwrap()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

pub fn worker(db: &str, data: &Path, key: &DeploymentKey, log: &Path) -> Running {
    Running(Some(
        aduan_bin()
            .args(["worker", "--lease-seconds", "3", "--poll-ms", "50"])
            .env("ADUAN_DATABASE_URL", db)
            .env("ADUAN_DATA_DIR", data)
            .env("ADUAN_SECRET_KEY", key.to_base64().as_str())
            .env("ADUAN_WORKER_CONCURRENCY", "2")
            .env("ADUAN_LOG", "warn,aduan_jobs::notify=info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(log).unwrap())
            .spawn()
            .unwrap(),
    ))
}

/// Waits (polling the database, never for a fixed time) until `done` holds, at most `limit`.
pub async fn until<F: Future<Output = bool>>(
    limit: Duration,
    what: &str,
    mut done: impl FnMut() -> F,
) {
    let start = Instant::now();
    while !done().await {
        assert!(start.elapsed() < limit, "gave up waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_worker_delivers_pending_messages_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("aduan.db").display());
    let store = aduan_store_sqlite::SqliteStore::connect(&url, aduan_store::Keyring::for_tests())
        .await
        .unwrap();
    let key = aduan_store::Keyring::for_tests().deployment_key();
    let m = NewOutboxMessage {
        recipient_kind: RecipientKind::Address,
        recipient: "warga@example.id".into(),
        channel: NotifyChannel::Log,
        template: "report_received".into(),
        language: Language::Id,
        payload: serde_json::json!({}),
        secret: Some(key.seal("1234", "m1")),
        dedup_key: "m1".into(),
    };
    store.insert_outbox(&[m], Utc::now()).await.unwrap();
    let log = dir.path().join("worker.log");
    let child = worker(&url, dir.path(), &key, &log);
    until(Duration::from_secs(30), "the delivery", || async {
        store.count_outbox().await.unwrap().sent == 1
    })
    .await;
    let out = child.terminate();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("aduan worker stopped"), "{stdout}");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("message_id=m1"), "{text}");
    assert!(
        !text.contains("warga@example.id") && !text.contains("1234"),
        "{text}"
    );
    let sent = store.list_outbox(None, 1).await.unwrap();
    assert_eq!(sent[0].secret, None);
}

#[test]
fn a_worker_refuses_the_memory_notifier_and_a_short_retention_period() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("aduan.db").display());
    let run = |var: &str, value: &str| {
        aduan_bin()
            .arg("worker")
            .env("ADUAN_DATABASE_URL", &url)
            .env("ADUAN_DATA_DIR", dir.path())
            .env(var, value)
            .output()
            .unwrap()
    };
    let memory = run("ADUAN_NOTIFIER", "memory");
    assert!(!memory.status.success());
    assert!(String::from_utf8_lossy(&memory.stderr).contains("for tests only"));
    let short = run("ADUAN_RETENTION_DAYS", "7");
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("retention_days must be at least 30"));
}

fn readyz(serve: &mut Child) -> String {
    use std::io::{Read, Write};
    let addr = super::serving_address(serve);
    let mut conn = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        conn,
        "GET /readyz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    conn.read_to_string(&mut response).unwrap();
    response
}

#[tokio::test]
async fn a_dead_job_is_listed_flagged_by_readyz_and_queued_again_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("aduan.db").display());
    let store = aduan_store_sqlite::SqliteStore::connect(&url, aduan_store::Keyring::for_tests())
        .await
        .unwrap();
    let now = Utc::now();
    let job = aduan_store::NewJob::new("escalate_overdue_reports", serde_json::json!({}), now)
        .max_attempts(1);
    let id = store.enqueue_job(&job, now).await.unwrap().id;
    store
        .claim_jobs(
            "w",
            &["escalate_overdue_reports"],
            now,
            chrono::Duration::minutes(1),
            1,
        )
        .await
        .unwrap();
    store
        .fail_job(id, "w", "agency directory unreachable", now)
        .await
        .unwrap();

    let list = super::aduan(&url)
        .args(["jobs", "list", "--state", "dead"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&list.stdout);
    assert!(
        out.starts_with(&format!("{id}\tescalate_overdue_reports\tdead\t1/1\t")),
        "{out}"
    );
    assert!(out.contains("agency directory unreachable"), "{out}");
    let counts = super::aduan(&url)
        .args(["jobs", "counts"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&counts.stdout).contains("0 done, 1 dead"));

    let mut serve = Running(Some(
        super::aduan(&url)
            .args(["serve", "--no-worker", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    ));
    let response = readyz(serve.child());
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(
        response.contains("jobs_dead: 1 background jobs"),
        "{response}"
    );
    drop(serve);

    let again = super::aduan(&url)
        .args(["jobs", "requeue", &id.to_string()])
        .output()
        .unwrap();
    assert!(again.status.success(), "{again:?}");
    let job = store.get_job(id).await.unwrap().unwrap();
    assert_eq!((job.state, job.attempts), (JobState::Queued, 0));
    let twice = super::aduan(&url)
        .args(["jobs", "requeue", &id.to_string()])
        .output()
        .unwrap();
    assert!(!twice.status.success());
    assert!(String::from_utf8_lossy(&twice.stderr).contains("no dead job"));
}

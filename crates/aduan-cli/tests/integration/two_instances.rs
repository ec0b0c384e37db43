//! Two `aduan serve` processes on one PostgreSQL, as behind a load balancer, each running its
//! own worker. Submissions and staff dispatches go through both at once; afterwards every
//! acknowledged report is stored once with its one dispatch, every job ran once and every
//! notice went out once (by whichever instance took it), a session begun on one holds on the
//! other, a login limit and the submission
//! limit count attempts made on either instance, and a category renamed through one is shown
//! by the other within its polling interval.

use super::aduan;
use super::crash::submit;
use super::two_workers::logged_ids;
use super::workers::until;
use aduan_store::{DeploymentKey, JobState, JobStore, OutboxStore, ReportStore};
use aduan_store_pg::testing::TestDatabase;
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

const CLIENTS: usize = 6;
const EACH: usize = 30;
const ADMIN: &str = "admin@dua.aduan.invalid";
const PASSWORD: &str = "kata-sandi-yang-panjang";
/// `reference_poll_seconds` of both instances.
const POLL_SECONDS: u64 = 1;

/// A request on `addr`; its status and JSON body (`Null` when none).
fn call(addr: &str, method: &str, path: &str, headers: &str, body: Option<&Value>) -> (u16, Value) {
    let body = body.map(Value::to_string).unwrap_or_default();
    let (status, answer) = super::request(addr, method, path, headers, &body);
    (status, serde_json::from_str(&answer).unwrap_or(Value::Null))
}

/// `aduan serve` (worker in-process) on `url` with the shared settings; the child, its address.
fn instance(url: &str, dir: &Path, name: &str, key: &DeploymentKey) -> (Child, String) {
    let mut child = aduan(url)
        .arg("--config")
        .arg(dir.join("aduan.toml"))
        .arg("--data-dir")
        .arg(dir.join(name))
        .arg("serve")
        .env("ADUAN_LISTEN", "127.0.0.1:0")
        .env("ADUAN_SECRET_KEY", key.to_base64().as_str())
        .env("ADUAN_LOG", "warn,aduan_jobs::notify=info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(dir.join(format!("{name}.log"))).unwrap())
        .spawn()
        .unwrap();
    let addr = super::serving_address(&mut child);
    (child, addr)
}

fn login(addr: &str, password: &str) -> (u16, Value) {
    let body = json!({"login": ADMIN, "password": password});
    call(addr, "POST", "/api/v1/auth/login", "", Some(&body))
}

#[tokio::test]
#[ignore = "needs PostgreSQL: run with --include-ignored and ADUAN_TEST_PG_URL"]
async fn two_instances_on_one_database_lose_duplicate_and_forget_nothing() {
    let db = TestDatabase::create().await;
    let store = db.store().await;
    let dir = tempfile::tempdir().unwrap();
    let key = aduan_store::Keyring::for_tests().deployment_key();
    std::fs::write(
        dir.path().join("aduan.toml"),
        format!(
            "trusted_proxies = [\"127.0.0.1/32\"]\nreference_poll_seconds = {POLL_SECONDS}\n\
             [limits.submit_address]\nattempts = 4\nwindow_seconds = 3600\n\
             delay_seconds = 0\nmax_delay_seconds = 0\n"
        ),
    )
    .unwrap();
    super::add_national_admin(&db.url, ADMIN, PASSWORD);

    // Both start at once on the empty database, as a deployment's instances do.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| instance(&db.url, dir.path(), "a", &key));
        let b = s.spawn(|| instance(&db.url, dir.path(), "b", &key));
        (a.join().unwrap(), b.join().unwrap())
    });
    let ((mut child_a, addr_a), (mut child_b, addr_b)) = (a, b);
    let addrs = [addr_a.clone(), addr_b.clone()];
    let bearer = |addr: &str| {
        let (status, body) = login(addr, PASSWORD);
        assert_eq!(status, 200, "{body}");
        format!(
            "Authorization: Bearer {}\r\n",
            body["token"].as_str().unwrap()
        )
    };
    let staff = [bearer(&addr_a), bearer(&addr_b)];
    let (status, me) = call(&addr_b, "GET", "/api/v1/me", &staff[0], None);
    assert_eq!(status, 200, "a session begun on A holds on B: {me}");

    // Citizens submit through both while the national admin dispatches through both.
    let acknowledged: Vec<String> = std::thread::scope(|s| {
        let clients: Vec<_> = (0..CLIENTS)
            .map(|c| {
                let addrs = &addrs;
                let staff = &staff;
                s.spawn(move || {
                    let mut mine = Vec::new();
                    for n in 0..EACH {
                        let i = (c + n) % 2;
                        let id = submit(&addrs[i], c, n).expect("a submission is answered 201");
                        if n.is_multiple_of(3) {
                            // Dispatched through the other instance than the one it came in by.
                            let other = 1 - i;
                            let dispatch = json!({"action": "verify_dispatch",
                                "agency": "kota-surabaya", "handling_class": "ordinary"});
                            let path = format!("/api/v1/reports/{id}/actions");
                            let (status, body) =
                                call(&addrs[other], "POST", &path, &staff[other], Some(&dispatch));
                            assert_eq!(status, 200, "{body}");
                        }
                        mine.push(id);
                    }
                    mine
                })
            })
            .collect();
        clients
            .into_iter()
            .flat_map(|c| c.join().unwrap())
            .collect()
    });
    assert_eq!(acknowledged.len(), CLIENTS * EACH);

    let mut stored: Vec<String> = sqlx::query_scalar("SELECT tracking_id FROM reports")
        .fetch_all(store.pool())
        .await
        .unwrap();
    stored.sort();
    let mut expected = acknowledged.clone();
    expected.sort();
    assert_eq!(
        stored, expected,
        "every acknowledged report, each once, nothing else"
    );
    for (n, id) in acknowledged
        .iter()
        .enumerate()
        .filter(|(n, _)| (n % EACH).is_multiple_of(3))
    {
        let tracking = aduan_domain::TrackingId::parse(id).unwrap();
        let events = store.list_events(&tracking).await.unwrap();
        let dispatches = events
            .iter()
            .filter(|e| e.action.as_str() == "verify_dispatch")
            .count();
        assert_eq!(dispatches, 1, "report {n} ({id}) dispatched once");
    }

    // Done when nothing due waits, nothing runs and no notice is pending (the periodic scans
    // keep a job queued for later).
    until(
        Duration::from_secs(120),
        "every due job to be done",
        || async {
            let now = chrono::Utc::now();
            let jobs = store.count_jobs().await.unwrap();
            let outbox = store.count_outbox().await.unwrap();
            store.oldest_due_job(now).await.unwrap().is_none()
                && jobs.running == 0
                && outbox.pending == 0
        },
    )
    .await;
    let done = store.list_jobs(Some(JobState::Done), 10_000).await.unwrap();
    assert!(!done.is_empty());
    assert!(done.iter().all(|j| j.attempts == 1), "each job ran once");
    assert_eq!(store.count_jobs().await.unwrap().dead, 0);
    let outbox = store.count_outbox().await.unwrap();
    assert!(
        outbox.sent >= (CLIENTS * EACH) as u64,
        "a notice for each report: {outbox:?}"
    );
    assert_eq!(outbox.dead, 0);
    let logged = logged_ids(&[&dir.path().join("a.log"), &dir.path().join("b.log")]);
    assert_eq!(logged.len() as u64, outbox.sent, "every notice logged");
    assert!(logged.values().all(|n| *n == 1), "no notice went out twice");
    let [from_a, from_b] = ["a.log", "b.log"].map(|f| {
        std::fs::read_to_string(dir.path().join(f))
            .unwrap()
            .matches("message_id=")
            .count()
    });

    // The submission limit (4 an hour here) counts one address's filings on either instance.
    for n in 0..4 {
        let (status, _) = submit_from(&addrs[n % 2], "10.200.0.1");
        assert_eq!(status, 201, "filing {n}");
    }
    assert_eq!(submit_from(&addr_a, "10.200.0.1").0, 429);
    assert_eq!(submit_from(&addr_b, "10.200.0.1").0, 429);
    assert_eq!(
        submit_from(&addr_b, "10.200.0.2").0,
        201,
        "another address is not held"
    );

    // A category renamed through A is shown by B, which keeps categories in memory, within
    // its polling interval.
    let (_, categories) = call(&addr_b, "GET", "/api/v1/categories", "", None);
    let id = categories["items"][0]["id"].as_str().unwrap().to_owned();
    let renamed = "Nama baru dari instans A";
    let (status, body) = call(
        &addr_a,
        "PUT",
        &format!("/api/v1/categories/{id}"),
        &staff[0],
        Some(&json!({"name": renamed})),
    );
    assert_eq!(status, 200, "{body}");
    let started = Instant::now();
    until(
        Duration::from_secs(POLL_SECONDS * 10),
        "B to show the new name",
        || async {
            let (_, now) = call(&addr_b, "GET", "/api/v1/categories", "", None);
            now.to_string().contains(renamed)
        },
    )
    .await;
    eprintln!(
        "two instances: {} reports, {} notices ({from_a} sent by A, {from_b} by B); B saw A's category edit after {:.2} s (poll {POLL_SECONDS} s)",
        acknowledged.len(),
        outbox.sent,
        started.elapsed().as_secs_f64()
    );

    // Failed logins count on either instance: after five wrong passwords, alternating, the
    // next attempt waits, wherever it is made.
    for n in 0..5 {
        assert_eq!(login(&addrs[n % 2], "salah").0, 401, "wrong password {n}");
    }
    assert_eq!(
        login(&addr_b, PASSWORD).0,
        429,
        "held on B after failures on both"
    );
    assert_eq!(login(&addr_a, PASSWORD).0, 429, "and on A");

    for child in [&mut child_a, &mut child_b] {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

/// A submission without an account from client address `ip`; its status.
fn submit_from(addr: &str, ip: &str) -> (u16, Value) {
    let body = json!({
        "kind": "complaint",
        "title": "Jalan berlubang",
        "body": "Jalan berlubang di depan pasar sejak sebulan.",
        "location": {"text": "Jl. Pasar"},
        "reporter": {"name": "Warga", "email": "warga.pasar@example.com"}
    });
    call(
        addr,
        "POST",
        "/api/v1/reports",
        &format!("X-Forwarded-For: {ip}\r\n"),
        Some(&body),
    )
}

//! `aduan serve` killed with SIGKILL while sixteen clients submit reports at once (so that the
//! group commit carries several per transaction) loses none it acknowledged: every tracking id
//! answered 201 is in the database afterwards with its first event, and no report is there
//! without its event (nothing half-written).

use super::aduan;
use aduan_store::Store;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CLIENTS: usize = 16;
/// Acknowledged submissions after which the server is killed.
const KILL_AFTER: usize = 150;

/// Starts `aduan serve` on `url` with a settings file in `dir`; the child and its address.
fn serve(url: &str, dir: &std::path::Path) -> (Child, String) {
    // Each client comes through loopback as a trusted proxy with an address of its own, so
    // that the per-address limit does not refuse the load.
    let config = dir.join("aduan.toml");
    std::fs::write(&config, "trusted_proxies = [\"127.0.0.1/32\"]\n").unwrap();
    let mut child = aduan(url)
        .arg("--config")
        .arg(&config)
        .arg("--data-dir")
        .arg(dir.join("data"))
        .args(["serve", "--no-worker"])
        .env("ADUAN_LISTEN", "127.0.0.1:0")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let addr = super::serving_address(&mut child);
    (child, addr)
}

/// One submission from client `c`; its tracking id when answered 201, `None` when the server
/// is gone or answered otherwise.
pub(super) fn submit(addr: &str, c: usize, n: usize) -> Option<String> {
    let body = serde_json::json!({
        "kind": "complaint",
        "title": format!("Lampu jalan mati {c}-{n}"),
        "body": "Lampu jalan di depan sekolah mati sejak seminggu.",
        "location": {"text": "Jl. Diponegoro"},
        "reporter": {"name": "Warga", "email": format!("warga.{c}.{n}@example.com")}
    })
    .to_string();
    let mut conn = TcpStream::connect(addr).ok()?;
    conn.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let request = format!(
        "POST /api/v1/reports HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nX-Forwarded-For: 10.9.{c}.{}\r\n\
         Content-Length: {}\r\n\r\n{body}",
        n % 250,
        body.len()
    );
    conn.write_all(request.as_bytes()).ok()?;
    let mut response = String::new();
    conn.read_to_string(&mut response).ok()?;
    if !response.starts_with("HTTP/1.1 201") {
        return None;
    }
    let json = response.split("\r\n\r\n").nth(1)?;
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    value["tracking_id"].as_str().map(str::to_owned)
}

/// Serves `url`, submits from [`CLIENTS`] threads and kills the server with SIGKILL once
/// [`KILL_AFTER`] submissions were acknowledged; the acknowledged tracking ids.
fn acknowledged_before_a_crash(url: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, addr) = serve(url, dir.path());
    let acked = Arc::new(Mutex::new(Vec::new()));
    let gone = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (addr, acked, gone) = (addr.clone(), acked.clone(), gone.clone());
            std::thread::spawn(move || {
                let mut n = 0;
                while !gone.load(Ordering::SeqCst) {
                    if let Some(id) = submit(&addr, c, n) {
                        acked.lock().unwrap().push(id);
                    }
                    n += 1;
                }
            })
        })
        .collect();
    let started = Instant::now();
    while acked.lock().unwrap().len() < KILL_AFTER {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the server acknowledged {} submissions in two minutes",
            acked.lock().unwrap().len()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL: no shutdown, no flush
    child.wait().unwrap();
    gone.store(true, Ordering::SeqCst);
    for client in clients {
        client.join().unwrap();
    }
    acked.lock().unwrap().clone()
}

/// Every acknowledged report is in `store` with its first event, and every stored report has
/// its event.
async fn every_acknowledged_report_is_whole(store: &dyn Store, acked: &[String]) {
    assert!(acked.len() >= KILL_AFTER, "{} acknowledged", acked.len());
    for id in acked {
        let id = aduan_domain::TrackingId::parse(id).unwrap();
        assert!(store.get_report(&id).await.unwrap().is_some(), "{id} lost");
        assert_eq!(store.list_events(&id).await.unwrap().len(), 1, "{id}");
    }
    let heads = store.list_report_heads(None, 100_000).await.unwrap();
    assert!(heads.len() >= acked.len());
    for head in heads {
        assert_eq!(head.event_count, 1, "{}", head.tracking_id);
        let events = store.list_events(&head.tracking_id).await.unwrap();
        assert_eq!(events.len(), 1, "{} is half-written", head.tracking_id);
    }
}

#[tokio::test]
async fn a_server_killed_during_many_submissions_on_sqlite_keeps_every_one_it_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("aduan.db").display());
    let crash_url = url.clone();
    let acked = tokio::task::spawn_blocking(move || acknowledged_before_a_crash(&crash_url))
        .await
        .unwrap();
    let store = aduan_store_sqlite::SqliteStore::connect(&url, aduan_store::Keyring::for_tests())
        .await
        .unwrap();
    every_acknowledged_report_is_whole(&store, &acked).await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL: run with --include-ignored and ADUAN_TEST_PG_URL"]
async fn a_server_killed_during_many_submissions_on_postgres_keeps_every_one_it_acknowledged() {
    let db = aduan_store_pg::testing::TestDatabase::create().await;
    let url = db.url.clone();
    let acked = tokio::task::spawn_blocking(move || acknowledged_before_a_crash(&url))
        .await
        .unwrap();
    let store = db.store().await;
    every_acknowledged_report_is_whole(&store, &acked).await;
}

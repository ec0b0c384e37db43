//! `database_read_url`: one `aduan serve` on a PostgreSQL primary reads public pages, the
//! public API and statistics from a streaming replica, while a reporter's own view reads the
//! primary. The pair is made by `scripts/pg-replica` (initdb and `pg_basebackup -R` on free
//! ports in a temporary directory): `scripts/test` exports its URLs as
//! `ADUAN_TEST_PG_PRIMARY_URL` and `ADUAN_TEST_PG_REPLICA_URL`. The proof that public reads
//! come from the replica: with its replay paused, a report dispatched on the primary stays
//! out of the public answers while its reporter sees it at once; resumed, it appears within
//! the replica's lag, which the test measures and prints.

use super::aduan;
use serde_json::{Value, json};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

const ADMIN: &str = "admin@replika.aduan.invalid";
const PASSWORD: &str = "kata-sandi-yang-panjang";

/// The primary's and the replica's URLs, or `None` (after saying so loudly) when the pair is
/// missing and not required; a missing pair that `ADUAN_REQUIRE=replica` demands fails.
fn pair(test: &str) -> Option<(String, String)> {
    let urls = (
        std::env::var("ADUAN_TEST_PG_PRIMARY_URL").ok(),
        std::env::var("ADUAN_TEST_PG_REPLICA_URL").ok(),
    );
    if let (Some(p), Some(r)) = urls {
        return Some((p, r));
    }
    let problem = "ADUAN_TEST_PG_PRIMARY_URL and ADUAN_TEST_PG_REPLICA_URL are not set \
                   (scripts/test starts the pair with scripts/pg-replica)";
    let required = std::env::var("ADUAN_REQUIRE")
        .unwrap_or_default()
        .split(',')
        .any(|c| c.trim() == "replica");
    assert!(
        !required,
        "the read-replica tests are required but {problem}"
    );
    eprintln!("\n!!! SKIPPED: replica missing: test `{test}` did not run: {problem}\n");
    None
}

/// `base` with its database name replaced by `name`.
fn on_database(base: &str, name: &str) -> String {
    let (server, _) = base.rsplit_once('/').unwrap();
    format!("{server}/{name}")
}

fn call(addr: &str, method: &str, path: &str, headers: &str, body: Option<&Value>) -> (u16, Value) {
    let body = body.map(Value::to_string).unwrap_or_default();
    let (status, answer) = super::request(addr, method, path, headers, &body);
    (status, serde_json::from_str(&answer).unwrap_or(Value::Null))
}

/// Submits a public complaint; its tracking id and access code.
fn submit(addr: &str, n: u32) -> (String, String) {
    let body = json!({
        "kind": "complaint",
        "title": format!("Lampu jalan mati {n}"),
        "body": "Lampu jalan di depan sekolah mati sejak seminggu.",
        "location": {"text": "Jl. Diponegoro, Surabaya", "region_code": "35.78"},
        "reporter": {"name": "Warga Replika", "email": format!("warga.{n}@example.com")}
    });
    let (status, answer) = call(addr, "POST", "/api/v1/reports", "", Some(&body));
    assert_eq!(status, 201, "{answer}");
    (
        answer["tracking_id"].as_str().unwrap().to_owned(),
        answer["access_code"].as_str().unwrap().to_owned(),
    )
}

/// How long until the public answer for `id` is 200.
fn public_after(addr: &str, id: &str) -> Duration {
    let start = Instant::now();
    loop {
        let (status, _) = call(addr, "GET", &format!("/api/v1/reports/{id}"), "", None);
        if status == 200 {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{id} never reached the replica"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

async fn replica_sql(url: &str, sql: &str) {
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(url)
        .await
        .unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(&mut conn)
        .await
        .unwrap();
}

fn serve(primary: &str, replica: &str, dir: &std::path::Path) -> (Child, String) {
    let mut child = aduan(primary)
        .arg("--data-dir")
        .arg(dir)
        .arg("serve")
        .env("ADUAN_DATABASE_READ_URL", replica)
        .env("ADUAN_LISTEN", "127.0.0.1:0")
        .env("ADUAN_LOG", "warn")
        .env("ADUAN_FIGURES_CACHE_SECONDS", "0")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(dir.join("serve.log")).unwrap())
        .spawn()
        .unwrap();
    let addr = super::serving_address(&mut child);
    (child, addr)
}

#[tokio::test]
async fn public_reads_come_from_the_replica_and_a_reporter_always_reads_their_own_writes() {
    let Some((primary_base, replica_base)) = pair("public_reads_come_from_the_replica") else {
        return;
    };
    let name = format!("aduan_replica_{}", std::process::id());
    replica_sql(&primary_base, &format!("DROP DATABASE IF EXISTS {name}")).await;
    replica_sql(&primary_base, &format!("CREATE DATABASE {name}")).await;
    let (primary, replica) = (
        on_database(&primary_base, &name),
        on_database(&replica_base, &name),
    );
    let dir = tempfile::tempdir().unwrap();
    super::add_national_admin(&primary, ADMIN, PASSWORD);
    let (mut child, addr) = serve(&primary, &replica, dir.path());
    let login = json!({"login": ADMIN, "password": PASSWORD});
    let (status, session) = call(&addr, "POST", "/api/v1/auth/login", "", Some(&login));
    assert_eq!(status, 200, "{session}");
    let staff = format!(
        "Authorization: Bearer {}\r\n",
        session["token"].as_str().unwrap()
    );
    let dispatch = json!({"action": "verify_dispatch", "agency": "kota-surabaya",
                          "handling_class": "ordinary"});

    // Streaming: a report dispatched on the primary reaches the public through the replica.
    let (first, _) = submit(&addr, 1);
    let path = format!("/api/v1/reports/{first}/actions");
    let (status, body) = call(&addr, "POST", &path, &staff, Some(&dispatch));
    assert_eq!(status, 200, "{body}");
    let lag = public_after(&addr, &first);

    // With the replica's replay paused, the public does not see a new dispatch, while its
    // reporter does at once: own reads go to the primary.
    replica_sql(&replica, "SELECT pg_wal_replay_pause()").await;
    let (second, code) = submit(&addr, 2);
    let own = format!("X-Access-Code: {code}\r\n");
    let (status, mine) = call(
        &addr,
        "GET",
        &format!("/api/v1/reports/{second}"),
        &own,
        None,
    );
    assert_eq!(
        status, 200,
        "the reporter sees their report at once: {mine}"
    );
    let path = format!("/api/v1/reports/{second}/actions");
    let (status, body) = call(&addr, "POST", &path, &staff, Some(&dispatch));
    assert_eq!(status, 200, "{body}");
    let (status, mine) = call(
        &addr,
        "GET",
        &format!("/api/v1/reports/{second}"),
        &own,
        None,
    );
    assert_eq!(
        (status, mine["status"].as_str()),
        (200, Some("dispatched")),
        "{mine}"
    );
    std::thread::sleep(Duration::from_millis(300));
    let (status, _) = call(&addr, "GET", &format!("/api/v1/reports/{second}"), "", None);
    assert_eq!(status, 404, "the public reads the paused replica");
    let (status, feed) = call(&addr, "GET", "/api/v1/reports?limit=50", "", None);
    assert_eq!(status, 200, "{feed}");
    let listed = |feed: &Value, id: &str| {
        feed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["tracking_id"] == id)
    };
    assert!(listed(&feed, &first) && !listed(&feed, &second), "{feed}");
    let (status, staff_view) = call(
        &addr,
        "GET",
        &format!("/api/v1/reports/{second}"),
        &staff,
        None,
    );
    assert_eq!(status, 200, "staff read the primary: {staff_view}");
    let (status, figures) = call(&addr, "GET", "/api/v1/stats/sla", "", None);
    assert_eq!(
        status, 200,
        "statistics are read from the replica: {figures}"
    );
    let (status, page) = call(&addr, "GET", "/laporan", "", None);
    assert_eq!(status, 200, "{page}");

    replica_sql(&replica, "SELECT pg_wal_replay_resume()").await;
    let caught_up = public_after(&addr, &second);
    println!(
        "replica lag: first dispatch public after {} ms; after a paused replay resumed, {} ms",
        lag.as_millis(),
        caught_up.as_millis()
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

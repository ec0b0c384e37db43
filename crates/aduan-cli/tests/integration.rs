//! The real `aduan` binary, run as an operator would.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

use aduan_store::contract::{apply, dispatch_action, submit, t0};
use aduan_store_sqlite::SqliteStore;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

#[path = "integration/backup.rs"]
mod backup;
#[path = "integration/bench.rs"]
mod bench;
#[path = "integration/calendar.rs"]
mod calendar;
#[path = "integration/crash.rs"]
mod crash;
#[path = "integration/crash_channels/mod.rs"]
mod crash_channels;
#[path = "integration/demo.rs"]
mod demo;
#[path = "integration/directory.rs"]
mod directory;
#[path = "integration/figures.rs"]
mod figures;
#[path = "integration/generate.rs"]
mod generate;
#[path = "integration/global_options.rs"]
mod global_options;
#[path = "integration/import.rs"]
mod import;
#[path = "integration/ingest_email.rs"]
mod ingest_email;
#[path = "integration/keys.rs"]
mod keys;
#[path = "integration/layers.rs"]
mod layers;
#[path = "integration/mail_out.rs"]
mod mail_out;
#[path = "integration/metrics.rs"]
mod metrics;
#[path = "integration/overdue.rs"]
mod overdue;
#[path = "integration/partner.rs"]
mod partner;
#[path = "integration/readme.rs"]
mod readme;
pub use overdue::overdue_history;
#[path = "integration/replica.rs"]
mod replica;
#[path = "integration/second_factor.rs"]
mod second_factor;
#[path = "integration/triage.rs"]
mod triage;
#[path = "integration/two_instances.rs"]
mod two_instances;
#[path = "integration/two_workers.rs"]
mod two_workers;
#[path = "integration/workers.rs"]
mod workers;

/// The binary, with no settings from the environment it runs in, a data dir (attachments)
/// outside the source tree unless a test picks its own, and this test process's key material
/// (the one its own stores seal identities with), so both open what the other wrote.
pub fn aduan_bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aduan"));
    let data = std::env::temp_dir().join(format!("aduan-test-data-{}", std::process::id()));
    cmd.env("ADUAN_LOG", "warn")
        .env("ADUAN_DATA_DIR", data)
        .env(
            "ADUAN_SECRET_KEY",
            aduan_store::Keyring::for_tests().to_text().as_str(),
        );
    cmd
}

/// One HTTP/1.1 request on `addr` (`headers`: extra header lines, each ending in CRLF); the
/// status and the body as text.
pub fn request(addr: &str, method: &str, path: &str, headers: &str, body: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    conn.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{headers}\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    conn.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    conn.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    (status, body)
}

/// The `host:port` a starting `aduan serve` (stdout piped) prints in its first line.
pub fn serving_address(serve: &mut std::process::Child) -> String {
    let mut line = String::new();
    BufReader::new(serve.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    line.split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned()
}

fn aduan(db: &str) -> Command {
    let mut cmd = aduan_bin();
    cmd.env("ADUAN_DATABASE_URL", db);
    cmd
}

/// Adds a national admin with `login` and `password` to the database at `db`, as an operator
/// does with `aduan user add`.
pub fn add_national_admin(db: &str, login: &str, password: &str) {
    use std::io::Write;
    let mut add = aduan(db)
        .args(["user", "add", "--email", login, "--name", "Admin Nasional"])
        .args(["--role", "national_admin", "--password-stdin"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    add.stdin
        .take()
        .unwrap()
        .write_all(password.as_bytes())
        .unwrap();
    assert!(add.wait().unwrap().success());
}

#[tokio::test]
async fn audit_verify_passes_on_intact_history_and_names_an_edited_report() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("aduan.db").display());
    let migrate = aduan(&url).arg("migrate").output().unwrap();
    assert!(migrate.status.success(), "{migrate:?}");

    let store = SqliteStore::connect(&url, aduan_store::Keyring::for_tests())
        .await
        .unwrap();
    let (report, _) = submit(&store, false).await;
    apply(&store, &report, &dispatch_action("kota-surabaya"), t0())
        .await
        .unwrap();

    let ok = aduan(&url).args(["audit", "verify"]).output().unwrap();
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(ok.status.success(), "{out}");
    assert!(out.contains("checked 1 reports, 2 events"), "{out}");
    assert!(out.contains("history intact"), "{out}");

    sqlx::query("UPDATE events SET payload = '{\"agency\":\"kota-lain\"}' WHERE seq = 2")
        .execute(store.pool())
        .await
        .unwrap();
    let bad = aduan(&url).args(["audit", "verify"]).output().unwrap();
    let out = String::from_utf8_lossy(&bad.stdout);
    assert_eq!(bad.status.code(), Some(1), "{out}");
    assert!(
        out.contains(&format!(
            "DAMAGED report {}: entry 2 was altered",
            report.tracking_id
        )),
        "{out}"
    );
}

#[test]
fn serve_answers_health_checks_on_the_embedded_database() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("data/aduan.db").display());
    let mut child = aduan(&url)
        .arg("serve")
        .env("ADUAN_LISTEN", "127.0.0.1:0")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let addr = serving_address(&mut child);
    let mut conn = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        conn,
        "GET /readyz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    conn.read_to_string(&mut response).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"database\":\"sqlite\""), "{response}");
    assert!(
        dir.path().join("data/aduan.db").exists(),
        "the database directory is created"
    );
}

#[test]
fn an_unknown_database_scheme_is_refused_with_a_clear_message() {
    let out = aduan("mysql://nope").arg("migrate").output().unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("must start with sqlite:// or postgres://")
    );
}

#[test]
fn accounts_are_added_with_a_password_from_stdin_listed_and_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("aduan.db").display());
    let add = |args: &[&str], password: &str| {
        let mut child = aduan(&url)
            .args(["user", "add"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(password.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let ok = add(
        &[
            "--email",
            "Admin@Lapor.go.id",
            "--name",
            "Admin Nasional",
            "--role",
            "national_admin",
            "--password-stdin",
        ],
        "kata-sandi-panjang\n",
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let short = add(
        &[
            "--email",
            "b@lapor.go.id",
            "--name",
            "B",
            "--role",
            "citizen",
            "--password-stdin",
        ],
        "pendek",
    );
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 8 characters"));
    let scoped = add(
        &[
            "--email",
            "c@lapor.go.id",
            "--name",
            "C",
            "--role",
            "agency_admin",
            "--agency",
            "kota-atlantis",
            "--password-stdin",
        ],
        "kata-sandi-panjang",
    );
    assert!(
        String::from_utf8_lossy(&scoped.stderr).contains("no agency kota-atlantis"),
        "{scoped:?}"
    );
    let list = aduan(&url).args(["user", "list"]).output().unwrap();
    let out = String::from_utf8_lossy(&list.stdout);
    assert!(
        out.contains("admin@lapor.go.id")
            && out.contains("national_admin")
            && out.contains("active"),
        "{out}"
    );
    assert!(
        !out.contains("b@lapor.go.id"),
        "refused accounts are not created"
    );
    let off = aduan(&url)
        .args(["user", "disable", "admin@lapor.go.id"])
        .output()
        .unwrap();
    assert!(off.status.success(), "{off:?}");
    let list = aduan(&url).args(["user", "list"]).output().unwrap();
    assert!(String::from_utf8_lossy(&list.stdout).contains("disabled"));
}

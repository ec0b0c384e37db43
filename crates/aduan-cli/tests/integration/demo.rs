//! `aduan serve --demo` on an empty data dir: the newcomer's first command.

use super::aduan_bin;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::Stdio;

/// The demo accounts README.md lists: login and password.
const README_ACCOUNTS: &[(&str, &str)] = &[
    ("admin@demo.aduan.id", "demo-nasional"),
    ("surabaya@demo.aduan.id", "demo-surabaya"),
    ("tangerang@demo.aduan.id", "demo-tangerang"),
    ("kemenkes@demo.aduan.id", "demo-kemenkes"),
    ("binamarga@demo.aduan.id", "demo-binamarga"),
    ("ombudsman@demo.aduan.id", "demo-ombudsman"),
    ("warga@demo.aduan.id", "demo-warga"),
];

fn http(addr: &str, method: &str, path: &str, body: Option<&str>) -> String {
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    let body = body.unwrap_or("");
    write!(
        conn,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    conn.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn serve_demo_on_an_empty_dir_answers_and_every_readme_account_logs_in() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("aduan-data");
    let mut child = aduan_bin()
        .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(&data)
        .env_remove("ADUAN_DATABASE_URL")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap()
        .to_owned();
    let mut banner = String::new();
    for _ in 0..(README_ACCOUNTS.len() + 3) {
        out.read_line(&mut banner).unwrap();
    }
    let health = http(&addr, "GET", "/healthz", None);
    let ready = http(&addr, "GET", "/readyz", None);
    let feed = http(&addr, "GET", "/api/v1/reports?limit=5", None);
    let logins: Vec<String> = README_ACCOUNTS
        .iter()
        .map(|(login, password)| {
            http(
                &addr,
                "POST",
                "/api/v1/auth/login",
                Some(&format!(
                    "{{\"login\":\"{login}\",\"password\":\"{password}\"}}"
                )),
            )
        })
        .collect();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(
        ready.contains("\"warnings\":[]"),
        "directory and calendar loaded: {ready}"
    );
    assert!(
        feed.contains("\"tracking_id\""),
        "the demo has public reports: {feed}"
    );
    for ((login, password), response) in README_ACCOUNTS.iter().zip(&logins) {
        assert!(response.starts_with("HTTP/1.1 200"), "{login}: {response}");
        assert!(
            banner.contains(login) && banner.contains(password),
            "the banner lists {login}: {banner}"
        );
    }
    assert!(
        data.join("aduan.db").exists(),
        "the embedded database lives in the data dir"
    );
}

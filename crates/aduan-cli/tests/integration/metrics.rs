//! `aduan serve` with `[metrics]`: `/metrics` on an address of its own and, behind its token,
//! on the service's; requests timed by route template; the database's figures read at each
//! scrape; log lines as JSON when asked.

use super::aduan;
use std::io::Read;
use std::process::Stdio;

/// `GET path` on `addr` with extra header lines; the status and the body.
fn get(addr: &str, path: &str, headers: &str) -> (u16, String) {
    super::request(addr, "GET", path, headers, "")
}

/// A loopback address nothing listens on now.
fn free_address() -> String {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    probe.local_addr().unwrap().to_string()
}

#[test]
fn metrics_time_each_route_and_read_the_queue_and_are_closed_without_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("aduan.db").display());
    let metrics = free_address();
    let config = dir.path().join("aduan.toml");
    std::fs::write(
        &config,
        format!(
            "log_format = \"json\"\n[metrics]\nlisten = \"{metrics}\"\ntoken = \"rahasia-metrik\"\n"
        ),
    )
    .unwrap();
    let mut child = aduan(&url)
        .arg("--config")
        .arg(&config)
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .args(["serve", "--no-worker"])
        .env("ADUAN_LISTEN", "127.0.0.1:0")
        .env("ADUAN_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let addr = super::serving_address(&mut child);

    assert_eq!(get(&addr, "/healthz", "").0, 200);
    let unknown = "/api/v1/reports/ABCDEFGHJK";
    let (status, _) = get(&addr, unknown, "");
    assert!(status == 404 || status == 400, "{status}");
    assert_eq!(get(&addr, "/no-such-page-x1y2", "").0, 404);

    let (status, scraped) = get(&metrics, "/metrics", "");
    assert_eq!(status, 200, "{scraped}");
    let histogram = "aduan_http_request_duration_seconds_bucket{";
    let timed = |route: &str| {
        scraped
            .lines()
            .any(|l| l.starts_with(histogram) && l.contains(&format!("route=\"{route}\"")))
    };
    assert!(timed("/healthz"), "{scraped}");
    assert!(
        timed("/api/v1/reports/{tracking_id}"),
        "by template: {scraped}"
    );
    assert!(timed("unmatched"), "{scraped}");
    assert!(!scraped.contains("ABCDEFGHJK"), "no id in a label");
    assert!(
        !scraped.contains("no-such-page"),
        "no unknown path in a label"
    );
    for figure in [
        "aduan_jobs{state=\"queued\"} 0",
        "aduan_job_lag_seconds 0",
        "aduan_outbox_messages{state=\"pending\"} 0",
        "aduan_time_limits_past_due 0",
        "aduan_db_connections{state=\"in_use\"}",
        "aduan_db_connections_max",
    ] {
        assert!(scraped.contains(figure), "{figure}: {scraped}");
    }

    let (status, _) = get(&addr, "/metrics", "");
    assert_eq!(status, 401, "the service's address asks for the token");
    let (status, _) = get(&addr, "/metrics", "Authorization: Bearer salah\r\n");
    assert_eq!(status, 401);
    let (status, body) = get(
        &addr,
        "/metrics",
        "Authorization: Bearer rahasia-metrik\r\n",
    );
    assert_eq!(status, 200);
    assert!(body.contains(histogram), "{body}");

    child.kill().unwrap();
    child.wait().unwrap();
    let mut logs = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut logs)
        .unwrap();
    let lines: Vec<&str> = logs.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty());
    for line in lines {
        let entry: serde_json::Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}"));
        assert!(entry["level"].is_string(), "{line}");
    }
    assert!(logs.contains("aduan is serving"), "{logs}");
}

//! A real S3-compatible server for the object storage tests: `moto_server`, which
//! `scripts/test` starts on a free loopback port and names in `ADUAN_TEST_S3_URL`. Each test
//! makes its own bucket. Without the server a test says loudly that it is skipped and returns,
//! unless `ADUAN_REQUIRE` names `s3`, as the Kannel and SMTP tests do.

use std::io::{Read, Write};

/// The credentials moto accepts (any).
pub const ACCESS_KEY_ID: &str = "aduan-test";
/// The secret that goes with [`ACCESS_KEY_ID`].
pub const SECRET_ACCESS_KEY: &str = "aduan-test-secret";

/// Whether `ADUAN_REQUIRE` (a comma list, as in `scripts/test`) names `component`.
pub fn required(component: &str) -> bool {
    std::env::var("ADUAN_REQUIRE")
        .unwrap_or_default()
        .split(',')
        .any(|c| c.trim() == component)
}

/// Whether a test that needs `component` can run: `true` without a `problem`. With one, a
/// test that `ADUAN_REQUIRE` demands fails; otherwise it prints `SKIPPED: <missing>` loudly.
pub fn available(component: &str, missing: &str, test_name: &str, problem: Option<String>) -> bool {
    let Some(problem) = problem else {
        return true;
    };
    if required(component) {
        panic!(
            "the {component} tests are required (ADUAN_REQUIRE={}) but {problem}",
            std::env::var("ADUAN_REQUIRE").unwrap_or_default()
        );
    }
    let bar = "!".repeat(78);
    let banner = format!(
        "\n{bar}\n!!! SKIPPED: {missing}: test `{test_name}` did not run: {problem}\n\
         !!! Set ADUAN_REQUIRE={component} to make this a failure.\n{bar}\n\n"
    );
    let _ = std::io::stderr().write_all(banner.as_bytes());
    false
}

/// The test server's address (`http://127.0.0.1:PORT`), or `None` (after saying so) when the
/// test is to be skipped.
pub fn server(test_name: &str) -> Option<String> {
    let url = std::env::var("ADUAN_TEST_S3_URL").unwrap_or_default();
    let problem = if url.trim().is_empty() {
        Some("ADUAN_TEST_S3_URL is not set (scripts/test starts moto_server and sets it)".into())
    } else if request(&url, "GET", "/").is_none() {
        Some(format!("nothing answers at ADUAN_TEST_S3_URL={url}"))
    } else {
        None
    };
    available("s3", "moto missing", test_name, problem).then(|| url.trim().to_owned())
}

/// Makes the bucket `name` on the server at `url` (moto takes unsigned requests).
pub fn create_bucket(url: &str, name: &str) {
    let status = request(url, "PUT", &format!("/{name}"));
    assert_eq!(status, Some(200), "creating bucket {name} at {url}");
}

/// A bucket name of lower-case letters, digits and `-` made from `test_name`.
pub fn bucket_name(test_name: &str) -> String {
    let mut name: String = test_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .take(50)
        .collect();
    name = name.trim_matches('-').to_owned();
    format!("aduan-{name}-{}", std::process::id())
}

/// One bodiless HTTP/1.0 request to `url` (`http://host:port`); the status.
fn request(url: &str, method: &str, path: &str) -> Option<u16> {
    let host = url.trim().strip_prefix("http://")?.trim_end_matches('/');
    let mut conn = std::net::TcpStream::connect(host).ok()?;
    conn.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .ok()?;
    write!(
        conn,
        "{method} {path} HTTP/1.0\r\nHost: {host}\r\nContent-Length: 0\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    conn.read_to_string(&mut response).ok()?;
    response.get(9..12)?.parse().ok()
}

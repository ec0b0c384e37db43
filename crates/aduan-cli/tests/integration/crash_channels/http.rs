//! One HTTP/1.1 request over a fresh connection, as a client that may find the server gone.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// An answer: status and body.
pub struct Answer {
    pub status: u16,
    pub body: String,
}

/// Sends `method path` with `headers` (lines ending in CRLF) and `body`; `None` when the
/// server is gone before it answered whole.
pub fn send(addr: &str, method: &str, path: &str, headers: &str, body: &[u8]) -> Option<Answer> {
    let mut conn = TcpStream::connect(addr).ok()?;
    conn.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{headers}\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    conn.write_all(head.as_bytes()).ok()?;
    conn.write_all(body).ok()?;
    let mut raw = Vec::new();
    conn.read_to_end(&mut raw).ok()?;
    let raw = String::from_utf8_lossy(&raw);
    let (head, body) = raw.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    let length = head.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse::<usize>().ok())
            .flatten()
    });
    // A body cut short by the kill is no answer.
    if length.is_some_and(|n| body.len() < n) {
        return None;
    }
    Some(Answer {
        status,
        body: body.to_owned(),
    })
}

/// A JSON request.
pub fn json(addr: &str, method: &str, path: &str, headers: &str, body: &str) -> Option<Answer> {
    let headers = format!("{headers}Content-Type: application/json\r\n");
    send(addr, method, path, &headers, body.as_bytes())
}

/// A JSON answer's string field.
pub fn field(answer: &Answer, name: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(&answer.body).ok()?;
    value[name].as_str().map(str::to_owned)
}

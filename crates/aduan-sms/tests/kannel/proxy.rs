//! A proxy between smsbox and Aduan that loses Aduan's first answer, as a cut connection
//! would: the request reaches Aduan and is handled, but smsbox never hears back.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The proxy, listening on `port`, with every request path it saw.
pub struct LossyProxy {
    /// Where smsbox should call.
    pub port: u16,
    seen: Arc<Mutex<Vec<String>>>,
}

/// The request head with `Connection: close`, so that each request has its own connection.
fn closing(head: &str) -> String {
    let mut lines: Vec<&str> = head
        .trim_end()
        .split("\r\n")
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .collect();
    lines.push("Connection: close");
    format!("{}\r\n\r\n", lines.join("\r\n"))
}

async fn relay(mut client: TcpStream, upstream: SocketAddr, seen: Arc<Mutex<Vec<String>>>) {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match client.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let path = head
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    let first = {
        let mut seen = seen.lock().unwrap();
        seen.push(path);
        seen.len() == 1
    };
    let Ok(mut up) = TcpStream::connect(upstream).await else {
        return;
    };
    if up.write_all(closing(&head).as_bytes()).await.is_err() {
        return;
    }
    let mut answer = Vec::new();
    let _ = up.read_to_end(&mut answer).await;
    if first {
        // Aduan answered; smsbox's connection is cut before the answer reaches it.
        return;
    }
    let _ = client.write_all(&answer).await;
    let _ = client.shutdown().await;
}

impl LossyProxy {
    /// Starts a proxy to `upstream` (`http://127.0.0.1:PORT`).
    pub async fn start(upstream: &str) -> Self {
        let upstream: SocketAddr = upstream.trim_start_matches("http://").parse().unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(relay(client, upstream, log.clone()));
            }
        });
        Self { port, seen }
    }

    /// The base URL smsbox should call.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The paths of the requests seen so far.
    pub fn requests(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

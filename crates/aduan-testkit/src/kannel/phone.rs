//! A phone played by Kannel's fakesmsc: one connection to the fake SMSC that sends a message
//! (or only listens, as the operator's side) and keeps every SMS Kannel sends back.

use super::{FAKESMSC, Kannel};
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// An SMS the operator's side received from Kannel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sms {
    /// Sender (the short code).
    pub from: String,
    /// Recipient.
    pub to: String,
    /// The text, decoded (UCS-2 included).
    pub text: String,
    /// Whether it came as UCS-2.
    pub ucs2: bool,
}

fn unescape(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap_or(b'?'));
            i += 3;
        } else {
            out.push(if b[i] == b'+' { b' ' } else { b[i] });
            i += 1;
        }
    }
    out
}

/// Reads fakesmsc's line `Got message N: <from to type text>`.
fn parse_got(line: &str) -> Option<Sms> {
    let inner = line.split_once("Got message ")?.1.split_once(": <")?.1;
    let inner = inner.strip_suffix('>')?;
    let mut parts = inner.splitn(4, ' ');
    let (from, to, kind) = (parts.next()?, parts.next()?, parts.next()?);
    let data = parts.next().unwrap_or_default();
    let ucs2 = kind == "ucs-2" || kind == "ucs2";
    let text = if ucs2 {
        let bytes = unescape(data);
        let units: Vec<u16> = bytes
            .chunks(2)
            .map(|p| u16::from_be_bytes([p[0], p.get(1).copied().unwrap_or(0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        data.to_owned()
    };
    Some(Sms {
        from: from.into(),
        to: to.into(),
        text,
        ucs2,
    })
}

/// One fakesmsc connection: a phone that sent a message (or the operator's side listening),
/// with every SMS Kannel sent back while it was connected. Hangs up when dropped.
pub struct Phone {
    child: Child,
    got: Arc<Mutex<Vec<Sms>>>,
    sent: Arc<Mutex<u32>>,
}

impl Phone {
    pub(crate) fn dial(kannel: &Kannel, message: &str, count: u32) -> Self {
        let mut child = Command::new(FAKESMSC)
            .args([
                "-H",
                "127.0.0.1",
                "-r",
                &kannel.smsc_port.to_string(),
                "-i",
                "0.1",
                "-m",
                &count.to_string(),
                message,
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start fakesmsc: {e}"));
        let got = Arc::new(Mutex::new(Vec::new()));
        let sent = Arc::new(Mutex::new(0));
        for stream in [
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let (got, sent) = (got.clone(), sent.clone());
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if let Some(sms) = parse_got(&line) {
                        got.lock().unwrap().push(sms);
                    } else if line.contains("fakesmsc: sent message") {
                        *sent.lock().unwrap() += 1;
                    }
                }
            });
        }
        Phone { child, got, sent }
    }

    /// Waits until the phone's message went to bearerbox; panics after `secs` seconds.
    pub async fn sent(&self, secs: u64) {
        let start = Instant::now();
        while *self.sent.lock().unwrap() == 0 {
            assert!(
                start.elapsed() < Duration::from_secs(secs),
                "fakesmsc sent nothing within {secs} s"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until an SMS matching `want` arrived; panics after `secs` seconds.
    pub async fn expect(&self, secs: u64, want: impl Fn(&Sms) -> bool) -> Sms {
        let start = Instant::now();
        loop {
            if let Some(sms) = self.got.lock().unwrap().iter().find(|s| want(s)) {
                return sms.clone();
            }
            assert!(
                start.elapsed() < Duration::from_secs(secs),
                "no matching SMS within {secs} s; got {:?}",
                self.got.lock().unwrap()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The first SMS back; panics after `secs` seconds.
    pub async fn answer(&self, secs: u64) -> Sms {
        self.expect(secs, |_| true).await
    }

    /// Every SMS received so far.
    pub fn received(&self) -> Vec<Sms> {
        self.got.lock().unwrap().clone()
    }
}

impl Drop for Phone {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
#[test]
fn fakesmsc_lines_are_read_in_both_codings() {
    let plain =
        parse_got("2026 INFO: Got message 1: <1708 +6281 text Laporan Anda: 7K3Q>").unwrap();
    assert_eq!(
        (plain.to.as_str(), plain.text.as_str(), plain.ucs2),
        ("+6281", "Laporan Anda: 7K3Q", false)
    );
    let wide = parse_got("Got message 2: <1708 +6281 ucs-2 %00T%00a%00++%14>").unwrap();
    assert_eq!(wide.text, "Ta —");
    assert!(wide.ucs2);
}

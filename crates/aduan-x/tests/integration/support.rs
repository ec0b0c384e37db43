//! Fixtures, settings, and a recording inbox.

use aduan_chat_core::{ChatInbox, InboxError, Incoming, Received};
use aduan_x::XSettings;
use async_trait::async_trait;
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use std::sync::Mutex;

pub const SECRET: &str = "consumer-secret-for-tests";

/// The settings of the account `Lapor1708` with hashtag `lapor`.
pub fn settings() -> XSettings {
    XSettings {
        enabled: true,
        consumer_secret: SECRET.into(),
        account: "lapor1708".into(),
        hashtag: Some("lapor".into()),
        api_base_url: "http://127.0.0.1:9".into(),
        access_token: "user-token-for-tests".into(),
    }
}

/// A fixture file's bytes, as X would send them.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The signature header value over `body`, computed here independently of the crate.
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = <Hmac<sha2_hmac::Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    format!(
        "sha256={}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// An inbox that records what it gets and answers as told.
pub struct RecordingInbox {
    pub got: Mutex<Vec<Incoming>>,
    answer: Mutex<Result<Received, String>>,
}

impl RecordingInbox {
    pub fn answering(answer: Result<Received, String>) -> Self {
        RecordingInbox {
            got: Mutex::new(Vec::new()),
            answer: Mutex::new(answer),
        }
    }

    pub fn got(&self) -> Vec<Incoming> {
        self.got.lock().unwrap().clone()
    }
}

#[async_trait]
impl ChatInbox for RecordingInbox {
    async fn receive(&self, incoming: Incoming) -> Result<Received, InboxError> {
        self.got.lock().unwrap().push(incoming);
        self.answer.lock().unwrap().clone().map_err(InboxError)
    }
}

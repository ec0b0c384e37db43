//! Fixtures, a recording inbox, settings.

use aduan_chat_core::{ChatInbox, InboxError, Incoming, Received};
use aduan_telegram::TelegramSettings;
use async_trait::async_trait;
use std::sync::Mutex;

pub const TOKEN: &str = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
pub const SECRET: &str = "hook-Secret_42";

/// A fixture file's bytes.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn settings(base_url: &str) -> TelegramSettings {
    TelegramSettings {
        enabled: true,
        bot_token: TOKEN.into(),
        secret_token: SECRET.into(),
        api_base_url: base_url.into(),
    }
}

/// An inbox that keeps what it gets and answers as told.
pub struct RecordingInbox {
    pub received: Mutex<Vec<Incoming>>,
    fail: bool,
    answer: Received,
}

impl RecordingInbox {
    pub fn accepting() -> Self {
        Self::answering(Received::Accepted)
    }

    pub fn answering(answer: Received) -> Self {
        RecordingInbox {
            received: Mutex::new(Vec::new()),
            fail: false,
            answer,
        }
    }

    pub fn failing() -> Self {
        RecordingInbox {
            fail: true,
            ..Self::accepting()
        }
    }

    pub fn taken(&self) -> Vec<Incoming> {
        self.received.lock().unwrap().clone()
    }
}

#[async_trait]
impl ChatInbox for RecordingInbox {
    async fn receive(&self, incoming: Incoming) -> Result<Received, InboxError> {
        self.received.lock().unwrap().push(incoming);
        if self.fail {
            Err(InboxError("the store is down".into()))
        } else {
            Ok(self.answer)
        }
    }
}

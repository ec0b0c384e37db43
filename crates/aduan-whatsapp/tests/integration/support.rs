//! Fixtures and a recording inbox.

use aduan_chat_core::{ChatInbox, InboxError, Incoming, Received};
use aduan_whatsapp::WhatsAppSettings;
use async_trait::async_trait;
use std::sync::Mutex;

/// The phone number id every fixture is addressed to.
pub const PHONE_NUMBER_ID: &str = "106540352242922";
pub const APP_SECRET: &str = "test-app-secret";
pub const VERIFY_TOKEN: &str = "test-verify-token";

/// A fixture's bytes, as Meta would post them.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

pub fn settings() -> WhatsAppSettings {
    WhatsAppSettings {
        enabled: true,
        verify_token: VERIFY_TOKEN.into(),
        app_secret: APP_SECRET.into(),
        access_token: "EAAG-test-token".into(),
        phone_number_id: PHONE_NUMBER_ID.into(),
        ..WhatsAppSettings::default()
    }
}

/// An inbox that keeps what it gets and answers `answer`, or fails when told to.
pub struct RecordingInbox {
    pub got: Mutex<Vec<Incoming>>,
    pub answer: Received,
    pub fail: bool,
}

impl RecordingInbox {
    pub fn answering(answer: Received) -> Self {
        RecordingInbox {
            got: Mutex::new(Vec::new()),
            answer,
            fail: false,
        }
    }

    pub fn failing() -> Self {
        RecordingInbox {
            fail: true,
            ..Self::answering(Received::Accepted)
        }
    }

    pub fn got(&self) -> Vec<Incoming> {
        self.got.lock().unwrap().clone()
    }
}

#[async_trait]
impl ChatInbox for RecordingInbox {
    async fn receive(&self, incoming: Incoming) -> Result<Received, InboxError> {
        if self.fail {
            return Err(InboxError("the store is down".into()));
        }
        self.got.lock().unwrap().push(incoming);
        Ok(self.answer)
    }
}

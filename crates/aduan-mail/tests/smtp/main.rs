//! E-mail out against a real SMTP server on loopback (Debian's python3-aiosmtpd): the right
//! messages arrive for each step with the right language and headers; the reporter's choice
//! of e-mail, SMS or both holds; staff never see an anonymous reporter's address; and with the
//! server down a message is retried, dead-lettered, shown on the staff page and delivered
//! after a manual retry once the server is back.
//!
//! `#[ignore]`d like the PostgreSQL tests (scripts/test runs them with `--include-ignored`):
//! without aiosmtpd each says SKIPPED and returns, unless `ADUAN_REQUIRE` names `smtp`.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod choice;
mod down;
mod events;
mod mail;
mod reminders;
mod sink;
#[path = "../../../aduan-portal/tests/support/mod.rs"]
mod support;

use aduan_jobs::{Notifier, Outgoing, Registry, RunSummary, Standard, Transport};
use aduan_mail::out::{Security, SmtpMailer, SmtpSettings};
use aduan_testkit::TestApp;
use async_trait::async_trait;
use sink::Sink;
use std::sync::{Arc, Mutex};

/// The reply domain and public address the tests configure.
pub const REPLY_DOMAIN: &str = "balas.aduan.uji.go.id";
pub const BASE_URL: &str = "https://aduan.uji.go.id";

/// `[smtp]` for the sink on `port`.
pub fn settings(port: u16) -> SmtpSettings {
    SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        security: Security::None,
        from: "Aduan Uji <noreply@aduan.uji.go.id>".into(),
        reply_domain: REPLY_DOMAIN.into(),
        base_url: BASE_URL.into(),
        timeout_seconds: 5,
        ..SmtpSettings::default()
    }
}

/// An SMS gateway stand-in that keeps what it is given (the SMS gateway itself is tested
/// with Kannel; here only the routing matters).
#[derive(Debug, Default, Clone)]
pub struct SmsRecorder(Arc<Mutex<Vec<(String, String, String)>>>);

impl SmsRecorder {
    /// (phone, template, dedup key) of each SMS, in order.
    pub fn sent(&self) -> Vec<(String, String, String)> {
        self.0.lock().unwrap().clone()
    }
}

#[async_trait]
impl Transport for SmsRecorder {
    async fn send(&self, m: &Outgoing) -> Result<(), String> {
        let phone = m.address.clone().ok_or("no phone number")?;
        self.0
            .lock()
            .unwrap()
            .push((phone, m.template.clone(), m.dedup_key.clone()));
        Ok(())
    }
}

/// The app, an SMTP server (when started) and the delivery worker's jobs.
pub struct Rig {
    pub app: TestApp,
    sink: Mutex<Option<Sink>>,
    pub port: u16,
    pub sms: SmsRecorder,
    registry: Registry,
    _dir: tempfile::TempDir,
}

impl Rig {
    /// The app delivering through SMTP on a free port, with the server running.
    pub async fn running(app: TestApp) -> Rig {
        let rig = Rig::stopped(app, sink::free_port());
        rig.start_sink();
        rig
    }

    /// The app delivering through SMTP on `port`, where no server listens yet.
    pub fn stopped(app: TestApp, port: u16) -> Rig {
        let sms = SmsRecorder::default();
        let mailer = SmtpMailer::new(&settings(port), &app.state.deployment_key).unwrap();
        let notifier = Notifier::Gateways {
            email: Some(Arc::new(mailer)),
            sms: Some(Arc::new(sms.clone())),
            webhook: None,
            chat: None,
        };
        let registry = aduan_jobs::standard_registry(Standard {
            notifier,
            key: (*app.state.deployment_key).clone(),
            retention_days: 1825,
        });
        Rig {
            app,
            sink: Mutex::new(None),
            port,
            sms,
            registry,
            _dir: tempfile::tempdir().unwrap(),
        }
    }

    /// Starts the SMTP server on the rig's port.
    pub fn start_sink(&self) {
        *self.sink.lock().unwrap() = Some(Sink::start(self._dir.path(), self.port));
    }

    /// Runs every delivery job due now.
    pub async fn deliver(&self) -> RunSummary {
        let clock: Arc<dyn aduan_domain::TimeSource> = self.app.clock.clone();
        aduan_jobs::run_pending_jobs(&self.app.store, &self.registry, &clock)
            .await
            .unwrap()
    }

    /// The messages the server received.
    pub fn mails(&self) -> Vec<mail::Mail> {
        self.sink
            .lock()
            .unwrap()
            .as_ref()
            .map(|sink| mail::read_all(&sink.dir))
            .unwrap_or_default()
    }
}

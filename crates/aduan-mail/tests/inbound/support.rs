//! The corpus, the intake settings of the tests, and small helpers.

use aduan_domain::TrackingId;
use aduan_mail::inbound::{Envelope, MailIn, MailInSettings, Outcome, ingest};
use aduan_testkit::TestApp;

/// The service's mail domain in the corpus.
pub const DOMAIN: &str = "aduan.contoh.id";

/// A corpus message's bytes.
pub fn corpus(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Intake as the tests' deployment runs it.
pub fn mail_in(app: &TestApp) -> MailIn {
    MailIn {
        settings: MailInSettings {
            domain: DOMAIN.into(),
            addresses: vec![format!("lapor@{DOMAIN}")],
            ..MailInSettings::default()
        },
        reply_secret: aduan_mail::token::reply_secret(&app.state.deployment_key),
    }
}

/// Takes a message in as the MTA would hand it over (no envelope details).
pub async fn take(app: &TestApp, raw: &[u8]) -> Outcome {
    take_with(app, &mail_in(app), raw).await
}

/// [`take`] with intake settings of the test's own.
pub async fn take_with(app: &TestApp, mail_in: &MailIn, raw: &[u8]) -> Outcome {
    ingest(&app.state, mail_in, &Envelope::default(), raw)
        .await
        .unwrap()
}

/// A reply from the corpus, answering report `id`: its placeholders filled with the tracking id
/// and the report's signed reply token.
pub fn answering(app: &TestApp, name: &str, id: &str) -> Vec<u8> {
    let token = aduan_mail::token::reply_token(&mail_in(app).reply_secret, id);
    String::from_utf8_lossy(&corpus(name))
        .replace("%TRACKING_ID%", id)
        .replace("%TOKEN%", &token)
        .into_bytes()
}

/// How many reports the store holds.
pub async fn report_count(app: &TestApp) -> usize {
    app.store
        .list_report_heads(None, 10_000)
        .await
        .unwrap()
        .len()
}

/// The report an outcome filed.
pub fn filed(outcome: &Outcome) -> TrackingId {
    match outcome {
        Outcome::Filed { tracking_id, .. } => *tracking_id,
        other => panic!("not filed: {other:?}"),
    }
}

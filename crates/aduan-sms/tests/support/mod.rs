//! Shared by the SMS tests: the service with its SMS channel, a get-url request as smsbox
//! sends it, and the staff steps that bring a report to where a reporter may answer.

#![allow(dead_code)] // each test binary uses its own part

pub mod transcript;

use aduan_sms::{SmsConfig, SmsSettings};
use aduan_testkit::{As, TestApp};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::json;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use tower::ServiceExt;

/// The shared secret of the tests' smsbox.
pub const SECRET: &str = "uji-rahasia-bersama-2026";
/// A reporter's phone, as an operator writes it.
pub const SITI: &str = "+6281234567890";
/// Another phone.
pub const BUDI: &str = "+6285711112222";

/// The channel's settings for the tests: smsbox on the loopback interface, keywords for the
/// fixture's cities.
pub fn settings() -> SmsSettings {
    SmsSettings {
        enabled: true,
        secret: SECRET.into(),
        allow_from: vec!["127.0.0.1".into()],
        keywords: BTreeMap::from([
            ("SBY".to_owned(), "kota-surabaya".to_owned()),
            ("MKS".to_owned(), "kota-makassar".to_owned()),
        ]),
        ..SmsSettings::default()
    }
}

/// Adds the SMS channel with `settings` to the app under test.
pub fn with_sms(app: &mut TestApp, settings: SmsSettings) {
    let config = SmsConfig::from_settings(&settings).unwrap();
    app.router = app.router.clone().merge(aduan_server::channels::sms_router(
        app.state.clone(),
        config,
    ));
}

/// An answer from the channel.
pub struct Answer {
    /// Status.
    pub status: StatusCode,
    /// The SMS text (empty: none).
    pub text: String,
    /// Whether it asks smsbox for UCS-2.
    pub ucs2: bool,
}

/// Percent-encodes every byte but letters and digits.
pub fn enc(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(*b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A GET from `peer` (none: no connection info) to `path_and_query`.
pub async fn get_from(app: &TestApp, peer: Option<&str>, path_and_query: &str) -> Answer {
    get_via(app.router.clone(), peer, path_and_query).await
}

/// [`get_from`] on a router of its own (to send from spawned tasks).
pub async fn get_via(router: axum::Router, peer: Option<&str>, path_and_query: &str) -> Answer {
    let mut req = Request::get(path_and_query).body(Body::empty()).unwrap();
    if let Some(peer) = peer {
        let addr: SocketAddr = format!("{peer}:40000").parse().unwrap();
        req.extensions_mut().insert(ConnectInfo(addr));
    }
    let res = router.oneshot(req).await.unwrap();
    let status = res.status();
    let ucs2 = res
        .headers()
        .get("x-kannel-coding")
        .is_some_and(|v| v == "2");
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        text: String::from_utf8(bytes.to_vec()).unwrap(),
        ucs2,
    }
}

/// The get-url as smsbox calls it for an SMS `text` from `from`, message id `id`.
pub fn get_url(from: &str, text: &str, id: &str) -> String {
    format!(
        "/channels/sms/kannel?secret={SECRET}&from={}&to=1708&text={}&coding=0&charset=UTF-8&id={id}&time=2026-03-02+02:00:00&smsc=fake",
        enc(from.as_bytes()),
        enc(text.as_bytes())
    )
}

/// An SMS from smsbox on the loopback interface.
pub async fn sms(app: &TestApp, from: &str, text: &str, id: &str) -> Answer {
    get_from(app, Some("127.0.0.1"), &get_url(from, text, id)).await
}

/// The tracking id in a confirmation.
pub fn tracking_id_in(text: &str) -> String {
    let after = text
        .split_once(": ")
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("no tracking id in {text:?}"));
    after
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect()
}

/// Files a report by SMS and returns its tracking id.
pub async fn file_by_sms(app: &TestApp, from: &str, text: &str, id: &str) -> String {
    let a = sms(app, from, text, id).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    tracking_id_in(&a.text)
}

/// Verifies and dispatches a report to Surabaya, and lets Surabaya follow it up: the reporter
/// may now reply.
pub async fn followed_up(app: &TestApp, id: &str) {
    let national = app.login("national").await;
    let dispatch = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    app.act_ok(id, As::Token(&national), dispatch).await;
    let surabaya = app.login("surabaya").await;
    let follow = json!({"action": "follow_up", "body": "Petugas akan memeriksa lokasi pekan ini."});
    assert_eq!(
        app.act_ok(id, As::Token(&surabaya), follow).await,
        "in_progress"
    );
}

/// [`followed_up`], then Surabaya completes it: the reporter may confirm, rate or reopen.
pub async fn completed(app: &TestApp, id: &str) {
    followed_up(app, id).await;
    let surabaya = app.login("surabaya").await;
    let done = json!({"action": "complete", "body": "Lampu sudah diganti dan menyala."});
    assert_eq!(
        app.act_ok(id, As::Token(&surabaya), done).await,
        "completed"
    );
}

/// The national admin archives a report as too general: the reporter may appeal.
pub async fn archived(app: &TestApp, id: &str) {
    let national = app.login("national").await;
    let archive = json!({"action": "archive", "reason": "too_general"});
    assert_eq!(
        app.act_ok(id, As::Token(&national), archive).await,
        "archived"
    );
}

/// The report's current state.
pub async fn state_of(app: &TestApp, id: &str) -> aduan_domain::ReportState {
    let id = aduan_domain::TrackingId::parse(id).unwrap();
    app.store.get_report(&id).await.unwrap().unwrap().state
}

/// The report's events of `action`.
pub async fn events_of(app: &TestApp, id: &str, action: &str) -> Vec<aduan_domain::event::Event> {
    let id = aduan_domain::TrackingId::parse(id).unwrap();
    let events = app.store.list_events(&id).await.unwrap();
    events
        .into_iter()
        .filter(|e| e.action.as_str() == action)
        .collect()
}

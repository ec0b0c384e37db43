//! The anonymous reports by SMS (`ANONIM <text>`) and by e-mail (to the anonymous intake
//! address) that the office crawler hunts for, filed through the channels themselves and
//! carried to Surabaya's public works unit with a follow-up and the reporter's answer; and the
//! pieces of their reporters' identity that no agency page may show.

use aduan_mail::inbound::{Envelope, MailIn, MailInSettings, Outcome, ingest};
use aduan_testkit::{As, TestApp};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

/// The anonymous SMS reporter's number.
const SMS_PHONE_DIGITS: &str = "81299988877";
/// The anonymous e-mail reporter.
const MAIL_NAME: &str = "Larasati Diam";
const MAIL_ADDRESS: &str = "larasati.diam@contoh.id";
const MAIL_PHONE_DIGITS: &str = "81366677755";
const DOMAIN: &str = "aduan.contoh.id";
const SMS_SECRET: &str = "uji-rahasia-bersama-2026";

/// Which piece of the channel reporters' identity `source` holds, if any.
pub fn leak(source: &str) -> Option<&'static str> {
    let lower = source.to_lowercase();
    let digits: String = source.chars().filter(char::is_ascii_digit).collect();
    [
        ("SMS reporter's phone", digits.contains(SMS_PHONE_DIGITS)),
        (
            "e-mail reporter's name",
            lower.contains(&MAIL_NAME.to_lowercase()),
        ),
        ("e-mail reporter's address", lower.contains(MAIL_ADDRESS)),
        (
            "e-mail reporter's phone",
            digits.contains(MAIL_PHONE_DIGITS),
        ),
    ]
    .into_iter()
    .find_map(|(what, found)| found.then_some(what))
}

async fn sms(app: &TestApp, text: &str, id: &str) -> String {
    let settings = aduan_sms::SmsSettings {
        enabled: true,
        secret: SMS_SECRET.into(),
        allow_from: vec!["127.0.0.1".into()],
        ..aduan_sms::SmsSettings::default()
    };
    let router = aduan_server::channels::sms_router(
        app.state.clone(),
        aduan_sms::SmsConfig::from_settings(&settings).unwrap(),
    );
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b if b.is_ascii_alphanumeric() => char::from(b).to_string(),
                b => format!("%{b:02X}"),
            })
            .collect()
    };
    let url = format!(
        "{}?secret={SMS_SECRET}&from=%2B62{SMS_PHONE_DIGITS}&to=1708&text={}&coding=0&charset=UTF-8&id={id}",
        aduan_sms::INBOUND_PATH,
        enc(text)
    );
    let mut req = Request::get(url).body(Body::empty()).unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(std::net::SocketAddr::from((
            [127, 0, 0, 1],
            40000,
        ))));
    let res = router.oneshot(req).await.unwrap();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn mail_in(app: &TestApp) -> MailIn {
    MailIn {
        settings: MailInSettings {
            domain: DOMAIN.into(),
            addresses: vec![format!("lapor@{DOMAIN}")],
            anonymous_addresses: vec![format!("anonim@{DOMAIN}")],
            ..MailInSettings::default()
        },
        reply_secret: aduan_mail::token::reply_secret(&app.state.deployment_key),
    }
}

async fn mail(app: &TestApp, raw: String) -> Outcome {
    ingest(
        &app.state,
        &mail_in(app),
        &Envelope::default(),
        raw.as_bytes(),
    )
    .await
    .unwrap()
}

/// Dispatches to Surabaya's public works unit and follows up.
async fn to_the_unit(app: &TestApp, id: &str) {
    let national = app.login("national").await;
    let admin = app.login("surabaya").await;
    let officer = app.login("dinas-pu").await;
    app.act_ok(id, As::Token(&national), json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    app.act_ok(
        id,
        As::Token(&admin),
        json!({"action": "dispatch_unit", "unit": "kota-surabaya/dinas-pu"}),
    )
    .await;
    app.act_ok(
        id,
        As::Token(&officer),
        json!({"action": "follow_up", "body": "Sedang ditinjau."}),
    )
    .await;
}

/// An anonymous SMS report and an anonymous e-mail report, each held by Surabaya's public
/// works unit with a follow-up and the reporter's answer through its channel; their ids.
pub async fn anonymous_channel_reports(app: &TestApp) -> Vec<String> {
    let answer = sms(
        app,
        "ANONIM Pungli di loket parkir Balai Kota",
        "crawl-sms-1",
    )
    .await;
    let by_sms: String = answer
        .split_once(": ")
        .map(|(_, rest)| {
            rest.chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect()
        })
        .unwrap_or_else(|| panic!("no report: {answer}"));
    to_the_unit(app, &by_sms).await;
    let reply = sms(app, &format!("BALAS {by_sms} Masih terjadi"), "crawl-sms-2").await;
    assert!(reply.contains("sudah kami teruskan"), "{reply}");

    let raw = format!(
        "From: {MAIL_NAME} <{MAIL_ADDRESS}>\nTo: anonim@{DOMAIN}\nSubject: Pungli izin keramaian\nMessage-ID: <crawl-mail-1@contoh.id>\n\nPetugas meminta uang untuk izin keramaian. Saya {MAIL_NAME}, 0{MAIL_PHONE_DIGITS}.\n\nHormat saya,\n{MAIL_NAME}\nHP 0{MAIL_PHONE_DIGITS}\n"
    );
    let by_mail = match mail(app, raw).await {
        Outcome::Filed { tracking_id, .. } => tracking_id.to_string(),
        other => panic!("not filed: {other:?}"),
    };
    to_the_unit(app, &by_mail).await;
    let token = aduan_mail::token::reply_token(&mail_in(app).reply_secret, &by_mail);
    let answer = format!(
        "From: {MAIL_NAME} <{MAIL_ADDRESS}>\nTo: <lapor+{token}@{DOMAIN}>\nSubject: Re: laporan\nMessage-ID: <crawl-mail-2@contoh.id>\n\nMasih terjadi.\n\nSalam,\n{MAIL_NAME}\n"
    );
    let outcome = mail(app, answer).await;
    assert!(matches!(outcome, Outcome::Answered { .. }), "{outcome:?}");
    vec![by_sms, by_mail]
}

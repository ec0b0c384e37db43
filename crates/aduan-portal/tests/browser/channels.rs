//! The anonymous reports by SMS (`ANONIM <text>`), by e-mail (to the anonymous intake
//! address) and by a partner system (the partner API) that the office crawler hunts for, filed
//! through the channels themselves and
//! carried to Surabaya's public works unit with a follow-up and the reporter's answer; and the
//! pieces of their reporters' identity that no agency page may show.

use aduan_mail::inbound::Outcome;
use aduan_testkit::TestApp;
use aduan_testkit::channels::{MAIL_DOMAIN, tracking_id_in};

/// The anonymous SMS reporter's number.
const SMS_PHONE_DIGITS: &str = "81299988877";
/// The anonymous e-mail reporter.
const MAIL_NAME: &str = "Larasati Diam";
const MAIL_ADDRESS: &str = "larasati.diam@contoh.id";
const MAIL_PHONE_DIGITS: &str = "81366677755";
/// The anonymous reporter who came through a partner system.
const PARTNER_NAME: &str = "Bayu Tersembunyi";
const PARTNER_ADDRESS: &str = "bayu.tersembunyi@contoh.id";
const PARTNER_PHONE_DIGITS: &str = "81377788899";

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
        (
            "partner reporter's name",
            lower.contains(&PARTNER_NAME.to_lowercase()),
        ),
        (
            "partner reporter's address",
            lower.contains(PARTNER_ADDRESS),
        ),
        (
            "partner reporter's phone",
            digits.contains(PARTNER_PHONE_DIGITS),
        ),
    ]
    .into_iter()
    .find_map(|(what, found)| found.then_some(what))
}

/// An anonymous SMS report and an anonymous e-mail report, each held by Surabaya's public
/// works unit with a follow-up and the reporter's answer through its channel; their ids.
pub async fn anonymous_channel_reports(app: &TestApp) -> Vec<String> {
    let phone = format!("+62{SMS_PHONE_DIGITS}");
    let answer = app
        .sms(
            &phone,
            "ANONIM Pungli di loket parkir Balai Kota",
            "crawl-sms-1",
        )
        .await;
    let by_sms = tracking_id_in(&answer);
    app.to_the_surabaya_unit(&by_sms, "Sedang ditinjau.").await;
    let reply = app
        .sms(
            &phone,
            &format!("BALAS {by_sms} Masih terjadi"),
            "crawl-sms-2",
        )
        .await;
    assert!(reply.contains("sudah kami teruskan"), "{reply}");

    let raw = format!(
        "From: {MAIL_NAME} <{MAIL_ADDRESS}>\nTo: anonim@{MAIL_DOMAIN}\nSubject: Pungli izin keramaian\nMessage-ID: <crawl-mail-1@contoh.id>\n\nPetugas meminta uang untuk izin keramaian. Saya {MAIL_NAME}, 0{MAIL_PHONE_DIGITS}.\n\nHormat saya,\n{MAIL_NAME}\nHP 0{MAIL_PHONE_DIGITS}\n"
    );
    let by_mail = match app.mail(&raw).await {
        Outcome::Filed { tracking_id, .. } => tracking_id.to_string(),
        other => panic!("not filed: {other:?}"),
    };
    app.to_the_surabaya_unit(&by_mail, "Sedang ditinjau.").await;
    let to = app.reply_address(&by_mail);
    let answer = format!(
        "From: {MAIL_NAME} <{MAIL_ADDRESS}>\nTo: <{to}>\nSubject: Re: laporan\nMessage-ID: <crawl-mail-2@contoh.id>\n\nMasih terjadi.\n\nSalam,\n{MAIL_NAME}\n"
    );
    let outcome = app.mail(&answer).await;
    assert!(matches!(outcome, Outcome::Answered { .. }), "{outcome:?}");
    vec![by_sms, by_mail, by_partner(app).await]
}

/// An anonymous report filed by a partner system for Kota Surabaya, held by its public works
/// unit with a follow-up and the reporter's reply through the partner; its id.
async fn by_partner(app: &TestApp) -> String {
    use aduan_testkit::As;
    use serde_json::json;
    let key = app.partner_key("lapor-jatim", json!(["35"])).await;
    let reporter = json!({"name": PARTNER_NAME, "email": PARTNER_ADDRESS, "phone": format!("0{PARTNER_PHONE_DIGITS}")});
    let mut body = aduan_testkit::report_body(
        json!({"title": "Pungli retribusi pasar", "anonymous": true, "reporter": reporter}),
    );
    body["ref"] = json!("CRAWL-1");
    let headers = [("x-api-key", key.as_str())];
    let filed = app
        .send(
            axum::http::Method::POST,
            "/api/v1/partner/reports",
            As::Anon,
            Some(body),
            &headers,
        )
        .await;
    let id = filed.body["tracking_id"].as_str().unwrap().to_owned();
    app.to_the_surabaya_unit(&id, "Sedang ditinjau.").await;
    let reply = json!({"action": "reply", "body": "Masih terjadi setiap Senin."});
    let path = "/api/v1/partner/reports/CRAWL-1/actions";
    let replied = app
        .send(
            axum::http::Method::POST,
            path,
            As::Anon,
            Some(reply),
            &headers,
        )
        .await;
    assert_eq!(
        replied.status,
        axum::http::StatusCode::OK,
        "{}",
        replied.text
    );
    id
}

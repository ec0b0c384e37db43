//! Anonymous reports by SMS (`ANONIM <text>`) and by e-mail (to the anonymous intake address)
//! name their reporter to no role on any read path, and not in the logs: the number, the
//! address and the name are kept only to answer the reporter. The reports come in through the
//! channels themselves (Kannel's get-url, `aduan ingest-email`).

use crate::common::{As, TestApp};
use crate::on_both_backends;
use aduan_mail::inbound::Outcome;
use aduan_testkit::channels::{MAIL_DOMAIN, tracking_id_in};
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};

const SMS_PHONE: &str = "+6281355500011";
const MAIL_NAME: &str = "Wulan Tersembunyi";
const MAIL_ADDRESS: &str = "wulan.tersembunyi@contoh.id";
const MAIL_SIGNATURE_PHONE: &str = "0812 7770 0022";

/// What must reach no role: every form of the SMS number, the mail sender's name, address and
/// signed phone.
fn secrets() -> Vec<String> {
    [
        SMS_PHONE,
        "081355500011",
        "81355500011",
        "Wulan",
        "Tersembunyi",
        MAIL_ADDRESS,
        "wulan.tersembunyi",
        "81277700022",
        "7770",
    ]
    .map(str::to_owned)
    .to_vec()
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An anonymous SMS report (`ANONIM <text>`); its tracking id.
pub async fn anonymous_sms_report(app: &TestApp) -> String {
    let answer = app
        .sms(
            SMS_PHONE,
            "ANONIM Pungli di loket samsat Surabaya",
            "anon-sms-1",
        )
        .await;
    assert!(answer.starts_with("Laporan anonim"), "{answer}");
    tracking_id_in(&answer)
}

/// An anonymous e-mail report to `anonim@`, signed with name and phone; its tracking id.
pub async fn anonymous_email_report(app: &TestApp) -> String {
    let raw = format!(
        "From: {MAIL_NAME} <{MAIL_ADDRESS}>\nTo: anonim@{MAIL_DOMAIN}\nSubject: Pungli izin usaha\nMessage-ID: <anon-mail-1@contoh.id>\n\nPetugas meminta uang pelicin untuk izin usaha. Saya {MAIL_NAME}.\n\nHormat saya,\n{MAIL_NAME}\nHP {MAIL_SIGNATURE_PHONE}\n"
    );
    match app.mail(&raw).await {
        Outcome::Filed { tracking_id, .. } => tracking_id.to_string(),
        other => panic!("not filed: {other:?}"),
    }
}

/// Dispatches the report to Surabaya's public works unit, follows it up, and lets the reporter
/// answer through the channel it came from; what the agency's actions answered.
async fn carry_through(app: &TestApp, id: &str, by_sms: bool) -> Vec<String> {
    let seen = app
        .to_the_surabaya_unit(id, "Kami periksa petugasnya.")
        .await;
    if by_sms {
        let answer = app
            .sms(
                SMS_PHONE,
                &format!("BALAS {id} Masih terjadi"),
                "anon-sms-2",
            )
            .await;
        assert!(answer.contains("sudah kami teruskan"), "{answer}");
    } else {
        let to = app.reply_address(id);
        let raw = format!(
            "From: {MAIL_NAME} <{MAIL_ADDRESS}>\nTo: <{to}>\nSubject: Re: laporan\nMessage-ID: <anon-mail-2@contoh.id>\n\nMasih terjadi, kata {MAIL_NAME}.\n\nSalam,\n{MAIL_NAME}\n"
        );
        let outcome = app.mail(&raw).await;
        assert!(matches!(outcome, Outcome::Answered { .. }), "{outcome:?}");
    }
    seen
}

async fn anonymous_sms_and_email_reporters_reach_no_role_on_any_read_path_and_no_log(app: TestApp) {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let by_sms = anonymous_sms_report(&app).await;
    let by_mail = anonymous_email_report(&app).await;
    let mut seen = carry_through(&app, &by_sms, true).await;
    seen.extend(carry_through(&app, &by_mail, false).await);
    let mut tokens = Vec::new();
    for role in [
        "national",
        "surabaya",
        "dinas-pu",
        "makassar",
        "ombudsman",
        "ksp",
    ] {
        tokens.push((role, app.login(role).await));
    }
    let mut checked = 0;
    for id in [&by_sms, &by_mail] {
        let paths = [
            format!("/api/v1/reports/{id}"),
            format!("/api/v1/reports/{id}/events"),
            format!("/api/v1/reports/{id}/status"),
            format!("/api/v1/reports/{id}/attachments"),
            "/api/v1/reports?limit=100".to_owned(),
            "/api/v1/reports?q=Pungli&limit=100".to_owned(),
        ];
        for path in &paths {
            seen.push(app.get(path, As::Anon).await.text);
            for (_, token) in &tokens {
                seen.push(app.get(path, As::Token(token)).await.text);
                checked += 1;
            }
        }
        for (role, token) in &tokens {
            let view = app
                .get(&format!("/api/v1/reports/{id}"), As::Token(token))
                .await;
            if view.status == 200 {
                assert_eq!(
                    view.body["reporter"],
                    json!({"display": "Anonim"}),
                    "{role} on {id}: {}",
                    view.text
                );
            }
        }
        let events = app
            .get(
                &format!("/api/v1/reports/{id}/events"),
                As::Token(&tokens[2].1),
            )
            .await;
        assert!(
            events.text.contains("Masih terjadi"),
            "the reporter's answer reached the unit: {}",
            events.text
        );
    }
    assert_eq!(checked, 2 * 6 * 6, "two reports, six paths, six roles");
    let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logged.contains("report submitted"), "logs were captured");
    // A line's time ("11:23:39.777084Z") and a query's ("elapsed_secs=0.000177705") are no
    // one's data, but their digits may spell a fragment of the phone number.
    let logged: String = logged
        .split_inclusive(char::is_whitespace)
        .filter(|word| !is_timing(word))
        .collect();
    for secret in secrets() {
        for text in &seen {
            assert!(
                !text.contains(secret.as_str()),
                "{secret} was shown: {text}"
            );
        }
        assert!(
            !logged.contains(secret.as_str()),
            "{secret} reached the logs"
        );
    }
}

on_both_backends!(anonymous_sms_and_email_reporters_reach_no_role_on_any_read_path_and_no_log);

/// Whether a word of a log line is a timestamp or a query's duration (colour codes aside).
fn is_timing(word: &str) -> bool {
    let mut plain = String::new();
    let mut in_code = false;
    for ch in word.trim().chars() {
        match ch {
            '\u{1b}' => in_code = true,
            'm' if in_code => in_code = false,
            _ if !in_code => plain.push(ch),
            _ => {}
        }
    }
    plain.starts_with("elapsed") || chrono::DateTime::parse_from_rfc3339(&plain).is_ok()
}

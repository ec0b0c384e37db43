//! The anonymous reports by SMS (`ANONIM <text>`), by e-mail (to the anonymous intake
//! address), by a partner system (the partner API) and through the chats (Telegram, WhatsApp,
//! X direct messages) that the office crawler hunts for, filed through the channels themselves
//! and carried to Surabaya's public works unit with a follow-up and the reporter's answer; and
//! the pieces of their reporters' identity that no agency page may show.

use aduan_mail::inbound::Outcome;
use aduan_testkit::TestApp;
use aduan_testkit::channels::{MAIL_DOMAIN, tracking_id_in};
use aduan_testkit::chat::{ChatReport, ChatSender};

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
/// The anonymous Telegram reporter: chat id, `@username`, first and last name.
const TELEGRAM_CHAT_ID: i64 = 7_305_519_428;
const TELEGRAM_USERNAME: &str = "dyahayu_senyap";
const TELEGRAM_NAMES: [&str; 2] = ["Dyahayu", "Sekarwangi"];
/// The anonymous WhatsApp reporter: the number after `62` or `0`, and the profile name.
const WHATSAPP_DIGITS: &str = "85211223344";
const WHATSAPP_NAMES: [&str; 2] = ["Ratih", "Kusumawardhani"];
/// The anonymous X reporter: user id, `@handle`, name.
const X_USER_ID: &str = "1888000222333444555";
const X_HANDLE: &str = "bisik_rahasia";
const X_NAMES: [&str; 2] = ["Wigati", "Arumdalu"];

/// The anonymous chat reporters, as their networks show them.
fn chat_senders() -> [ChatSender; 3] {
    [
        ChatSender::Telegram {
            id: TELEGRAM_CHAT_ID,
            username: TELEGRAM_USERNAME.into(),
            first_name: TELEGRAM_NAMES[0].into(),
            last_name: TELEGRAM_NAMES[1].into(),
        },
        ChatSender::WhatsApp {
            number: format!("62{WHATSAPP_DIGITS}"),
            profile: WHATSAPP_NAMES.join(" "),
        },
        ChatSender::X {
            id: X_USER_ID.into(),
            handle: X_HANDLE.into(),
            name: X_NAMES.join(" "),
        },
    ]
}

/// Whether `lower` (a page in lower case) holds any of `names`.
fn any_name(lower: &str, names: [&str; 2]) -> bool {
    names.iter().any(|n| lower.contains(&n.to_lowercase()))
}

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
        (
            "Telegram reporter's chat id",
            digits.contains(&TELEGRAM_CHAT_ID.to_string()),
        ),
        (
            "Telegram reporter's username",
            lower.contains(TELEGRAM_USERNAME),
        ),
        ("Telegram reporter's name", any_name(&lower, TELEGRAM_NAMES)),
        (
            "WhatsApp reporter's number",
            digits.contains(WHATSAPP_DIGITS),
        ),
        (
            "WhatsApp reporter's profile name",
            any_name(&lower, WHATSAPP_NAMES),
        ),
        (
            "WhatsApp message id, which spells the number",
            chat_senders()
                .iter()
                .filter_map(ChatSender::message_id_opening)
                .any(|opening| source.contains(&opening)),
        ),
        ("X reporter's user id", digits.contains(X_USER_ID)),
        ("X reporter's handle", lower.contains(X_HANDLE)),
        ("X reporter's name", any_name(&lower, X_NAMES)),
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
    let mut ids = vec![by_sms, by_mail, by_partner(app).await];
    ids.extend(by_chat(app).await);
    ids
}

/// An anonymous report through each chat (Telegram, WhatsApp, an X direct message), filed in
/// the conversation, held by Surabaya's public works unit with a follow-up delivered to the
/// chat and the reporter's `BALAS` from it; their ids. The chats set the app's clock to now
/// (the networks judge time by the wall clock): the reports before these keep their fixed
/// date, and everything after is filed at the new time.
async fn by_chat(app: &TestApp) -> Vec<String> {
    let rig = app.chat_rig().await;
    let mut ids = Vec::new();
    for sender in chat_senders() {
        let report = ChatReport {
            title: "Pungli surat keterangan domisili",
            body: "Petugas kelurahan meminta uang agar surat domisili cepat selesai.",
            photo: None,
            place: "Kantor Kelurahan Ketabang, Surabaya",
            name: None,
        };
        let (id, _) = rig.file_report(app, &sender, &report).await;
        app.to_the_surabaya_unit(&id, "Sedang ditinjau.").await;
        rig.deliver(app).await;
        let reply = rig
            .say(app, &sender, &format!("BALAS {id} Masih terjadi"))
            .await;
        assert!(reply[0].contains("sudah kami teruskan"), "{reply:?}");
        ids.push(id);
    }
    ids
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

#[test]
fn the_leak_check_sees_each_piece_of_a_chat_reporters_identity_as_a_page_may_write_it() {
    let pieces = [
        format!("Chat: telegram:{TELEGRAM_CHAT_ID}"),
        format!("@{TELEGRAM_USERNAME}"),
        TELEGRAM_NAMES[1].to_uppercase(),
        format!("+62 {}-{}", &WHATSAPP_DIGITS[..3], &WHATSAPP_DIGITS[3..]),
        format!("whatsapp:62{WHATSAPP_DIGITS}"),
        WHATSAPP_NAMES.join(" "),
        aduan_testkit::chat::wamid(&format!("62{WHATSAPP_DIGITS}"), 42),
        format!("x:{X_USER_ID}"),
        format!("@{X_HANDLE}"),
        X_NAMES[0].to_owned(),
    ];
    for piece in pieces {
        assert!(leak(&piece).is_some(), "{piece}");
    }
    assert_eq!(leak("Laporan anonim, sekarang ditinjau"), None);
}

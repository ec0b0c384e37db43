//! Anonymous reports by SMS (`ANONIM <text>`), by e-mail (to the anonymous intake address) and
//! through the chats (Telegram, WhatsApp, X direct messages) name their reporter to no role on
//! any read path, and not in the logs: the number, the address, the chat handle and the names
//! are kept only to answer the reporter. The reports come in through the channels themselves
//! (Kannel's get-url, `aduan ingest-email`, the networks' webhooks over their stand-ins).

use crate::common::{As, TestApp};
use crate::on_both_backends;
use aduan_mail::inbound::Outcome;
use aduan_testkit::channels::{MAIL_DOMAIN, tracking_id_in};
use aduan_testkit::chat::{ChatReport, ChatRig, ChatSender};
use axum::http::StatusCode;
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

/// The roles whose reads are searched, besides the public's.
const ROLES: [&str; 6] = [
    "national",
    "surabaya",
    "dinas-pu",
    "makassar",
    "ombudsman",
    "ksp",
];

/// One read: who read which path, and what they were answered.
struct Read {
    role: &'static str,
    path: String,
    text: String,
}

/// Every read path of each report in `ids` (the report, its history, status card and
/// attachments, the list and a search for `query`), read by the public and by each of
/// [`ROLES`].
async fn read_everything(app: &TestApp, ids: &[String], query: &str) -> Vec<Read> {
    let mut tokens = Vec::new();
    for role in ROLES {
        tokens.push((role, app.login(role).await));
    }
    let mut reads = Vec::new();
    for id in ids {
        let paths = [
            format!("/api/v1/reports/{id}"),
            format!("/api/v1/reports/{id}/events"),
            format!("/api/v1/reports/{id}/status"),
            format!("/api/v1/reports/{id}/attachments"),
            "/api/v1/reports?limit=100".to_owned(),
            format!("/api/v1/reports?q={query}&limit=100"),
        ];
        for path in paths {
            let text = app.get(&path, As::Anon).await.text;
            reads.push(Read {
                role: "public",
                path: path.clone(),
                text,
            });
            for (role, token) in &tokens {
                let text = app.get(&path, As::Token(token)).await.text;
                reads.push(Read {
                    role,
                    path: path.clone(),
                    text,
                });
            }
        }
    }
    assert_eq!(
        reads.len(),
        ids.len() * 6 * (1 + ROLES.len()),
        "six paths of each report, read by the public and each role"
    );
    reads
}

/// The triage reads: a model trained on the verified history (these reports among it, with
/// the test histories beside them so that there is enough to learn from) and made active, then
/// each report's suggestions asked by each of [`ROLES`] with the report's own text, and the
/// national admin's list of model versions.
async fn read_triage(app: &TestApp, ids: &[String]) -> Vec<Read> {
    let history = aduan_app::triage::train::history(&app.state, aduan_store::TriageTarget::Agency)
        .await
        .unwrap();
    assert!(
        !history.texts.is_empty(),
        "the verified reports are in the history"
    );
    crate::common::triage::model_from_history(app, aduan_store::TriageTarget::Agency).await;
    let national = app.login("national").await;
    let mut tokens = Vec::new();
    for role in ROLES {
        tokens.push((role, app.login(role).await));
    }
    let mut reads = Vec::new();
    for id in ids {
        let report = app
            .get(&format!("/api/v1/reports/{id}"), As::Token(&national))
            .await;
        let ask = json!({
            "title": report.body["title"].as_str().unwrap_or(""),
            "body": report.body["body"],
            "channel": report.body["channel"],
        });
        for (role, token) in &tokens {
            let res = app
                .post("/api/v1/triage/suggest", As::Token(token), ask.clone())
                .await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.text);
            reads.push(Read {
                role,
                path: "/api/v1/triage/suggest".into(),
                text: res.text,
            });
        }
    }
    let models = app
        .get("/api/v1/admin/triage/models", As::Token(&national))
        .await;
    assert_eq!(models.status, StatusCode::OK, "{}", models.text);
    reads.push(Read {
        role: "national",
        path: "/api/v1/admin/triage/models".into(),
        text: models.text,
    });
    reads
}

/// The reveal requests' reads: a pending request for each report of `ids`, asked with a reason
/// by a national admin with a second-factor session, then the list and each request read by
/// the public, each of [`ROLES`] and the requester. Until a second person approves, nobody is
/// shown the identity, the requester included.
async fn read_reveal_requests(app: &TestApp, ids: &[String]) -> Vec<Read> {
    app.add_staff("peminta", aduan_domain::Role::NationalAdmin)
        .await;
    let (asker, _) = app.login_with_second_factor("peminta").await;
    let mut paths = vec!["/api/v1/reveal-requests?status=pending".to_owned()];
    for id in ids {
        let asked = app
            .post(
                &format!("/api/v1/reports/{id}/reveal-requests"),
                As::Token(&asker),
                json!({"reason": "Permintaan penyidik atas dugaan laporan palsu."}),
            )
            .await;
        assert_eq!(asked.status, 201, "{}", asked.text);
        paths.push(format!("/api/v1/reveal-requests/{}", asked.body["id"]));
    }
    let mut tokens = vec![("peminta", asker)];
    for role in ROLES {
        tokens.push((role, app.login(role).await));
    }
    let mut reads = Vec::new();
    for path in paths {
        reads.push(Read {
            role: "public",
            text: app.get(&path, As::Anon).await.text,
            path: path.clone(),
        });
        for (role, token) in &tokens {
            let res = app.get(&path, As::Token(token)).await;
            if *role == "peminta" {
                assert_eq!(res.status, 200, "the requester reads {path}: {}", res.text);
            }
            reads.push(Read {
                role,
                path: path.clone(),
                text: res.text,
            });
        }
    }
    reads
}

/// Each of [`ROLES`] that may read a report of `ids` sees its reporter as "Anonim", and the
/// unit reads the reporter's `answer` in its history.
async fn shown_anonymous_with_the_answer(app: &TestApp, ids: &[String], answer: &str) {
    for id in ids {
        for role in ROLES {
            let token = app.login(role).await;
            let view = app
                .get(&format!("/api/v1/reports/{id}"), As::Token(&token))
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
        let unit = app.login("dinas-pu").await;
        let events = app
            .get(&format!("/api/v1/reports/{id}/events"), As::Token(&unit))
            .await;
        assert!(
            events.text.contains(answer),
            "the reporter's answer reached the unit: {}",
            events.text
        );
    }
}

/// Every line logged while the guard lives, on this thread.
fn capture_logs() -> (Captured, tracing::subscriber::DefaultGuard) {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    (logs, tracing::subscriber::set_default(subscriber))
}

/// The first of `secrets` that one of `seen` holds, with the text that holds it.
fn shown<'a>(secrets: &'a [String], seen: &'a [String]) -> Option<(&'a str, &'a str)> {
    secrets.iter().find_map(|secret| {
        seen.iter()
            .find(|text| text.contains(secret.as_str()))
            .map(|text| (secret.as_str(), text.as_str()))
    })
}

/// Fails when any of `secrets` is in any of `seen` or in the `logs`.
fn assert_hidden(secrets: &[String], seen: &[String], logs: &Captured) {
    if let Some((secret, text)) = shown(secrets, seen) {
        panic!("{secret} was shown: {text}");
    }
    let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logged.contains("report submitted"), "logs were captured");
    // A line's time ("11:23:39.777084Z") and a query's ("elapsed_secs=0.000177705") are no
    // one's data, but their digits may spell a fragment of the phone number.
    let logged: String = logged
        .split_inclusive(char::is_whitespace)
        .filter(|word| !is_timing(word))
        .collect();
    for secret in secrets {
        if let Some(line) = logged.lines().find(|l| l.contains(secret.as_str())) {
            panic!("{secret} reached the logs: {line}");
        }
    }
}

async fn anonymous_sms_and_email_reporters_reach_no_role_on_any_read_path_and_no_log(app: TestApp) {
    let (logs, _guard) = capture_logs();
    let by_sms = anonymous_sms_report(&app).await;
    let by_mail = anonymous_email_report(&app).await;
    let mut seen = carry_through(&app, &by_sms, true).await;
    seen.extend(carry_through(&app, &by_mail, false).await);
    let ids = [by_sms, by_mail];
    let reads = read_everything(&app, &ids, "Pungli").await;
    seen.extend(reads.into_iter().map(|r| r.text));
    let reads = read_reveal_requests(&app, &ids).await;
    seen.extend(reads.into_iter().map(|r| r.text));
    let reads = read_triage(&app, &ids).await;
    seen.extend(reads.into_iter().map(|r| r.text));
    shown_anonymous_with_the_answer(&app, &ids, "Masih terjadi").await;
    assert_hidden(&secrets(), &seen, &logs);
}

/// The anonymous chat reporters: one on each network, with distinctive ids and names.
fn anonymous_chat_senders() -> [ChatSender; 3] {
    [
        ChatSender::Telegram {
            id: 5_917_264_830,
            username: "gendhis_parwita".into(),
            first_name: "Gendhis".into(),
            last_name: "Parwitasari".into(),
        },
        ChatSender::WhatsApp {
            number: "6285799001122".into(),
            profile: "Kinanti Prameswari".into(),
        },
        ChatSender::X {
            id: "1777000333444555666".into(),
            handle: "senyap_rahasia".into(),
            name: "Ratri Anggraini".into(),
        },
    ]
}

/// What must reach no role of a chat reporter: the handle, the id or number in every form
/// people write it (and as WhatsApp's message ids spell it), the network's display name and
/// its parts.
fn chat_secrets(sender: &ChatSender) -> Vec<String> {
    let mut out = vec![sender.handle()];
    match sender {
        ChatSender::Telegram {
            id,
            username,
            first_name,
            last_name,
        } => out.extend([
            id.to_string(),
            username.clone(),
            first_name.clone(),
            last_name.clone(),
        ]),
        ChatSender::WhatsApp { number, profile } => {
            let national = number.strip_prefix("62").unwrap();
            out.extend([number.clone(), format!("0{national}"), national.to_owned()]);
            out.extend(profile.split(' ').map(str::to_owned));
        }
        ChatSender::X { id, handle, name } => {
            out.extend([id.clone(), handle.clone()]);
            out.extend(name.split(' ').map(str::to_owned));
        }
    }
    out.extend(sender.message_id_opening());
    out
}

/// An anonymous report filed through the chat with a photo, carried to Surabaya's public
/// works unit, the follow-up delivered to the chat and the reporter's `BALAS` from it; the
/// report's id, access code and what the agency's actions answered.
async fn anonymous_chat_report(
    app: &TestApp,
    rig: &ChatRig,
    sender: &ChatSender,
) -> (String, String, Vec<String>) {
    let jpeg = crate::attachments::files::jpeg();
    let report = ChatReport {
        title: "Pungli pembuatan KTP",
        body: "Petugas kelurahan meminta uang pelicin untuk mempercepat KTP.",
        photo: Some(&jpeg),
        place: "Kantor Kelurahan Genteng, Surabaya",
        name: None,
    };
    let (id, code) = rig.file_report(app, sender, &report).await;
    let seen = app
        .to_the_surabaya_unit(&id, "Kami periksa petugasnya.")
        .await;
    rig.deliver(app).await;
    let notices = rig.sent_to(sender);
    assert!(
        notices
            .iter()
            .any(|t| t.contains("Kami periksa petugasnya.")),
        "the follow-up reached the chat: {notices:?}"
    );
    let replied = rig
        .say(app, sender, &format!("BALAS {id} Masih terjadi"))
        .await;
    assert!(replied[0].contains("sudah kami teruskan"), "{replied:?}");
    (id, code, seen)
}

async fn anonymous_telegram_whatsapp_and_x_reporters_reach_no_role_on_any_read_path_and_no_log(
    app: TestApp,
) {
    let (logs, _guard) = capture_logs();
    let rig = app.chat_rig().await;
    let mut ids = Vec::new();
    let mut seen = Vec::new();
    let mut secrets = Vec::new();
    for sender in anonymous_chat_senders() {
        let (id, code, answers) = anonymous_chat_report(&app, &rig, &sender).await;
        let own = app
            .get(&format!("/api/v1/reports/{id}"), As::Code(&code))
            .await;
        assert_eq!(
            own.body["reporter"]["chat"],
            sender.handle(),
            "the reporter still sees the handle they filed from: {}",
            own.text
        );
        ids.push(id);
        seen.extend(answers);
        secrets.extend(chat_secrets(&sender));
        secrets.push(code);
    }
    let reads = read_everything(&app, &ids, "Pungli").await;
    let attachments = reads
        .iter()
        .filter(|r| r.role == "dinas-pu" && r.path.ends_with("/attachments"));
    for read in attachments {
        assert!(read.text.contains("image/jpeg"), "{}", read.text);
    }
    seen.extend(reads.into_iter().map(|r| r.text));
    let reads = read_reveal_requests(&app, &ids).await;
    seen.extend(reads.into_iter().map(|r| r.text));
    let reads = read_triage(&app, &ids).await;
    seen.extend(reads.into_iter().map(|r| r.text));
    shown_anonymous_with_the_answer(&app, &ids, "Masih terjadi").await;
    assert_hidden(&secrets, &seen, &logs);
}

async fn a_named_chat_reporters_handle_reaches_the_agency_and_the_same_search_finds_it(
    app: TestApp,
) {
    let rig = app.chat_rig().await;
    let sender = ChatSender::Telegram {
        id: 6_020_304_050,
        username: "andika_terbuka".into(),
        first_name: "Andika".into(),
        last_name: "Terbuka".into(),
    };
    let report = ChatReport {
        title: "Pungli parkir pasar",
        body: "Juru parkir meminta tarif dua kali lipat di Pasar Genteng.",
        photo: None,
        place: "Pasar Genteng, Surabaya",
        name: Some("Andika Terbuka"),
    };
    let (id, _) = rig.file_report(&app, &sender, &report).await;
    app.to_the_surabaya_unit(&id, "Kami periksa juru parkirnya.")
        .await;
    let reads = read_everything(&app, std::slice::from_ref(&id), "Pungli").await;
    let view = |role| {
        reads
            .iter()
            .find(|r| r.role == role && r.path == format!("/api/v1/reports/{id}"))
            .unwrap()
    };
    for role in ["national", "surabaya", "dinas-pu"] {
        let seen: serde_json::Value = serde_json::from_str(&view(role).text).unwrap();
        assert_eq!(seen["reporter"]["chat"], "telegram:6020304050", "{role}");
        assert_eq!(seen["reporter"]["name"], "Andika Terbuka", "{role}");
    }
    let public: serde_json::Value = serde_json::from_str(&view("public").text).unwrap();
    assert_eq!(public["reporter"], json!({"display": "Pelapor"}));
    // The search that finds nothing of the anonymous reporters finds this one's handle in
    // what the unit reads.
    let unit: Vec<String> = reads
        .into_iter()
        .filter(|r| r.role == "dinas-pu")
        .map(|r| r.text)
        .collect();
    let secrets = chat_secrets(&sender);
    assert_eq!(
        shown(&secrets, &unit).map(|(secret, _)| secret),
        Some("telegram:6020304050")
    );
}

on_both_backends!(
    anonymous_sms_and_email_reporters_reach_no_role_on_any_read_path_and_no_log,
    anonymous_telegram_whatsapp_and_x_reporters_reach_no_role_on_any_read_path_and_no_log,
    a_named_chat_reporters_handle_reaches_the_agency_and_the_same_search_finds_it,
);

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

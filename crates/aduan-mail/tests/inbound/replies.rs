//! Answers to our notifications become the reporter's reply, acting as the reporter through
//! the same transition code as the API; the agency reads only the reporter's new words, without
//! the quoted notice, the signature, or the reporter's name, address and phone.

use crate::support::{answering, take};
use aduan_mail::inbound::{Ignored, Outcome};
use aduan_testkit::{As, TestApp, on_both_backends};
use serde_json::{Value, json};

pub const SITI: &str = "siti.rahmawati@example.co.id";

/// A report by Siti (by e-mail and phone), dispatched to Kota Surabaya and followed up, so it
/// awaits her answer; returns its tracking id and the agency admin's token.
pub async fn followed_up(app: &TestApp) -> (String, String) {
    let (id, _) = app
        .submit(
            json!({"reporter": {"name": "Siti Rahmawati", "email": SITI, "phone": "081234567890"}}),
        )
        .await;
    let national = app.login("national").await;
    app.act_ok(&id, As::Token(&national), json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    let agency = app.login("surabaya").await;
    let follow = json!({"action": "follow_up", "body": "Petugas telah mengganti lampu jalan di Jl. Melati pada 2 Maret 2026."});
    assert_eq!(
        app.act_ok(&id, As::Token(&agency), follow).await,
        "in_progress"
    );
    (id, agency)
}

/// The reporter's replies as the agency reads them in the report's history.
pub async fn replies_seen_by(app: &TestApp, id: &str, token: &str) -> Vec<String> {
    let res = app
        .get(&format!("/api/v1/reports/{id}/events"), As::Token(token))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "reply")
        .map(|e: &Value| e["body"].as_str().unwrap().to_owned())
        .collect()
}

fn assert_nothing_of_siti(text: &str) {
    for leak in [
        "Siti",
        "Rahmawati",
        "siti.rahmawati",
        "812",
        "3456",
        "7890",
        "Hormat saya",
        "menulis",
        "Balas surel ini",
        "Laporan ",
    ] {
        assert!(!text.contains(leak), "`{leak}` reached the agency: {text}");
    }
}

async fn a_reply_to_the_signed_address_reaches_the_agency_without_quote_signature_or_identity(
    app: TestApp,
) {
    let (id, agency) = followed_up(&app).await;
    let outcome = take(&app, &answering(&app, "balasan-notifikasi-gmail.eml", &id)).await;
    assert!(
        matches!(
            outcome,
            Outcome::Answered {
                action: "reply",
                ..
            }
        ),
        "{outcome:?}"
    );
    let report = app
        .store
        .get_report(&id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.state.status.as_str(), "in_progress");
    let replies = replies_seen_by(&app, &id, &agency).await;
    assert_eq!(replies.len(), 1);
    let text = &replies[0];
    assert_eq!(
        text,
        "Terima kasih atas tindak lanjutnya. Namun sampai pagi ini lampu jalan di depan rumah nomor 12 masih mati, jadi belum selesai. Petugas bisa menghubungi saya ([identitas dihapus]) di [identitas dihapus] atau [identitas dihapus] kapan saja."
    );
    assert_nothing_of_siti(text);
    let outbox = app.store.list_outbox(None, 100).await.unwrap();
    assert!(
        outbox.iter().any(|m| m.template == "reply_received"),
        "the holding agency hears of the reply"
    );
}

/// The Outlook reply of the corpus (found by In-Reply-To only), sent to the signed reply
/// address as Outlook does when the notice carries one in Reply-To.
fn outlook_to_the_reply_address(app: &TestApp, id: &str) -> Vec<u8> {
    let token = aduan_mail::token::reply_token(&crate::support::mail_in(app).reply_secret, id);
    String::from_utf8_lossy(&answering(app, "balasan-notifikasi-outlook.eml", id))
        .replace(
            "To: \"lapor@aduan.contoh.id\" <lapor@aduan.contoh.id>",
            &format!("To: Layanan Aduan <lapor+{token}@aduan.contoh.id>"),
        )
        .into_bytes()
}

async fn an_outlook_reply_to_the_signed_address_loses_its_signature_and_original(app: TestApp) {
    let (id, agency) = followed_up(&app).await;
    let outcome = take(&app, &outlook_to_the_reply_address(&app, &id)).await;
    assert!(
        matches!(
            outcome,
            Outcome::Answered {
                action: "reply",
                ..
            }
        ),
        "{outcome:?}"
    );
    let replies = replies_seen_by(&app, &id, &agency).await;
    assert_eq!(
        replies,
        [
            "Lampunya memang sudah diganti, tetapi kabelnya putus lagi tadi malam – mohon dicek ulang. Rumah saya persis di seberang tiang nomor 14."
        ]
    );
    assert_nothing_of_siti(&replies[0]);
}

async fn a_reply_from_another_address_is_refused_quietly(app: TestApp) {
    let (id, agency) = followed_up(&app).await;
    let raw = String::from_utf8_lossy(&answering(&app, "balasan-notifikasi-gmail.eml", &id))
        .replace(
            &format!("From: Siti Rahmawati <{SITI}>"),
            "From: Orang Lain <orang.lain@example.net>",
        )
        .into_bytes();
    assert_eq!(
        take(&app, &raw).await,
        Outcome::Ignored(Ignored::NotTheReporter)
    );
    assert!(replies_seen_by(&app, &id, &agency).await.is_empty());
}

async fn an_answer_while_awaiting_verification_adds_information(app: TestApp) {
    let (id, _) = app
        .submit(
            json!({"reporter": {"name": "Siti Rahmawati", "email": SITI, "phone": "081234567890"}}),
        )
        .await;
    let outcome = take(&app, &answering(&app, "balasan-notifikasi-gmail.eml", &id)).await;
    assert!(
        matches!(
            outcome,
            Outcome::Answered {
                action: "add_info",
                ..
            }
        ),
        "{outcome:?}"
    );
    let national = app.login("national").await;
    let res = app
        .get(
            &format!("/api/v1/reports/{id}/events"),
            As::Token(&national),
        )
        .await;
    let added: Vec<&Value> = res.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "add_info")
        .collect();
    assert_eq!(added.len(), 1);
    assert_nothing_of_siti(added[0]["body"].as_str().unwrap());
}

async fn an_answer_the_report_does_not_take_now_is_not_filed(app: TestApp) {
    let (id, _) = app
        .submit(json!({"reporter": {"name": "Siti Rahmawati", "email": SITI}}))
        .await;
    let national = app.login("national").await;
    app.act_ok(&id, As::Token(&national), json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    let outcome = take(&app, &answering(&app, "balasan-notifikasi-gmail.eml", &id)).await;
    assert!(
        matches!(&outcome, Outcome::Ignored(Ignored::NotAccepted(_))),
        "a dispatched report awaits the agency, not the reporter: {outcome:?}"
    );
    let report = app
        .store
        .get_report(&id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.state.status.as_str(), "dispatched");
}

on_both_backends!(
    a_reply_to_the_signed_address_reaches_the_agency_without_quote_signature_or_identity,
    an_outlook_reply_to_the_signed_address_loses_its_signature_and_original,
    a_reply_from_another_address_is_refused_quietly,
    an_answer_while_awaiting_verification_adds_information,
    an_answer_the_report_does_not_take_now_is_not_filed,
);

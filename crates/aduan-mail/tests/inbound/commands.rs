//! Replies whose first line is a command word take that action instead of a reply, as the
//! reporter, through the same transition code as the web: `PUAS 4` confirms with a rating,
//! `TIDAK PUAS 2` rates it unresolved, `BUKA` reopens and `BANDING` appeals with the rest of
//! the text as the reason (without the reporter's identity), `OMBUDSMAN` escalates, `BATAL`
//! withdraws. A reply in prose that merely starts with such a word is still a reply.

use crate::replies::{SITI, followed_up, replies_seen_by};
use crate::support::{mail_in, take};
use aduan_mail::inbound::{Ignored, Outcome};
use aduan_testkit::{As, TestApp, on_both_backends};
use chrono::Duration;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};

static SENT: AtomicUsize = AtomicUsize::new(0);

/// A reply from `from` to report `id`'s signed reply address whose new text is `text`,
/// above a quoted notice.
pub fn reply_from(app: &TestApp, from: &str, id: &str, text: &str) -> Vec<u8> {
    let token = aduan_mail::token::reply_token(&mail_in(app).reply_secret, id);
    let n = SENT.fetch_add(1, Ordering::SeqCst);
    format!(
        "Return-Path: <{from}>\r\n\
         From: Siti Rahmawati <{from}>\r\n\
         To: Layanan Aduan <lapor+{token}@aduan.contoh.id>\r\n\
         Subject: Re: Laporan {id}\r\n\
         Date: Tue, 3 Mar 2026 08:01:02 +0700\r\n\
         Message-ID: <perintah-{n}-{id}@mail.example.co.id>\r\n\
         In-Reply-To: <{id}:v4:report_completed@aduan.contoh.id>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=\"UTF-8\"\r\n\
         \r\n\
         {text}\r\n\
         \r\n\
         Pada Sen, 2 Mar 2026 pukul 15.40 Layanan Aduan <lapor+{token}@aduan.contoh.id> menulis:\r\n\
         \r\n\
         > Laporan {id} selesai ditangani.\r\n"
    )
    .replace("\r\n", "\n")
    .into_bytes()
}

/// [`reply_from`] the reporter's own address.
pub fn reply(app: &TestApp, id: &str, text: &str) -> Vec<u8> {
    reply_from(app, SITI, id, text)
}

pub fn answered(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Answered { action, .. } => action,
        other => panic!("not taken: {other:?}"),
    }
}

/// [`followed_up`], then completed by Surabaya.
async fn completed(app: &TestApp) -> String {
    let (id, agency) = followed_up(app).await;
    let done = json!({"action": "complete", "body": "Lampu sudah diganti."});
    assert_eq!(app.act_ok(&id, As::Token(&agency), done).await, "completed");
    id
}

async fn state(app: &TestApp, id: &str) -> aduan_domain::ReportState {
    let id = id.parse().unwrap();
    app.store.get_report(&id).await.unwrap().unwrap().state
}

async fn events(app: &TestApp, id: &str, action: &str) -> Vec<aduan_domain::event::Event> {
    let id = id.parse().unwrap();
    let all = app.store.list_events(&id).await.unwrap();
    all.into_iter()
        .filter(|e| e.action.as_str() == action)
        .collect()
}

async fn puas_confirms_the_completion_with_its_rating_and_tidak_puas_then_rates_it_unresolved(
    app: TestApp,
) {
    let id = completed(&app).await;
    let outcome = take(&app, &reply(&app, &id, "PUAS 4\n\nHormat saya,\nSiti")).await;
    assert_eq!(answered(&outcome), "confirm");
    let s = state(&app, &id).await;
    assert_eq!(s.completion_kind.unwrap().as_str(), "reporter_confirmed");
    assert_eq!(
        events(&app, &id, "confirm").await[0].payload["rating"],
        json!({"stars": 4, "resolved": true})
    );
    let outcome = take(&app, &reply(&app, &id, "Tidak puas 2")).await;
    assert_eq!(answered(&outcome), "rate");
    let rates = events(&app, &id, "rate").await;
    assert_eq!(
        rates[0].payload["rating"],
        json!({"stars": 2, "resolved": false})
    );
    assert_eq!(rates[0].role.as_str(), "reporter");
    assert!(events(&app, &id, "reply").await.is_empty(), "no reply");
}

async fn buka_reopens_with_the_rest_of_the_text_as_its_reason_without_the_reporters_identity(
    app: TestApp,
) {
    let id = completed(&app).await;
    let text = "BUKA\nLampunya mati lagi sejak semalam. Hubungi saya, Siti Rahmawati, di \
                0812 3456 7890.\n\nHormat saya,\nSiti Rahmawati\n0812 3456 7890";
    let outcome = take(&app, &reply(&app, &id, text)).await;
    assert_eq!(answered(&outcome), "reopen");
    assert_eq!(state(&app, &id).await.status.as_str(), "in_progress");
    let reason = events(&app, &id, "reopen").await[0].reason.clone().unwrap();
    assert_eq!(
        reason,
        "Lampunya mati lagi sejak semalam. Hubungi saya, [identitas dihapus], di [identitas dihapus]."
    );
}

async fn banding_appeals_an_archive_with_its_reason(app: TestApp) {
    let (id, _) = app
        .submit(json!({"reporter": {"name": "Siti Rahmawati", "email": SITI}}))
        .await;
    let national = app.login("national").await;
    let archive = json!({"action": "archive", "reason": "too_general"});
    app.act_ok(&id, As::Token(&national), archive).await;
    let text = "BANDING\nLokasinya jelas: depan SDN 5 Wonokromo, tiang nomor 14.";
    let outcome = take(&app, &reply(&app, &id, text)).await;
    assert_eq!(answered(&outcome), "appeal");
    assert_eq!(state(&app, &id).await.status.as_str(), "submitted");
    assert_eq!(
        events(&app, &id, "appeal").await[0].reason.as_deref(),
        Some("Lokasinya jelas: depan SDN 5 Wonokromo, tiang nomor 14.")
    );
}

async fn ombudsman_escalates_once_the_completion_limit_is_missed_and_not_before(app: TestApp) {
    let (id, _) = followed_up(&app).await;
    let early = take(&app, &reply(&app, &id, "OMBUDSMAN")).await;
    assert_eq!(
        early,
        Outcome::Ignored(Ignored::NotAccepted("not_due".into()))
    );
    app.clock.advance(Duration::days(40));
    let outcome = take(
        &app,
        &reply(&app, &id, "OMBUDSMAN\nSudah lewat batas waktu."),
    )
    .await;
    assert_eq!(answered(&outcome), "escalate");
    assert_eq!(
        state(&app, &id).await.escalation_level.as_str(),
        "ombudsman"
    );
}

async fn batal_withdraws_a_report_awaiting_verification(app: TestApp) {
    let (id, _) = app
        .submit(json!({"reporter": {"name": "Siti Rahmawati", "email": SITI}}))
        .await;
    let outcome = take(&app, &reply(&app, &id, "BATAL")).await;
    assert_eq!(answered(&outcome), "withdraw");
    let s = state(&app, &id).await;
    assert_eq!(s.status.as_str(), "archived");
    assert_eq!(s.archive_reason.unwrap().code.as_str(), "withdrawn");
}

async fn a_command_from_another_address_or_one_the_report_does_not_take_changes_nothing(
    app: TestApp,
) {
    let id = completed(&app).await;
    let stranger = reply_from(&app, "orang.lain@example.net", &id, "PUAS 5");
    assert_eq!(
        take(&app, &stranger).await,
        Outcome::Ignored(Ignored::NotTheReporter)
    );
    let refusals = [
        ("BANDING", "not_accepted:illegal_transition"),
        ("BUKA", "not_accepted:reason_required"),
        ("PUAS 9", "not_accepted:invalid_rating"),
        ("TIDAK PUAS", "invalid:rating:required"),
    ];
    for (text, code) in refusals {
        match take(&app, &reply(&app, &id, text)).await {
            Outcome::Ignored(why) => assert_eq!(why.code(), code, "{text}"),
            other => panic!("{text}: {other:?}"),
        }
    }
    let s = state(&app, &id).await;
    assert_eq!(
        (s.status.as_str(), s.completion_kind.unwrap().as_str()),
        ("completed", "agency_closed")
    );
}

async fn a_reply_in_prose_that_starts_like_a_command_is_still_a_reply(app: TestApp) {
    let (id, agency) = followed_up(&app).await;
    let text = "Tidak puas dengan jawabannya, lampunya masih mati.";
    let outcome = take(&app, &reply(&app, &id, text)).await;
    assert_eq!(answered(&outcome), "reply");
    let shouted = "PUAS APANYA, JALAN MASIH RUSAK";
    let outcome = take(&app, &reply(&app, &id, shouted)).await;
    assert_eq!(answered(&outcome), "reply");
    // A command the report does not take now, with words, reaches the agency as a reply.
    let refused = "BUKA: petugas belum datang sama sekali.";
    let outcome = take(&app, &reply(&app, &id, refused)).await;
    assert_eq!(answered(&outcome), "reply");
    assert_eq!(
        replies_seen_by(&app, &id, &agency).await,
        [text, shouted, refused]
    );
}

on_both_backends!(
    puas_confirms_the_completion_with_its_rating_and_tidak_puas_then_rates_it_unresolved,
    buka_reopens_with_the_rest_of_the_text_as_its_reason_without_the_reporters_identity,
    banding_appeals_an_archive_with_its_reason,
    ombudsman_escalates_once_the_completion_limit_is_missed_and_not_before,
    batal_withdraws_a_report_awaiting_verification,
    a_command_from_another_address_or_one_the_report_does_not_take_changes_nothing,
    a_reply_in_prose_that_starts_like_a_command_is_still_a_reply,
);

//! The conversation goes both ways: the agency's follow-up reaches the chat with its words,
//! and the reporter's reply, confirmation and rating in the chat move the report.

use crate::support::{report, tg_text, tracking_id_in};
use aduan_testkit::chat::ChatRig;
use aduan_testkit::{As, TestApp};
use axum::http::StatusCode;
use serde_json::json;

pub(crate) async fn say(app: &TestApp, rig: &ChatRig, n: i64, text: &str) -> Vec<String> {
    let before = rig.telegram_texts().len();
    assert_eq!(rig.telegram_update(&tg_text(n, text)).await, StatusCode::OK);
    rig.deliver(app).await;
    rig.telegram_texts()[before..].to_vec()
}

/// A named report filed through Telegram; its tracking id.
pub(crate) async fn filed(app: &TestApp, rig: &ChatRig) -> String {
    let steps = [
        "lapor",
        "Drainase tersumbat",
        "Saluran air di Jl. Darmo tersumbat sampah dan meluap saat hujan.",
        "lewati",
        "Jl. Darmo, Surabaya",
        "1",
        "Budi Santoso",
    ];
    for (n, text) in steps.iter().enumerate() {
        say(app, rig, n as i64 + 1, text).await;
    }
    let answer = say(app, rig, 50, "kirim").await;
    tracking_id_in(&answer[0])
}

async fn the_agencys_follow_up_reaches_the_chat_and_the_reporter_answers_confirms_and_rates_there(
    app: TestApp,
) {
    let rig = app.chat_rig().await;
    let id = filed(&app, &rig).await;
    let before = rig.telegram_texts().len();
    app.to_the_surabaya_unit(
        &id,
        "Petugas sudah meninjau saluran dan menjadwalkan pengerukan.",
    )
    .await;
    rig.deliver(&app).await;
    let notices = rig.telegram_texts()[before..].to_vec();
    assert!(
        notices
            .iter()
            .any(|t| t.contains(&id) && t.contains("Kota Surabaya")),
        "dispatched: {notices:?}"
    );
    assert!(
        notices
            .iter()
            .any(|t| t.contains("menjadwalkan pengerukan") && t.contains(&format!("BALAS {id}"))),
        "the follow-up's words: {notices:?}"
    );

    let replied = say(
        &app,
        &rig,
        60,
        &format!("BALAS {id} Terima kasih, mohon segera."),
    )
    .await;
    assert!(replied[0].contains("sudah kami teruskan"), "{replied:?}");
    let history = report(&app, &id).await;
    assert_eq!(history["status"], "in_progress");

    let officer = app.login("dinas-pu").await;
    let done = json!({"action": "complete", "body": "Saluran sudah dikeruk."});
    assert_eq!(
        app.act_ok(&id, As::Token(&officer), done).await,
        "completed"
    );
    let before = rig.telegram_texts().len();
    rig.deliver(&app).await;
    let completed = rig.telegram_texts()[before..].to_vec();
    assert!(
        completed.iter().any(|t| t.contains(&format!("PUAS {id}"))),
        "{completed:?}"
    );

    let rated = say(&app, &rig, 61, &format!("PUAS {id} 5")).await;
    assert!(rated[0].contains("5/5"), "{rated:?}");
    let seen = report(&app, &id).await;
    assert_eq!(seen["completion_kind"], "reporter_confirmed", "{seen}");
}

async fn another_chat_cannot_act_on_a_report_it_did_not_file(app: TestApp) {
    let rig = app.chat_rig().await;
    let id = filed(&app, &rig).await;
    let mut stranger = tg_text(70, &format!("BATAL {id}"));
    stranger["message"]["chat"]["id"] = json!(2222222);
    stranger["message"]["from"]["id"] = json!(2222222);
    let before = rig.telegram_texts().len();
    assert_eq!(rig.telegram_update(&stranger).await, StatusCode::OK);
    rig.deliver(&app).await;
    let answer = rig.telegram_texts()[before..].to_vec();
    assert!(
        answer[0].contains("tidak dikirim dari akun ini"),
        "{answer:?}"
    );
    assert_eq!(report(&app, &id).await["status"], "submitted");
}

aduan_testkit::on_both_backends!(
    the_agencys_follow_up_reaches_the_chat_and_the_reporter_answers_confirms_and_rates_there,
    another_chat_cannot_act_on_a_report_it_did_not_file,
);

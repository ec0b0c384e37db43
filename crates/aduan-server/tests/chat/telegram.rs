//! A Telegram conversation from the Bot API's update format: a report with its photo, asked
//! question by question, filed once however often Telegram delivers it.

use crate::support::{
    files, report, report_count, tg_chat_id, tg_location, tg_photo, tg_text, tracking_id_in,
};
use aduan_testkit::{As, TestApp};
use axum::http::StatusCode;

/// Sends each update and delivers what it caused; the texts sent back since.
async fn say(
    app: &TestApp,
    rig: &aduan_testkit::chat::ChatRig,
    update: serde_json::Value,
) -> Vec<String> {
    let before = rig.telegram_texts().len();
    assert_eq!(rig.telegram_update(&update).await, StatusCode::OK);
    rig.deliver(app).await;
    rig.telegram_texts()[before..].to_vec()
}

async fn a_telegram_conversation_files_an_anonymous_report_with_its_photo_once(app: TestApp) {
    let rig = app.chat_rig().await;
    let reports = report_count(&app).await;

    let menu = say(&app, &rig, tg_text(1, "/start")).await;
    assert!(menu[0].contains("LAPOR"), "{menu:?}");
    let asked = say(&app, &rig, tg_text(2, "lapor")).await;
    assert!(asked[0].contains("judul"), "{asked:?}");
    say(&app, &rig, tg_text(3, "Lampu jalan mati")).await;
    let asked = say(
        &app,
        &rig,
        tg_text(4, "Lampu jalan di depan pasar mati sejak seminggu."),
    )
    .await;
    assert!(asked[0].contains("foto"), "{asked:?}");
    let (photo, file_id) = tg_photo(5, None);
    rig.telegram
        .put_media(&file_id, files::phone_photo(1), "image/jpeg");
    let added = say(&app, &rig, photo).await;
    assert!(added[0].contains("Lampiran ke-1"), "{added:?}");
    say(&app, &rig, tg_text(6, "selesai")).await;
    let asked = say(&app, &rig, tg_location(7)).await;
    assert!(
        asked[0].contains("anonim"),
        "the choice is asked: {asked:?}"
    );
    let summary = say(&app, &rig, tg_text(8, "2")).await;
    assert!(summary[0].contains("Lampu jalan mati"), "{summary:?}");
    assert_eq!(
        report_count(&app).await,
        reports,
        "nothing is filed before KIRIM"
    );

    let send = tg_text(9, "KIRIM");
    let filed = say(&app, &rig, send.clone()).await;
    assert_eq!(filed.len(), 1, "{filed:?}");
    assert!(filed[0].contains("Kode akses"), "{filed:?}");
    let id = tracking_id_in(&filed[0]);
    // The receipt shows the photo as staff will see it: sent back without its metadata.
    let echo = rig
        .telegram
        .requests()
        .into_iter()
        .find(|r| r.api_method() == Some("sendPhoto"))
        .expect("the receipt comes with the cleaned photo");
    let sent = echo.body.part("photo").unwrap();
    assert!(sent.bytes.len() > 100);
    let serial = files::SERIAL.as_bytes();
    assert!(!sent.bytes.windows(serial.len()).any(|w| w == serial));

    let seen = report(&app, &id).await;
    assert_eq!(seen["channel"], "chat");
    assert_eq!(seen["anonymous"], true);
    assert_eq!(seen["title"], "Lampu jalan mati");
    assert!(seen["location"]["lat"].is_number(), "{}", seen["location"]);

    // The photo is the report's attachment, its copy for staff without the camera's serial.
    let token = app.login("national").await;
    let listed = app
        .get(
            &format!("/api/v1/reports/{id}/attachments"),
            As::Token(&token),
        )
        .await;
    let items = listed.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{}", listed.text);
    assert_eq!(items[0]["mime"], "image/jpeg");
    let file = app
        .get(
            &format!("/api/v1/reports/{id}/attachments/{}", items[0]["id"]),
            As::Token(&token),
        )
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert!(!file.text.contains(files::SERIAL), "metadata is stripped");

    // Telegram delivers the same update again: nothing new is filed or sent.
    let again = say(&app, &rig, send).await;
    assert!(again.is_empty(), "{again:?}");
    assert_eq!(report_count(&app).await, reports + 1);

    // Every answer went to Budi's chat.
    let chat = tg_chat_id();
    for r in rig.telegram.requests() {
        if let Some(json) = r.body.json() {
            assert_eq!(json["chat_id"].to_string().trim_matches('"'), chat);
        }
    }
}

async fn an_update_without_the_bots_secret_is_refused_and_files_nothing(app: TestApp) {
    let rig = app.chat_rig().await;
    let reports = report_count(&app).await;
    for (n, text) in [
        "lapor",
        "Judul",
        "Isi laporan yang cukup panjang",
        "lewati",
        "lewati",
        "2",
    ]
    .iter()
    .enumerate()
    {
        rig.telegram_update(&tg_text(100 + n as i64, text)).await;
    }
    let body = serde_json::to_vec(&tg_text(200, "KIRIM")).unwrap();
    for secret in [None, Some("salah")] {
        let mut req = axum::http::Request::post(aduan_telegram::PATH)
            .header("content-type", "application/json");
        if let Some(s) = secret {
            req = req.header(aduan_telegram::SECRET_HEADER, s);
        }
        let (status, _) = rig
            .send(req.body(axum::body::Body::from(body.clone())).unwrap())
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(report_count(&app).await, reports);
}

async fn an_english_speaking_sender_is_answered_in_english_and_may_switch(app: TestApp) {
    let rig = app.chat_rig().await;
    let mut hello = tg_text(1, "/start");
    hello["message"]["from"]["language_code"] = serde_json::json!("en");
    let menu = say(&app, &rig, hello).await;
    assert!(menu[0].contains("REPORT"), "{menu:?}");
    let switched = say(&app, &rig, tg_text(2, "bahasa")).await;
    assert!(switched[0].contains("Bahasa Indonesia"), "{switched:?}");
    let asked = say(&app, &rig, tg_text(3, "lapor")).await;
    assert!(asked[0].contains("Laporan baru"), "{asked:?}");
}

async fn a_question_left_unanswered_lapses_with_a_notice(app: TestApp) {
    let rig = app.chat_rig().await;
    say(&app, &rig, tg_text(1, "lapor")).await;
    say(&app, &rig, tg_text(2, "Sampah menumpuk")).await;
    app.clock.advance(chrono::Duration::minutes(31));
    let mut registry = aduan_jobs::Registry::new();
    aduan_chat::lapse::register(&mut registry, &app.state, 30);
    let clock: std::sync::Arc<dyn aduan_domain::TimeSource> = app.clock.clone();
    registry
        .enqueue_periodic(app.store.as_ref(), clock.now())
        .await
        .unwrap();
    aduan_jobs::run_pending_jobs(&app.store, &registry, &clock)
        .await
        .unwrap();
    let before = rig.telegram_texts().len();
    rig.deliver(&app).await;
    let notice = rig.telegram_texts()[before..].to_vec();
    assert!(notice.iter().any(|t| t.contains("30 menit")), "{notice:?}");
    // The draft is gone: the next text is not taken as its answer.
    let answer = say(&app, &rig, tg_text(3, "Di sungai dekat jembatan")).await;
    assert!(answer.iter().any(|t| t.contains("LAPOR")), "{answer:?}");
}

aduan_testkit::on_both_backends!(
    a_telegram_conversation_files_an_anonymous_report_with_its_photo_once,
    an_update_without_the_bots_secret_is_refused_and_files_nothing,
    an_english_speaking_sender_is_answered_in_english_and_may_switch,
    a_question_left_unanswered_lapses_with_a_notice,
);

//! A WhatsApp conversation from the Cloud API's webhook format: the verification handshake,
//! a named report whose photo arrives with its caption, the Graph API's media endpoint, and
//! signatures checked on every delivery.

use crate::support::{files, report, report_count, tracking_id_in, wa_image, wa_number, wa_text};
use aduan_testkit::TestApp;
use axum::http::StatusCode;
use serde_json::Value;

async fn say(app: &TestApp, rig: &aduan_testkit::chat::ChatRig, delivery: Value) -> Vec<Value> {
    let before = rig.whatsapp_messages().len();
    assert_eq!(rig.whatsapp_delivery(&delivery).await, StatusCode::OK);
    rig.deliver(app).await;
    rig.whatsapp_messages()[before..].to_vec()
}

/// A message's words: a text's body, or an image's caption.
fn body(m: &Value) -> &str {
    m["text"]["body"]
        .as_str()
        .or_else(|| m["image"]["caption"].as_str())
        .unwrap_or_default()
}

async fn a_whatsapp_conversation_files_a_named_report_with_its_photo_once(app: TestApp) {
    let rig = app.chat_rig().await;
    let reports = report_count(&app).await;
    let verify = format!(
        "{}?hub.mode=subscribe&hub.verify_token={}&hub.challenge=1158201444",
        aduan_whatsapp::PATH,
        rig.channels().whatsapp.verify_token
    );
    let req = axum::http::Request::get(verify)
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(
        rig.send(req).await,
        (StatusCode::OK, "1158201444".to_owned())
    );

    say(&app, &rig, wa_text("wamid.1", "LAPOR")).await;
    say(&app, &rig, wa_text("wamid.2", "Jalan berlubang")).await;
    let (photo, media) = wa_image(
        "wamid.3",
        "Lubang besar di depan SD Negeri 3, sudah dua bulan.",
    );
    rig.whatsapp
        .put_media(&media, files::phone_photo(1), "image/jpeg");
    let asked = say(&app, &rig, photo).await;
    assert!(body(&asked[0]).contains("Lampiran ke-1"), "{asked:?}");
    say(&app, &rig, wa_text("wamid.4", "selesai")).await;
    say(
        &app,
        &rig,
        wa_text("wamid.5", "Jl. Merdeka No. 10, Bandung"),
    )
    .await;
    say(&app, &rig, wa_text("wamid.6", "1")).await;
    let summary = say(&app, &rig, wa_text("wamid.7", "Siti Rahayu")).await;
    assert!(body(&summary[0]).contains("Siti Rahayu"), "{summary:?}");
    let send = wa_text("wamid.8", "kirim");
    let filed = say(&app, &rig, send.clone()).await;
    assert_eq!(filed.len(), 1, "{filed:?}");
    assert_eq!(
        filed[0]["type"], "image",
        "the receipt shows the cleaned photo"
    );
    assert_eq!(filed[0]["to"], wa_number());
    let id = tracking_id_in(body(&filed[0]));

    let seen = report(&app, &id).await;
    assert_eq!(seen["channel"], "chat");
    assert_eq!(seen["anonymous"], false);
    assert_eq!(
        seen["body"],
        "Lubang besar di depan SD Negeri 3, sudah dua bulan."
    );
    assert_eq!(seen["location"]["text"], "Jl. Merdeka No. 10, Bandung");
    assert_eq!(seen["reporter"]["name"], "Siti Rahayu");
    assert_eq!(
        seen["reporter"]["chat"],
        format!("whatsapp:{}", wa_number())
    );
    let media_fetched = rig
        .whatsapp
        .requests()
        .iter()
        .filter(|r| r.method == "GET")
        .count();
    assert_eq!(media_fetched, 2, "the media's URL, then the file");

    let again = say(&app, &rig, send).await;
    assert!(again.is_empty(), "{again:?}");
    assert_eq!(report_count(&app).await, reports + 1);
}

async fn a_delivery_with_a_wrong_signature_is_refused_and_files_nothing(app: TestApp) {
    let rig = app.chat_rig().await;
    let before = rig.whatsapp.requests().len();
    let body = serde_json::to_vec(&wa_text("wamid.x", "LAPOR")).unwrap();
    let wrong = aduan_whatsapp::signature(b"bukan-rahasianya", &body);
    let req = axum::http::Request::post(aduan_whatsapp::PATH)
        .header("content-type", "application/json")
        .header(aduan_whatsapp::SIGNATURE_HEADER, wrong)
        .body(axum::body::Body::from(body))
        .unwrap();
    assert_eq!(rig.send(req).await.0, StatusCode::UNAUTHORIZED);
    rig.deliver(&app).await;
    assert_eq!(rig.whatsapp.requests().len(), before, "nothing answered");
    // Had it been taken, its id would now be spent; it is not.
    say(&app, &rig, wa_text("wamid.x", "LAPOR")).await;
    assert!(
        rig.whatsapp_messages().iter().any(|m| body_has(m, "judul")),
        "the signed delivery of the same message is taken"
    );
}

fn body_has(m: &Value, word: &str) -> bool {
    body(m).contains(word)
}

async fn a_notice_to_someone_silent_for_a_day_goes_as_the_approved_template(app: TestApp) {
    let rig = app.chat_rig().await;
    let steps = [
        "LAPOR",
        "Trotoar rusak",
        "Trotoar di depan balai kota amblas.",
        "lewati",
        "Balai Kota Surabaya",
        "2",
    ];
    for (n, text) in steps.iter().enumerate() {
        say(&app, &rig, wa_text(&format!("wamid.t{n}"), text)).await;
    }
    let filed = say(&app, &rig, wa_text("wamid.t9", "kirim")).await;
    assert_eq!(
        filed[0]["type"], "text",
        "an answer inside the window is plain text"
    );
    let id = tracking_id_in(body(&filed[0]));

    // The reporter last wrote two days ago (WhatsApp's window runs on the wall clock, so the
    // conversation's record of it is moved back), and now the agency acts.
    let sender = wa_number();
    let c = app
        .store
        .get_chat_conversation("whatsapp", &sender)
        .await
        .unwrap()
        .unwrap();
    let back = aduan_store::ChatStep {
        network: c.network.clone(),
        sender: c.sender.clone(),
        message_id: None,
        at: c.last_inbound_at,
        state: Some(aduan_store::ChatState {
            from_version: Some(c.version),
            language: c.language,
            step: None,
            draft: c.draft.clone(),
            expires_at: None,
            last_inbound_at: c.last_inbound_at - chrono::Duration::days(2),
        }),
        answers: Vec::new(),
    };
    app.store.write_chat_step(&back).await.unwrap();
    let before = rig.whatsapp_messages().len();
    app.dispatch_to_the_surabaya_unit(&id).await;
    rig.deliver(&app).await;
    let notices = rig.whatsapp_messages()[before..].to_vec();
    assert!(!notices.is_empty(), "the dispatch is told");
    for n in &notices {
        assert_eq!(n["type"], "template", "{n}");
        assert_eq!(
            n["template"]["name"],
            aduan_testkit::chat::WHATSAPP_TEMPLATE
        );
        assert_eq!(n["template"]["language"]["code"], "id");
        let params = &n["template"]["components"][0]["parameters"];
        assert_eq!(params[0]["text"], id.as_str(), "{n}");
    }
}

aduan_testkit::on_both_backends!(
    a_notice_to_someone_silent_for_a_day_goes_as_the_approved_template,
    a_whatsapp_conversation_files_a_named_report_with_its_photo_once,
    a_delivery_with_a_wrong_signature_is_refused_and_files_nothing,
);

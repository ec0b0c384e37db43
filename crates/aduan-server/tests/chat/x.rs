//! X through the Account Activity webhook: the CRC challenge, a post mentioning the account
//! filed as a `social` report and answered publicly with nothing but its number and a link,
//! and direct messages holding the same conversation as the chats.

use crate::support::{report, report_count, x_dm, x_mention};
use aduan_testkit::TestApp;
use aduan_testkit::chat::X_SECRET;
use axum::http::StatusCode;

async fn the_crc_challenge_is_answered_with_the_consumer_secrets_hmac(app: TestApp) {
    let rig = app.chat_rig().await;
    let req = axum::http::Request::get(format!("{}?crc_token=dGVzdC10b2tlbg", aduan_x::PATH))
        .body(axum::body::Body::empty())
        .unwrap();
    let (status, body) = rig.send(req).await;
    assert_eq!(status, StatusCode::OK);
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        answer["response_token"],
        aduan_x::crc_response_token(X_SECRET, "dGVzdC10b2tlbg")
    );
    assert!(
        answer["response_token"]
            .as_str()
            .unwrap()
            .starts_with("sha256=")
    );
}

async fn a_mention_is_filed_and_answered_publicly_with_only_its_number_and_a_link(app: TestApp) {
    let rig = app.chat_rig().await;
    let reports = report_count(&app).await;
    let mention = x_mention();
    let post = &mention["tweet_create_events"][0];
    let post_id = post["id_str"].as_str().unwrap().to_owned();
    assert_eq!(rig.x_delivery(&mention).await, StatusCode::OK);
    rig.deliver(&app).await;
    let sent = rig.x_sent();
    assert_eq!(sent.len(), 1, "{sent:?}");
    let (path, reply) = &sent[0];
    assert_eq!(path, "/2/tweets");
    assert_eq!(reply["reply"]["in_reply_to_tweet_id"], post_id.as_str());
    let text = reply["text"].as_str().unwrap();
    let link = text.split_whitespace().last().unwrap();
    let id = link.rsplit('/').next().unwrap();
    assert_eq!(link, format!("https://lapor.contoh.id/laporan/{id}"));
    for personal in [
        "wargabandung",
        "Warga Bandung",
        post["user"]["id_str"].as_str().unwrap(),
    ] {
        assert!(!text.contains(personal), "{text}");
    }
    let seen = report(&app, id).await;
    assert_eq!(seen["channel"], "social");
    assert_eq!(seen["body"], post["text"]);
    assert_eq!(report_count(&app).await, reports + 1);

    // X delivers the same event again: nothing new.
    assert_eq!(rig.x_delivery(&mention).await, StatusCode::OK);
    rig.deliver(&app).await;
    assert_eq!(rig.x_sent().len(), 1);
    assert_eq!(report_count(&app).await, reports + 1);
}

async fn a_direct_message_holds_the_chat_conversation_privately(app: TestApp) {
    let rig = app.chat_rig().await;
    assert_eq!(rig.x_delivery(&x_dm("9001", "LAPOR")).await, StatusCode::OK);
    rig.deliver(&app).await;
    let sent = rig.x_sent();
    let sender = x_dm("9001", "")["direct_message_events"][0]["message_create"]["sender_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(
        sent[0].0,
        format!("/2/dm_conversations/with/{sender}/messages")
    );
    assert!(sent[0].1["text"].as_str().unwrap().contains("judul"));
}

async fn a_delivery_without_xs_signature_is_refused(app: TestApp) {
    let rig = app.chat_rig().await;
    let body = serde_json::to_vec(&x_mention()).unwrap();
    let req = axum::http::Request::post(aduan_x::PATH)
        .header("content-type", "application/json")
        .header(
            aduan_x::SIGNATURE_HEADER,
            aduan_x::signature(b"salah", &body),
        )
        .body(axum::body::Body::from(body))
        .unwrap();
    let reports = report_count(&app).await;
    assert_eq!(rig.send(req).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(report_count(&app).await, reports);
}

aduan_testkit::on_both_backends!(
    the_crc_challenge_is_answered_with_the_consumer_secrets_hmac,
    a_mention_is_filed_and_answered_publicly_with_only_its_number_and_a_link,
    a_direct_message_holds_the_chat_conversation_privately,
    a_delivery_without_xs_signature_is_refused,
);

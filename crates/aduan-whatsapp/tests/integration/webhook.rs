//! The webhook through its router, without a socket.

use crate::support::{APP_SECRET, RecordingInbox, VERIFY_TOKEN, fixture, settings};
use aduan_chat_core::{ChatInbox, Content, Received};
use aduan_whatsapp::{PATH, SIGNATURE_HEADER, routes, signature};
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use std::sync::Arc;
use tower::ServiceExt;

async fn post(inbox: Arc<RecordingInbox>, body: Vec<u8>, signature: Option<String>) -> StatusCode {
    let mut request = Request::post(PATH).header("content-type", "application/json");
    if let Some(s) = signature {
        request = request.header(SIGNATURE_HEADER, s);
    }
    let app = routes(&settings(), inbox as Arc<dyn ChatInbox>);
    app.oneshot(request.body(Body::from(body)).unwrap())
        .await
        .unwrap()
        .status()
}

async fn post_signed(inbox: Arc<RecordingInbox>, body: Vec<u8>) -> StatusCode {
    let sig = signature(APP_SECRET.as_bytes(), &body);
    post(inbox, body, Some(sig)).await
}

async fn get(query: &str) -> (StatusCode, String) {
    let app = routes(
        &settings(),
        Arc::new(RecordingInbox::answering(Received::Accepted)),
    );
    let response = app
        .oneshot(
            Request::get(format!("{PATH}?{query}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let body = to_bytes(response.into_body(), 1024).await.unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

#[tokio::test]
async fn a_signed_delivery_hands_each_message_to_the_inbox() {
    let inbox = Arc::new(RecordingInbox::answering(Received::Accepted));
    let status = post_signed(inbox.clone(), fixture("two_messages.json")).await;
    assert_eq!(status, StatusCode::OK);
    let got = inbox.got();
    assert_eq!(got.len(), 2);
    assert!(matches!(got[0].content, Content::Text(_)));
    assert_eq!(got[1].sender.id, "6285712345678");
}

#[tokio::test]
async fn a_delivery_with_a_wrong_signature_is_refused_and_reaches_nothing() {
    let inbox = Arc::new(RecordingInbox::answering(Received::Accepted));
    let body = fixture("text.json");
    let wrong = signature(b"another-secret", &body);
    assert_eq!(
        post(inbox.clone(), body, Some(wrong)).await,
        StatusCode::UNAUTHORIZED
    );
    assert!(inbox.got().is_empty());
}

#[tokio::test]
async fn a_delivery_without_a_signature_is_refused_and_reaches_nothing() {
    let inbox = Arc::new(RecordingInbox::answering(Received::Accepted));
    assert_eq!(
        post(inbox.clone(), fixture("text.json"), None).await,
        StatusCode::UNAUTHORIZED
    );
    assert!(inbox.got().is_empty());
}

#[tokio::test]
async fn a_signature_over_another_body_is_refused() {
    let inbox = Arc::new(RecordingInbox::answering(Received::Accepted));
    let sig = signature(APP_SECRET.as_bytes(), &fixture("image_with_caption.json"));
    assert_eq!(
        post(inbox.clone(), fixture("text.json"), Some(sig)).await,
        StatusCode::UNAUTHORIZED
    );
    assert!(inbox.got().is_empty());
}

#[tokio::test]
async fn a_signed_body_that_is_not_a_webhook_is_a_bad_request() {
    let inbox = Arc::new(RecordingInbox::answering(Received::Accepted));
    assert_eq!(
        post_signed(inbox.clone(), b"{\"object\": ".to_vec()).await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        post_signed(inbox.clone(), b"{\"hello\": 1}".to_vec()).await,
        StatusCode::BAD_REQUEST
    );
    assert!(inbox.got().is_empty());
}

#[tokio::test]
async fn an_inbox_failure_answers_500_so_meta_redelivers() {
    let inbox = Arc::new(RecordingInbox::failing());
    assert_eq!(
        post_signed(inbox, fixture("text.json")).await,
        StatusCode::INTERNAL_SERVER_ERROR
    );
}

#[tokio::test]
async fn duplicate_limited_and_ignored_messages_are_still_taken() {
    for answer in [Received::Duplicate, Received::Limited, Received::Ignored] {
        let inbox = Arc::new(RecordingInbox::answering(answer));
        assert_eq!(
            post_signed(inbox.clone(), fixture("text.json")).await,
            StatusCode::OK
        );
        assert_eq!(inbox.got().len(), 1);
    }
}

#[tokio::test]
async fn a_status_update_is_taken_without_calling_the_inbox() {
    let inbox = Arc::new(RecordingInbox::answering(Received::Accepted));
    assert_eq!(
        post_signed(inbox.clone(), fixture("status_only.json")).await,
        StatusCode::OK
    );
    assert!(inbox.got().is_empty());
}

#[tokio::test]
async fn a_body_over_one_mebibyte_is_refused() {
    let inbox = Arc::new(RecordingInbox::answering(Received::Accepted));
    let mut body = b"{\"object\":\"whatsapp_business_account\",\"entry\":[],\"pad\":\"".to_vec();
    body.extend(std::iter::repeat_n(b'x', 1024 * 1024));
    body.extend_from_slice(b"\"}");
    assert_eq!(
        post_signed(inbox.clone(), body).await,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert!(inbox.got().is_empty());
}

#[tokio::test]
async fn the_verification_handshake_echoes_the_challenge_for_our_token() {
    let (status, body) = get(&format!(
        "hub.mode=subscribe&hub.verify_token={VERIFY_TOKEN}&hub.challenge=1158201444"
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "1158201444");
}

#[tokio::test]
async fn the_verification_handshake_with_another_token_or_mode_is_forbidden() {
    let (status, _) =
        get("hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = get(&format!(
        "hub.mode=unsubscribe&hub.verify_token={VERIFY_TOKEN}&hub.challenge=1"
    ))
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = get("").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

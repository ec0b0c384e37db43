//! The webhook through its router, with a recording inbox.

use crate::support::{RecordingInbox, SECRET, fixture, settings};
use aduan_chat_core::{ChatInbox, Content, Received};
use aduan_telegram::{PATH, SECRET_HEADER, routes};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use std::sync::Arc;
use tower::ServiceExt;

async fn deliver(inbox: Arc<RecordingInbox>, secret: Option<&str>, body: Vec<u8>) -> StatusCode {
    let app = routes(&settings("http://127.0.0.1:9"), inbox as Arc<dyn ChatInbox>);
    let mut request = Request::post(PATH).header("content-type", "application/json");
    if let Some(secret) = secret {
        request = request.header(SECRET_HEADER, secret);
    }
    app.oneshot(request.body(Body::from(body)).unwrap())
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn a_delivery_with_the_right_secret_reaches_the_inbox() {
    let inbox = Arc::new(RecordingInbox::accepting());
    let status = deliver(inbox.clone(), Some(SECRET), fixture("photo_caption.json")).await;
    assert_eq!(status, StatusCode::OK);
    let taken = inbox.taken();
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].message_id, "1111111:1366");
    assert!(matches!(taken[0].content, Content::Photo { .. }));
}

#[tokio::test]
async fn a_delivery_with_a_wrong_secret_is_refused_and_reaches_nothing() {
    let inbox = Arc::new(RecordingInbox::accepting());
    let status = deliver(
        inbox.clone(),
        Some("hook-Secret_43"),
        fixture("text_private.json"),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(inbox.taken().is_empty());
}

#[tokio::test]
async fn a_delivery_without_the_secret_header_is_refused_and_reaches_nothing() {
    let inbox = Arc::new(RecordingInbox::accepting());
    let status = deliver(inbox.clone(), None, fixture("text_private.json")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(inbox.taken().is_empty());
}

#[tokio::test]
async fn a_bot_without_a_configured_secret_refuses_every_delivery() {
    let inbox = Arc::new(RecordingInbox::accepting());
    let mut s = settings("http://127.0.0.1:9");
    s.secret_token = String::new();
    let app = routes(&s, inbox.clone() as Arc<dyn ChatInbox>);
    let request = Request::post(PATH)
        .header(SECRET_HEADER, "")
        .body(Body::from(fixture("text_private.json")))
        .unwrap();
    let status = app.oneshot(request).await.unwrap().status();
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(inbox.taken().is_empty());
}

#[tokio::test]
async fn a_body_that_is_not_an_update_is_a_bad_request() {
    let inbox = Arc::new(RecordingInbox::accepting());
    let status = deliver(
        inbox.clone(),
        Some(SECRET),
        b"{\"update_id\": \"x\"".to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(inbox.taken().is_empty());
}

#[tokio::test]
async fn an_inbox_that_cannot_take_the_message_makes_telegram_retry() {
    let inbox = Arc::new(RecordingInbox::failing());
    let status = deliver(inbox.clone(), Some(SECRET), fixture("text_private.json")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(inbox.taken().len(), 1);
}

#[tokio::test]
async fn duplicate_limited_and_ignored_deliveries_are_still_taken() {
    for answer in [Received::Duplicate, Received::Limited, Received::Ignored] {
        let inbox = Arc::new(RecordingInbox::answering(answer));
        let status = deliver(inbox.clone(), Some(SECRET), fixture("text_private.json")).await;
        assert_eq!(status, StatusCode::OK, "{answer:?}");
        assert_eq!(inbox.taken().len(), 1);
    }
}

#[tokio::test]
async fn group_messages_and_edits_are_answered_ok_but_reach_nothing() {
    for name in ["group_message.json", "edited_message.json"] {
        let inbox = Arc::new(RecordingInbox::accepting());
        let status = deliver(inbox.clone(), Some(SECRET), fixture(name)).await;
        assert_eq!(status, StatusCode::OK, "{name}");
        assert!(inbox.taken().is_empty(), "{name}");
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_and_reaches_nothing() {
    let inbox = Arc::new(RecordingInbox::accepting());
    let mut body = b"{\"update_id\": 1, \"pad\": \"".to_vec();
    body.extend(std::iter::repeat_n(b'x', 1024 * 1024));
    body.extend(b"\"}");
    let status = deliver(inbox.clone(), Some(SECRET), body).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(inbox.taken().is_empty());
}

#[tokio::test]
async fn only_post_is_served() {
    let inbox = Arc::new(RecordingInbox::accepting());
    let app = routes(&settings("http://127.0.0.1:9"), inbox as Arc<dyn ChatInbox>);
    let request = Request::get(PATH).body(Body::empty()).unwrap();
    let status = app.oneshot(request).await.unwrap().status();
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
}

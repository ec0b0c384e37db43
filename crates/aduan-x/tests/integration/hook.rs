//! The webhook through its router: the CRC challenge and signed deliveries.

use crate::support::{RecordingInbox, SECRET, fixture, settings, sign};
use aduan_chat_core::{Received, Via};
use aduan_x::{BODY_LIMIT, PATH, SIGNATURE_HEADER, XSettings, routes};
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use std::sync::Arc;
use tower::ServiceExt;

async fn call(
    settings: &XSettings,
    inbox: &Arc<RecordingInbox>,
    request: Request<Body>,
) -> (StatusCode, Vec<u8>) {
    let app = routes(settings, inbox.clone());
    let answer = app.oneshot(request).await.unwrap();
    let status = answer.status();
    (
        status,
        to_bytes(answer.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec(),
    )
}

fn delivery(body: Vec<u8>, signature: Option<String>) -> Request<Body> {
    let mut r = Request::post(PATH).header("content-type", "application/json");
    if let Some(s) = signature {
        r = r.header(SIGNATURE_HEADER, s);
    }
    r.body(Body::from(body)).unwrap()
}

fn signed(name: &str) -> Request<Body> {
    let body = fixture(name);
    let signature = sign(SECRET, &body);
    delivery(body, Some(signature))
}

fn accepting() -> Arc<RecordingInbox> {
    Arc::new(RecordingInbox::answering(Ok(Received::Accepted)))
}

#[tokio::test]
async fn the_crc_challenge_is_answered_with_the_hmac_of_its_token() {
    let inbox = accepting();
    let request = Request::get(format!("{PATH}?crc_token=challenge-123&nonce=abc"))
        .body(Body::empty())
        .unwrap();
    let (status, body) = call(&settings(), &inbox, request).await;
    assert_eq!(status, StatusCode::OK);
    let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        answer,
        serde_json::json!({"response_token": sign(SECRET, b"challenge-123")})
    );
}

#[tokio::test]
async fn a_crc_challenge_without_a_token_is_refused() {
    let inbox = accepting();
    let request = Request::get(PATH).body(Body::empty()).unwrap();
    let (status, _) = call(&settings(), &inbox, request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_signed_mention_reaches_the_inbox_and_is_answered_200() {
    let inbox = accepting();
    let (status, _) = call(&settings(), &inbox, signed("mention")).await;
    assert_eq!(status, StatusCode::OK);
    let got = inbox.got();
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].via,
        Via::PublicMention {
            post_id: "1205348660982083584".into()
        }
    );
}

#[tokio::test]
async fn a_signed_direct_message_with_a_photo_reaches_the_inbox() {
    let inbox = accepting();
    let (status, _) = call(&settings(), &inbox, signed("dm_photo")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(inbox.got().len(), 1);
    assert_eq!(inbox.got()[0].via, Via::Direct);
}

#[tokio::test]
async fn a_delivery_with_a_wrong_signature_is_refused_and_reaches_nothing() {
    let inbox = accepting();
    let body = fixture("mention");
    let wrong = sign("another-secret", &body);
    let (status, _) = call(&settings(), &inbox, delivery(body, Some(wrong))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(inbox.got().is_empty());
}

#[tokio::test]
async fn a_delivery_altered_after_signing_is_refused_and_reaches_nothing() {
    let inbox = accepting();
    let body = fixture("mention");
    let signature = sign(SECRET, &body);
    let altered = String::from_utf8(body).unwrap().replace("mati", "menyala");
    let (status, _) = call(
        &settings(),
        &inbox,
        delivery(altered.into_bytes(), Some(signature)),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(inbox.got().is_empty());
}

#[tokio::test]
async fn a_delivery_without_a_signature_is_refused_and_reaches_nothing() {
    let inbox = accepting();
    let (status, _) = call(&settings(), &inbox, delivery(fixture("mention"), None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(inbox.got().is_empty());
}

#[tokio::test]
async fn without_a_consumer_secret_every_delivery_is_refused() {
    let inbox = accepting();
    let s = XSettings {
        consumer_secret: String::new(),
        ..settings()
    };
    let body = fixture("mention");
    let signature = sign("", &body);
    let (status, _) = call(&s, &inbox, delivery(body, Some(signature))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(inbox.got().is_empty());
}

#[tokio::test]
async fn a_signed_body_that_is_not_x_json_is_refused_with_400() {
    let inbox = accepting();
    let body = b"for_user_id=1".to_vec();
    let signature = sign(SECRET, &body);
    let (status, _) = call(&settings(), &inbox, delivery(body, Some(signature))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(inbox.got().is_empty());
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_and_reaches_nothing() {
    let inbox = accepting();
    let body = vec![b' '; BODY_LIMIT + 1];
    let signature = sign(SECRET, &body);
    let (status, _) = call(&settings(), &inbox, delivery(body, Some(signature))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(inbox.got().is_empty());
}

#[tokio::test]
async fn a_like_is_answered_200_and_reaches_nothing() {
    let inbox = accepting();
    let (status, _) = call(&settings(), &inbox, signed("favorite")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(inbox.got().is_empty());
}

#[tokio::test]
async fn the_accounts_own_posts_and_messages_are_answered_200_and_reach_nothing() {
    let inbox = accepting();
    for name in ["own_post", "dm_own", "retweet", "unrelated"] {
        let (status, _) = call(&settings(), &inbox, signed(name)).await;
        assert_eq!(status, StatusCode::OK, "{name}");
    }
    assert!(inbox.got().is_empty());
}

#[tokio::test]
async fn duplicate_limited_and_ignored_answers_are_still_200() {
    for answer in [Received::Duplicate, Received::Limited, Received::Ignored] {
        let inbox = Arc::new(RecordingInbox::answering(Ok(answer)));
        let (status, _) = call(&settings(), &inbox, signed("dm_text")).await;
        assert_eq!(status, StatusCode::OK, "{answer:?}");
        assert_eq!(inbox.got().len(), 1);
    }
}

#[tokio::test]
async fn an_inbox_that_cannot_take_the_message_makes_x_deliver_again() {
    let inbox = Arc::new(RecordingInbox::answering(Err("store down".into())));
    let (status, body) = call(&settings(), &inbox, signed("dm_text")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!String::from_utf8_lossy(&body).contains("store down"));
    assert_eq!(inbox.got().len(), 1);
}

//! The client against the stand-in: each call's method, path and body; media; errors.

use crate::support::settings;
use aduan_chat_core::{ChatNetwork, MediaRef, Network, NetworkError, Outgoing};
use aduan_x::standin::StandIn;
use aduan_x::{MEDIA_MAX_BYTES, POST_MAX_CHARS, XClient, XSettings};
use serde_json::json;

fn client_for(standin: &StandIn) -> XClient {
    XClient::new(&XSettings {
        api_base_url: standin.base_url(),
        ..settings()
    })
    .unwrap()
}

fn reply(text: &str, post: &str) -> Outgoing {
    Outgoing {
        reply_to_post: Some(post.into()),
        ..Outgoing::text(text)
    }
}

fn media(id: String) -> MediaRef {
    MediaRef {
        id,
        mime: None,
        file_name: None,
    }
}

#[tokio::test]
async fn a_public_answer_is_posted_as_a_reply_to_the_post() {
    let standin = StandIn::start().await;
    let client = client_for(&standin);
    assert_eq!(client.network(), Network::X);
    let text = "Laporan Anda: LPR-7Q2K-9XMD https://lapor.example.go.id/l/LPR-7Q2K-9XMD";
    let sent = client
        .send("1205290247124217856", &reply(text, "1205348660982083584"))
        .await
        .unwrap();
    assert!(!sent.id.is_empty());
    let requests = standin.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/2/tweets"));
    assert_eq!(
        r.authorization.as_deref(),
        Some("Bearer user-token-for-tests")
    );
    assert_eq!(r.content_type.as_deref(), Some("application/json"));
    assert_eq!(
        r.json,
        Some(json!({"text": text, "reply": {"in_reply_to_tweet_id": "1205348660982083584"}}))
    );
}

#[tokio::test]
async fn a_private_answer_is_sent_as_a_direct_message() {
    let standin = StandIn::start().await;
    let sent = client_for(&standin)
        .send(
            "1205290247124217856",
            &Outgoing::text("Terima kasih, laporan Anda tercatat."),
        )
        .await
        .unwrap();
    let r = &standin.requests()[0];
    assert_eq!(r.method, "POST");
    assert_eq!(
        r.path,
        "/2/dm_conversations/with/1205290247124217856/messages"
    );
    assert_eq!(
        r.authorization.as_deref(),
        Some("Bearer user-token-for-tests")
    );
    assert_eq!(
        r.json,
        Some(json!({"text": "Terima kasih, laporan Anda tercatat."}))
    );
    // The id is X's dm_event_id.
    assert!(sent.id.chars().all(|c| c.is_ascii_digit()), "{}", sent.id);
}

#[tokio::test]
async fn a_public_reply_longer_than_a_post_is_refused_before_sending() {
    let standin = StandIn::start().await;
    let long = "a".repeat(POST_MAX_CHARS + 1);
    let err = client_for(&standin)
        .send("1", &reply(&long, "1205348660982083584"))
        .await
        .unwrap_err();
    assert!(matches!(err, NetworkError::Permanent(_)), "{err}");
    assert!(standin.requests().is_empty());
    // 280 characters, not bytes: Indonesian with accents or emoji still fits.
    let exact = "é".repeat(POST_MAX_CHARS);
    client_for(&standin)
        .send("1", &reply(&exact, "1205348660982083584"))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_recipient_or_post_that_is_not_an_x_id_is_refused_before_sending() {
    let standin = StandIn::start().await;
    let client = client_for(&standin);
    let err = client
        .send("../../2/tweets", &Outgoing::text("hai"))
        .await
        .unwrap_err();
    assert!(matches!(err, NetworkError::Permanent(_)));
    let err = client.send("1", &reply("hai", "12?x=1")).await.unwrap_err();
    assert!(matches!(err, NetworkError::Permanent(_)));
    let err = client.send("1", &Outgoing::text("  ")).await.unwrap_err();
    assert!(matches!(err, NetworkError::Permanent(_)));
    assert!(standin.requests().is_empty());
}

#[tokio::test]
async fn too_many_requests_and_server_errors_are_temporary() {
    let standin = StandIn::start().await;
    let client = client_for(&standin);
    for status in [429, 500, 503] {
        standin.fail_next(status, 1);
        let err = client.send("42", &Outgoing::text("hai")).await.unwrap_err();
        assert!(matches!(err, NetworkError::Temporary(_)), "{status}: {err}");
    }
    // After the failures, the next call goes through.
    client.send("42", &Outgoing::text("hai")).await.unwrap();
}

#[tokio::test]
async fn other_refusals_are_permanent_and_say_what_x_said() {
    let standin = StandIn::start().await;
    let client = client_for(&standin);
    for status in [400, 401, 403, 404] {
        standin.fail_next(status, 1);
        let err = client
            .send("42", &reply("hai", "1205348660982083584"))
            .await
            .unwrap_err();
        match err {
            NetworkError::Permanent(m) => assert!(m.contains(&status.to_string()), "{m}"),
            other => panic!("{status}: {other}"),
        }
    }
}

#[tokio::test]
async fn an_answer_without_the_id_is_permanent() {
    let standin = StandIn::start().await;
    // A 200 carrying a problem body: no data.id in it.
    standin.fail_next(200, 1);
    let err = client_for(&standin)
        .send("42", &reply("hai", "1205348660982083584"))
        .await
        .unwrap_err();
    assert!(matches!(err, NetworkError::Permanent(_)), "{err}");
}

#[tokio::test]
async fn an_x_that_cannot_be_reached_is_temporary() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = XClient::new(&XSettings {
        api_base_url: format!("http://127.0.0.1:{port}"),
        ..settings()
    })
    .unwrap();
    let err = client.send("42", &Outgoing::text("hai")).await.unwrap_err();
    assert!(matches!(err, NetworkError::Temporary(_)), "{err}");
}

#[tokio::test]
async fn a_photo_is_fetched_with_the_token_and_its_type() {
    let standin = StandIn::start().await;
    let jpeg = b"\xff\xd8\xff\xe0fake jpeg".to_vec();
    let url = standin.put_media("oP5p359h.jpg", jpeg.clone(), "image/jpeg");
    let got = client_for(&standin).fetch_media(&media(url)).await.unwrap();
    assert_eq!(got.bytes.as_ref(), jpeg.as_slice());
    assert_eq!(got.mime.as_deref(), Some("image/jpeg"));
    assert_eq!(got.file_name.as_deref(), Some("oP5p359h.jpg"));
    let r = &standin.requests()[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        ("GET", "/media/oP5p359h.jpg")
    );
    assert_eq!(
        r.authorization.as_deref(),
        Some("Bearer user-token-for-tests")
    );
}

#[tokio::test]
async fn media_from_a_host_that_is_not_x_is_never_fetched() {
    let standin = StandIn::start().await;
    let client = client_for(&standin);
    for url in [
        "https://evil.example/1.1/ton/data/dm/1/2/a.jpg",
        "http://169.254.169.254/latest/meta-data",
        "file:///etc/passwd",
        "not a url",
    ] {
        let err = client.fetch_media(&media(url.into())).await.unwrap_err();
        assert!(matches!(err, NetworkError::Permanent(_)), "{url}: {err}");
    }
    assert!(standin.requests().is_empty());
}

#[tokio::test]
async fn media_larger_than_the_cap_is_refused() {
    let standin = StandIn::start().await;
    let url = standin.put_media("big.jpg", vec![0u8; MEDIA_MAX_BYTES + 1], "image/jpeg");
    let err = client_for(&standin)
        .fetch_media(&media(url))
        .await
        .unwrap_err();
    assert!(matches!(err, NetworkError::Permanent(_)), "{err}");
}

#[tokio::test]
async fn missing_media_is_permanent_and_a_busy_x_temporary() {
    let standin = StandIn::start().await;
    let client = client_for(&standin);
    let err = client
        .fetch_media(&media(standin.media_url("gone.jpg")))
        .await
        .unwrap_err();
    assert!(matches!(err, NetworkError::Permanent(_)), "{err}");
    let url = standin.put_media("ok.jpg", b"x".to_vec(), "image/jpeg");
    standin.fail_next(503, 1);
    let err = client.fetch_media(&media(url.clone())).await.unwrap_err();
    assert!(matches!(err, NetworkError::Temporary(_)), "{err}");
    client.fetch_media(&media(url)).await.unwrap();
}

#[tokio::test]
async fn the_stand_in_refuses_calls_without_a_token() {
    let standin = StandIn::start().await;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let answer = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .post(format!("{}/2/tweets", standin.base_url()))
        .json(&json!({"text": "hai"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 401);
    assert_eq!(standin.requests().len(), 1);
}

//! The client against the Graph API stand-in: media fetches, and which failures may pass.

use crate::client::{BEARER, TO, answer, now, start};
use aduan_chat_core::{ChatNetwork, MediaRef, NetworkError};
use aduan_whatsapp::standin::StandIn;
use aduan_whatsapp::{WhatsAppClient, WhatsAppSettings};
use bytes::Bytes;

#[tokio::test]
async fn media_is_fetched_through_its_url_with_the_token() {
    let (standin, client) = start().await;
    standin.put_media(
        "2754859441498128",
        Bytes::from_static(b"JPEG BYTES"),
        "image/jpeg",
    );
    let media = client
        .fetch_media(&MediaRef {
            id: "2754859441498128".into(),
            mime: None,
            file_name: Some("foto.jpg".into()),
        })
        .await
        .unwrap();
    assert_eq!(media.bytes, Bytes::from_static(b"JPEG BYTES"));
    assert_eq!(media.mime.as_deref(), Some("image/jpeg"));
    assert_eq!(media.file_name.as_deref(), Some("foto.jpg"));
    let requests = standin.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("GET", "/2754859441498128")
    );
    assert_eq!(requests[1].path, "/download/2754859441498128");
    assert!(
        requests
            .iter()
            .all(|r| r.authorization.as_deref() == Some(BEARER))
    );
}

#[tokio::test]
async fn media_larger_than_the_cap_is_refused_before_downloading() {
    let standin = StandIn::start().await;
    let client = WhatsAppClient::new(&standin.settings())
        .unwrap()
        .with_max_media_bytes(4);
    standin.put_media(
        "1013859600285441",
        Bytes::from_static(b"%PDF-1.7 ..."),
        "application/pdf",
    );
    let err = client
        .fetch_media(&MediaRef {
            id: "1013859600285441".into(),
            mime: None,
            file_name: None,
        })
        .await
        .unwrap_err();
    assert!(matches!(err, NetworkError::Permanent(_)), "{err:?}");
    assert_eq!(standin.requests().len(), 1);
}

#[tokio::test]
async fn an_unknown_or_malformed_media_id_is_permanent() {
    let (standin, client) = start().await;
    let unknown = client
        .fetch_media(&MediaRef {
            id: "404".into(),
            mime: None,
            file_name: None,
        })
        .await
        .unwrap_err();
    assert!(matches!(unknown, NetworkError::Permanent(_)), "{unknown:?}");
    let odd = client
        .fetch_media(&MediaRef {
            id: "../me".into(),
            mime: None,
            file_name: None,
        })
        .await
        .unwrap_err();
    assert!(matches!(odd, NetworkError::Permanent(_)), "{odd:?}");
    assert_eq!(standin.requests().len(), 1);
}

async fn failure(set_up: impl FnOnce(&StandIn)) -> NetworkError {
    let (standin, client) = start().await;
    set_up(&standin);
    client
        .send_at(now(), TO, &answer("Halo", 1))
        .await
        .unwrap_err()
}

#[tokio::test]
async fn rate_limits_and_server_errors_are_temporary() {
    assert!(matches!(
        failure(|s| s.fail_next(429, 1)).await,
        NetworkError::Temporary(_)
    ));
    assert!(matches!(
        failure(|s| s.fail_next(503, 1)).await,
        NetworkError::Temporary(_)
    ));
    for code in [4, 80007, 130429, 131048, 131056] {
        let err = failure(|s| s.fail_next_with_code(400, code, 1)).await;
        assert!(matches!(err, NetworkError::Temporary(_)), "{code}: {err:?}");
    }
}

#[tokio::test]
async fn other_refusals_and_malformed_answers_are_permanent() {
    let err = failure(|s| s.fail_next_with_code(400, 131047, 1)).await;
    let NetworkError::Permanent(message) = err else {
        panic!("not permanent: {err:?}")
    };
    assert!(message.contains("131047"), "{message}");
    assert!(matches!(
        failure(|s| s.fail_next(401, 1)).await,
        NetworkError::Permanent(_)
    ));
    assert!(matches!(
        failure(|s| s.fail_next(404, 1)).await,
        NetworkError::Permanent(_)
    ));
    assert!(matches!(
        failure(|s| s.answer_next(200, "<html>", 1)).await,
        NetworkError::Permanent(_)
    ));
    assert!(matches!(
        failure(|s| s.answer_next(200, "{}", 1)).await,
        NetworkError::Permanent(_)
    ));
}

#[tokio::test]
async fn a_network_that_cannot_be_reached_is_temporary() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let settings = WhatsAppSettings {
        api_base_url: format!("http://{addr}"),
        ..StandIn::start().await.settings()
    };
    let client = WhatsAppClient::new(&settings).unwrap();
    let err = client
        .send_at(now(), TO, &answer("Halo", 1))
        .await
        .unwrap_err();
    assert!(matches!(err, NetworkError::Temporary(_)), "{err:?}");
}

#[tokio::test]
async fn a_failed_call_passes_and_the_next_one_succeeds() {
    let (standin, client) = start().await;
    standin.fail_next(500, 1);
    assert!(client.send_at(now(), TO, &answer("Halo", 1)).await.is_err());
    assert!(client.send_at(now(), TO, &answer("Halo", 1)).await.is_ok());
    assert_eq!(standin.requests().len(), 2);
}

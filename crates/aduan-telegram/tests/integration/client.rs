//! The client against the stand-in: each call's method, path and body, media, error mapping.

use crate::support::{TOKEN, settings};
use aduan_chat_core::{ChatNetwork, Media, MediaRef, NetworkError, Outgoing, Sent};
use aduan_telegram::TelegramClient;
use aduan_telegram::standin::{Body, StandIn};
use bytes::Bytes;
use serde_json::json;

async fn client() -> (StandIn, TelegramClient) {
    let standin = StandIn::start().await;
    let client = TelegramClient::new(&settings(&standin.base_url())).unwrap();
    (standin, client)
}

fn photo() -> Media {
    Media {
        bytes: Bytes::from_static(b"\xff\xd8\xff\xe0 a small jpeg"),
        mime: Some("image/jpeg".into()),
        file_name: Some("bukti.jpg".into()),
    }
}

fn with_photo(text: &str) -> Outgoing {
    Outgoing {
        photo: Some(photo()),
        ..Outgoing::text(text)
    }
}

fn api(name: &str) -> String {
    format!("/bot{TOKEN}/{name}")
}

#[tokio::test]
async fn a_text_is_sent_as_plain_send_message() {
    let (standin, client) = client().await;
    let sent = client
        .send("1111111", &Outgoing::text("Laporan Anda: ADU-7K2M"))
        .await
        .unwrap();
    assert_eq!(sent, Sent { id: "1".into() });
    let requests = standin.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].path, api("sendMessage"));
    assert_eq!(
        requests[0].body,
        Body::Json(json!({"chat_id": "1111111", "text": "Laporan Anda: ADU-7K2M"}))
    );
}

#[tokio::test]
async fn a_long_text_goes_out_as_several_messages_split_at_line_breaks() {
    let (standin, client) = client().await;
    let paragraph = "Status laporan diperbarui. "
        .repeat(60)
        .trim_end()
        .to_owned();
    let text = format!("{paragraph}\n{paragraph}\n{paragraph}");
    let sent = client.send("42", &Outgoing::text(&text)).await.unwrap();
    assert_eq!(sent.id, "1");
    let texts: Vec<String> = standin
        .requests()
        .iter()
        .map(|r| r.body.json().unwrap()["text"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        texts,
        vec![format!("{paragraph}\n{paragraph}"), paragraph.clone()]
    );
}

#[tokio::test]
async fn a_photo_goes_out_as_a_form_with_its_caption() {
    let (standin, client) = client().await;
    let sent = client
        .send("1111111", &with_photo("Petugas sudah memperbaiki"))
        .await
        .unwrap();
    assert_eq!(sent.id, "1");
    let requests = standin.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.path, api("sendPhoto"));
    assert!(
        r.content_type
            .as_deref()
            .unwrap()
            .starts_with("multipart/form-data; boundary=")
    );
    assert_eq!(r.body.part("chat_id").unwrap().text(), Some("1111111"));
    assert_eq!(
        r.body.part("caption").unwrap().text(),
        Some("Petugas sudah memperbaiki")
    );
    let part = r.body.part("photo").unwrap();
    assert_eq!(part.bytes, photo().bytes);
    assert_eq!(part.content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(part.file_name.as_deref(), Some("bukti.jpg"));
}

#[tokio::test]
async fn a_text_too_long_for_a_caption_follows_the_photo() {
    let (standin, client) = client().await;
    let text = "kata ".repeat(300);
    let sent = client.send("7", &with_photo(&text)).await.unwrap();
    assert_eq!(sent.id, "1");
    let requests = standin.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].path, api("sendPhoto"));
    assert!(requests[0].body.part("caption").is_none());
    assert_eq!(requests[1].path, api("sendMessage"));
    assert_eq!(requests[1].body.json().unwrap()["text"], text.trim());
}

#[tokio::test]
async fn reply_to_post_and_template_change_nothing_on_telegram() {
    let (standin, client) = client().await;
    let message = Outgoing {
        reply_to_post: Some("99".into()),
        template: Some(aduan_chat_core::TemplateNotice {
            notice: "report_dispatched".into(),
            language: "id".into(),
            params: vec!["ADU-1".into()],
        }),
        ..Outgoing::text("Halo")
    };
    client.send("5", &message).await.unwrap();
    let requests = standin.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].body,
        Body::Json(json!({"chat_id": "5", "text": "Halo"}))
    );
}

#[tokio::test]
async fn media_is_fetched_by_get_file_then_downloaded() {
    let (standin, client) = client().await;
    standin.put_media(
        "AgACAgUAAxk-large",
        &b"jpeg bytes"[..],
        "application/octet-stream",
    );
    let media = client
        .fetch_media(&MediaRef {
            id: "AgACAgUAAxk-large".into(),
            mime: Some("image/jpeg".into()),
            file_name: None,
        })
        .await
        .unwrap();
    assert_eq!(&media.bytes[..], b"jpeg bytes");
    assert_eq!(media.mime.as_deref(), Some("image/jpeg"));
    assert_eq!(media.file_name.as_deref(), Some("AgACAgUAAxk-large"));
    let requests = standin.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, api("getFile"));
    assert_eq!(
        requests[0].query.as_deref(),
        Some("file_id=AgACAgUAAxk-large")
    );
    assert_eq!(requests[1].method, "GET");
    assert_eq!(
        requests[1].path,
        format!("/file/bot{TOKEN}/files/AgACAgUAAxk-large")
    );
}

#[tokio::test]
async fn a_served_media_type_is_used_when_the_message_gave_none() {
    let (standin, client) = client().await;
    standin.put_media("doc1", &b"%PDF-1.7"[..], "application/pdf");
    let media = client
        .fetch_media(&MediaRef {
            id: "doc1".into(),
            mime: None,
            file_name: Some("surat.pdf".into()),
        })
        .await
        .unwrap();
    assert_eq!(media.mime.as_deref(), Some("application/pdf"));
    assert_eq!(media.file_name.as_deref(), Some("surat.pdf"));
}

fn media_ref(id: &str) -> MediaRef {
    MediaRef {
        id: id.into(),
        mime: None,
        file_name: None,
    }
}

#[tokio::test]
async fn a_file_reported_over_20_mb_is_refused_before_downloading() {
    let (standin, client) = client().await;
    standin.put_media_reporting("big", &b"x"[..], "video/mp4", Some(20 * 1024 * 1024 + 1));
    let err = client.fetch_media(&media_ref("big")).await.unwrap_err();
    assert!(matches!(err, NetworkError::Permanent(_)), "{err:?}");
    assert_eq!(standin.requests().len(), 1, "no download was tried");
}

#[tokio::test]
async fn a_file_that_turns_out_over_20_mb_is_refused() {
    let (standin, client) = client().await;
    let bytes = vec![0u8; 20 * 1024 * 1024 + 1];
    standin.put_media_reporting("liar", bytes, "image/jpeg", None);
    let err = client.fetch_media(&media_ref("liar")).await.unwrap_err();
    assert!(matches!(err, NetworkError::Permanent(_)), "{err:?}");
}

#[tokio::test]
async fn an_unknown_file_id_is_refused_for_good() {
    let (_standin, client) = client().await;
    let err = client.fetch_media(&media_ref("nope")).await.unwrap_err();
    assert!(matches!(err, NetworkError::Permanent(_)), "{err:?}");
}

#[tokio::test]
async fn too_many_requests_and_server_errors_are_temporary() {
    for status in [429, 500, 502] {
        let (standin, client) = client().await;
        standin.fail_next(status, 1);
        let err = client.send("1", &Outgoing::text("Halo")).await.unwrap_err();
        assert!(
            matches!(err, NetworkError::Temporary(_)),
            "{status}: {err:?}"
        );
        // The next call goes through again.
        assert!(client.send("1", &Outgoing::text("Halo")).await.is_ok());
    }
}

#[tokio::test]
async fn a_blocked_bot_or_a_bad_request_is_permanent() {
    for status in [400, 403] {
        let (standin, client) = client().await;
        standin.fail_next(status, 1);
        let err = client.send("1", &Outgoing::text("Halo")).await.unwrap_err();
        assert!(
            matches!(err, NetworkError::Permanent(_)),
            "{status}: {err:?}"
        );
    }
}

#[tokio::test]
async fn a_failed_download_maps_like_an_api_call() {
    let (standin, client) = client().await;
    standin.put_media("f1", &b"data"[..], "image/jpeg");
    standin.fail_next(503, 2);
    let err = client.fetch_media(&media_ref("f1")).await.unwrap_err();
    assert!(matches!(err, NetworkError::Temporary(_)), "{err:?}");
}

#[tokio::test]
async fn an_unreachable_api_is_temporary_and_the_error_shows_no_token() {
    // A port that was free a moment ago and has no listener now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let client = TelegramClient::new(&settings(&base)).unwrap();
    let err = client.send("1", &Outgoing::text("Halo")).await.unwrap_err();
    assert!(matches!(err, NetworkError::Temporary(_)), "{err:?}");
    assert!(!err.to_string().contains("AAHdqTcv"), "{err}");
}

#[tokio::test]
async fn an_answer_that_is_not_the_bot_apis_is_permanent() {
    let standin = StandIn::start().await;
    standin.put_media("f1", &b"data"[..], "image/jpeg");
    // The API base pointed at a file: a 200 whose body is not the Bot API's envelope.
    let settings = settings(&format!("{}/file/bot{TOKEN}/files/f1#", standin.base_url()));
    let odd = TelegramClient::new(&settings).unwrap();
    let err = odd.send("1", &Outgoing::text("Halo")).await.unwrap_err();
    assert!(matches!(err, NetworkError::Permanent(_)), "{err:?}");
}

#[tokio::test]
async fn blank_text_without_photo_is_not_sent() {
    let (standin, client) = client().await;
    let err = client.send("1", &Outgoing::text("  ")).await.unwrap_err();
    assert!(matches!(err, NetworkError::Permanent(_)));
    assert!(standin.requests().is_empty());
}

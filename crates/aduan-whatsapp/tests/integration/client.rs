//! The client against the Graph API stand-in: each message's method, path, token and body,
//! inside and outside the 24-hour window.

use aduan_chat_core::{ChatNetwork, Media, NetworkError, Outgoing, TemplateNotice};
use aduan_whatsapp::standin::{STANDIN_ACCESS_TOKEN, STANDIN_PHONE_NUMBER_ID, StandIn};
use aduan_whatsapp::{TemplateSetting, WhatsAppClient, WhatsAppSettings};
use bytes::Bytes;
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;

pub const TO: &str = "6281234567890";
pub const BEARER: &str = "Bearer standin-access-token";

pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1765000000, 0).unwrap()
}

fn with_templates(mut s: WhatsAppSettings) -> WhatsAppSettings {
    let languages = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    s.templates.insert(
        "default".into(),
        TemplateSetting {
            name: "aduan_status_update".into(),
            languages: languages(&[("id", "id"), ("en", "en_US")]),
        },
    );
    s.templates.insert(
        "report_completed".into(),
        TemplateSetting {
            name: "aduan_report_completed".into(),
            languages: languages(&[("id", "id")]),
        },
    );
    s
}

pub async fn start() -> (StandIn, WhatsAppClient) {
    let standin = StandIn::start().await;
    let client = WhatsAppClient::new(&with_templates(standin.settings())).unwrap();
    (standin, client)
}

pub fn answer(text: &str, hours_ago: i64) -> Outgoing {
    Outgoing {
        last_inbound: Some(now() - TimeDelta::hours(hours_ago)),
        ..Outgoing::text(text)
    }
}

fn notice(name: &str, language: &str, hours_ago: Option<i64>) -> Outgoing {
    Outgoing {
        template: Some(TemplateNotice {
            notice: name.into(),
            language: language.into(),
            params: vec!["ADU-2026-000123".into(), "Sedang\nditangani".into()],
        }),
        last_inbound: hours_ago.map(|h| now() - TimeDelta::hours(h)),
        ..Outgoing::text("Laporan ADU-2026-000123 sedang ditangani.")
    }
}

fn messages_path() -> String {
    format!("/{STANDIN_PHONE_NUMBER_ID}/messages")
}

#[tokio::test]
async fn an_answer_inside_the_window_is_sent_as_text_with_the_token() {
    let (standin, client) = start().await;
    let sent = client
        .send_at(now(), TO, &answer("Terima kasih, laporan diterima.", 2))
        .await
        .unwrap();
    assert_eq!(sent.id, "wamid.STANDIN000001");
    let requests = standin.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].path, messages_path());
    assert_eq!(requests[0].authorization.as_deref(), Some(BEARER));
    assert_eq!(
        requests[0].json,
        Some(json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": TO,
            "type": "text",
            "text": { "preview_url": false, "body": "Terima kasih, laporan diterima." },
        }))
    );
    assert_eq!(STANDIN_ACCESS_TOKEN, BEARER.trim_start_matches("Bearer "));
}

#[tokio::test]
async fn a_text_longer_than_4096_characters_goes_as_several_messages() {
    let (standin, client) = start().await;
    let text = "kata ".repeat(1500);
    let sent = client.send_at(now(), TO, &answer(&text, 1)).await.unwrap();
    assert_eq!(sent.id, "wamid.STANDIN000001");
    let bodies: Vec<String> = standin
        .requests()
        .iter()
        .map(|r| {
            r.json.as_ref().unwrap()["text"]["body"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(bodies.len(), 2);
    assert!(bodies.iter().all(|b| b.chars().count() <= 4096));
    assert_eq!(bodies.join(" "), text.trim_end());
}

#[tokio::test]
async fn a_photo_inside_the_window_is_uploaded_then_sent_with_the_text_as_caption() {
    let (standin, client) = start().await;
    let message = Outgoing {
        photo: Some(Media {
            bytes: Bytes::from_static(b"\xff\xd8\xff\xe0 not really a jpeg"),
            mime: Some("image/jpeg".into()),
            file_name: Some("bukti.jpg".into()),
        }),
        ..answer("Petugas sudah memperbaiki lampu.", 3)
    };
    let sent = client.send_at(now(), TO, &message).await.unwrap();
    let requests = standin.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].path,
        format!("/{STANDIN_PHONE_NUMBER_ID}/media")
    );
    assert_eq!(requests[0].authorization.as_deref(), Some(BEARER));
    assert!(
        requests[0]
            .content_type
            .as_deref()
            .unwrap()
            .starts_with("multipart/form-data; boundary=")
    );
    let upload = requests[0].json.as_ref().unwrap();
    assert_eq!(upload["messaging_product"], "whatsapp");
    assert_eq!(upload["type"], "image/jpeg");
    assert_eq!(upload["file"]["file_name"], "bukti.jpg");
    assert_eq!(upload["file"]["content_type"], "image/jpeg");
    assert_eq!(upload["file"]["size"], 22);
    assert_eq!(
        requests[1].json,
        Some(json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": TO,
            "type": "image",
            "image": { "id": "900000000000001", "caption": "Petugas sudah memperbaiki lampu." },
        }))
    );
    assert_eq!(sent.id, "wamid.STANDIN000002");
}

#[tokio::test]
async fn a_photo_with_a_text_too_long_for_a_caption_is_followed_by_the_text() {
    let (standin, client) = start().await;
    let text = "x".repeat(1100);
    let message = Outgoing {
        photo: Some(Media {
            bytes: Bytes::from_static(b"png"),
            mime: None,
            file_name: None,
        }),
        ..answer(&text, 3)
    };
    client.send_at(now(), TO, &message).await.unwrap();
    let requests = standin.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(
        requests[0].json.as_ref().unwrap()["file"]["file_name"],
        "photo.jpg"
    );
    assert!(
        requests[1].json.as_ref().unwrap()["image"]
            .get("caption")
            .is_none()
    );
    assert_eq!(
        requests[2].json.as_ref().unwrap()["text"]["body"],
        text.as_str()
    );
}

#[tokio::test]
async fn a_notice_outside_the_window_uses_its_own_template() {
    let (standin, client) = start().await;
    let sent = client
        .send_at(now(), TO, &notice("report_completed", "id", Some(30)))
        .await
        .unwrap();
    assert_eq!(sent.id, "wamid.STANDIN000001");
    let requests = standin.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].path, messages_path());
    assert_eq!(
        requests[0].json,
        Some(json!({
            "messaging_product": "whatsapp",
            "to": TO,
            "type": "template",
            "template": {
                "name": "aduan_report_completed",
                "language": { "code": "id" },
                "components": [{
                    "type": "body",
                    "parameters": [
                        { "type": "text", "text": "ADU-2026-000123" },
                        { "type": "text", "text": "Sedang ditangani" },
                    ],
                }],
            },
        }))
    );
}

#[tokio::test]
async fn a_notice_to_someone_who_never_wrote_uses_the_default_template_in_their_language() {
    let (standin, client) = start().await;
    client
        .send_at(now(), TO, &notice("report_dispatched", "en", None))
        .await
        .unwrap();
    let body = standin.requests()[0].json.clone().unwrap();
    assert_eq!(body["template"]["name"], "aduan_status_update");
    assert_eq!(body["template"]["language"]["code"], "en_US");
}

#[tokio::test]
async fn a_notice_inside_the_window_is_plain_text() {
    let (standin, client) = start().await;
    client
        .send_at(now(), TO, &notice("report_completed", "id", Some(23)))
        .await
        .unwrap();
    let body = standin.requests()[0].json.clone().unwrap();
    assert_eq!(body["type"], "text");
    assert_eq!(
        body["text"]["body"],
        "Laporan ADU-2026-000123 sedang ditangani."
    );
}

#[tokio::test]
async fn a_notice_without_a_configured_template_is_refused_naming_the_setting() {
    let standin = StandIn::start().await;
    let client = WhatsAppClient::new(&standin.settings()).unwrap();
    let err = client
        .send_at(now(), TO, &notice("report_received", "id", Some(48)))
        .await
        .unwrap_err();
    let NetworkError::Permanent(message) = err else {
        panic!("not permanent: {err:?}")
    };
    assert!(
        message.contains("whatsapp.templates.report_received"),
        "{message}"
    );
    assert!(standin.requests().is_empty());
}

#[tokio::test]
async fn an_answer_outside_the_window_without_a_template_is_refused() {
    let (standin, client) = start().await;
    let err = client
        .send_at(now(), TO, &answer("Halo?", 25))
        .await
        .unwrap_err();
    let NetworkError::Permanent(message) = err else {
        panic!("not permanent: {err:?}")
    };
    assert!(message.contains("outside the 24-hour window"), "{message}");
    assert!(standin.requests().is_empty());
}

#[tokio::test]
async fn send_uses_the_system_clock_for_the_window() {
    let (standin, client) = start().await;
    let message = Outgoing {
        last_inbound: Some(Utc::now() - TimeDelta::minutes(5)),
        ..Outgoing::text("Baik.")
    };
    client.send(TO, &message).await.unwrap();
    assert_eq!(standin.requests()[0].json.as_ref().unwrap()["type"], "text");
}

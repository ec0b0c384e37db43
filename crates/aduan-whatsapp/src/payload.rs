//! The `messages` webhook's body and how it becomes [`Incoming`] values.
//!
//! Only what Aduan uses is read; every other key is ignored, so new fields Meta adds do not
//! break deliveries. A message that lacks its sender or id is skipped rather than failing the
//! whole delivery (which Meta would then redeliver for days).

use aduan_chat_core::{Content, Incoming, MediaRef, Network, Sender, Via};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

/// The object every WhatsApp Business Account webhook names.
pub const OBJECT: &str = "whatsapp_business_account";

/// Why a body is not a WhatsApp webhook delivery.
#[derive(Debug, thiserror::Error)]
#[error("not a WhatsApp webhook delivery: {0}")]
pub struct PayloadError(#[from] pub(crate) serde_json::Error);

#[derive(Debug, Deserialize)]
pub(crate) struct Delivery {
    pub(crate) object: String,
    #[serde(default)]
    entry: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
struct Entry {
    #[serde(default)]
    changes: Vec<Change>,
}

#[derive(Debug, Deserialize)]
struct Change {
    #[serde(default)]
    field: String,
    value: Option<ChangeValue>,
}

#[derive(Debug, Deserialize)]
struct ChangeValue {
    metadata: Option<Metadata>,
    #[serde(default)]
    contacts: Vec<Contact>,
    #[serde(default)]
    messages: Vec<Message>,
    // `statuses` (sent, delivered, read, failed) are not read: Aduan does not track them.
}

#[derive(Debug, Deserialize)]
struct Metadata {
    #[serde(default)]
    phone_number_id: String,
}

#[derive(Debug, Deserialize)]
struct Contact {
    profile: Option<Profile>,
    wa_id: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Profile {
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Message {
    from: Option<String>,
    id: Option<String>,
    timestamp: Option<Value>,
    #[serde(rename = "type")]
    kind: Option<String>,
    text: Option<Text>,
    image: Option<MediaObject>,
    document: Option<MediaObject>,
    location: Option<Location>,
}

#[derive(Debug, Deserialize)]
struct Text {
    body: Option<String>,
}

#[derive(Debug, Deserialize)]
struct MediaObject {
    id: Option<String>,
    mime_type: Option<String>,
    filename: Option<String>,
    caption: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Location {
    latitude: Option<Value>,
    longitude: Option<Value>,
    name: Option<String>,
    address: Option<String>,
}

/// Reads a delivery's body.
pub(crate) fn parse(body: &[u8]) -> Result<Delivery, PayloadError> {
    Ok(serde_json::from_slice(body)?)
}

/// The messages in `body` sent to the business number `phone_number_id`, in order: changes for
/// other numbers of the account, other fields and status updates give nothing.
pub fn parse_delivery(body: &[u8], phone_number_id: &str) -> Result<Vec<Incoming>, PayloadError> {
    let delivery = parse(body)?;
    Ok(incomings(&delivery, phone_number_id, Utc::now()))
}

/// The messages of `delivery` for `phone_number_id`; `now` stands in for an unreadable
/// timestamp.
pub(crate) fn incomings(
    delivery: &Delivery,
    phone_number_id: &str,
    now: DateTime<Utc>,
) -> Vec<Incoming> {
    if delivery.object != OBJECT {
        return Vec::new();
    }
    let mut out = Vec::new();
    for change in delivery.entry.iter().flat_map(|e| &e.changes) {
        if change.field != "messages" {
            continue;
        }
        let Some(value) = &change.value else { continue };
        let ours = value
            .metadata
            .as_ref()
            .is_some_and(|m| m.phone_number_id == phone_number_id);
        if !ours {
            tracing::debug!("whatsapp change for another phone number ignored");
            continue;
        }
        for message in &value.messages {
            match incoming(message, &value.contacts, now) {
                Some(i) => out.push(i),
                None => tracing::warn!("whatsapp message without sender or id skipped"),
            }
        }
    }
    out
}

fn incoming(message: &Message, contacts: &[Contact], now: DateTime<Utc>) -> Option<Incoming> {
    let from = message.from.as_deref().filter(|s| !s.is_empty())?;
    let id = message.id.as_deref().filter(|s| !s.is_empty())?;
    let display = contacts
        .iter()
        .find(|c| c.wa_id.as_deref() == Some(from))
        .and_then(|c| c.profile.as_ref())
        .and_then(|p| p.name.clone())
        .filter(|n| !n.is_empty());
    let at = message
        .timestamp
        .as_ref()
        .and_then(as_i64)
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(|| {
            tracing::warn!("whatsapp message with an unreadable timestamp: using now");
            now
        });
    Some(Incoming {
        network: Network::WhatsApp,
        message_id: id.to_owned(),
        sender: Sender {
            id: from.to_owned(),
            display,
            language: None,
        },
        at,
        via: Via::Direct,
        content: content(message),
    })
}

fn content(message: &Message) -> Content {
    let kind = message.kind.as_deref().unwrap_or("unknown");
    let unsupported = || Content::Unsupported(kind.to_owned());
    match kind {
        "text" => match message.text.as_ref().and_then(|t| t.body.clone()) {
            Some(body) => Content::Text(body),
            None => unsupported(),
        },
        "image" => match media(message.image.as_ref()) {
            Some((media, caption)) => Content::Photo { media, caption },
            None => unsupported(),
        },
        "document" => match media(message.document.as_ref()) {
            Some((media, caption)) => Content::Document { media, caption },
            None => unsupported(),
        },
        "location" => match message.location.as_ref().and_then(location) {
            Some(c) => c,
            None => unsupported(),
        },
        _ => unsupported(),
    }
}

fn media(object: Option<&MediaObject>) -> Option<(MediaRef, Option<String>)> {
    let object = object?;
    let id = object.id.clone().filter(|s| !s.is_empty())?;
    Some((
        MediaRef {
            id,
            mime: object.mime_type.clone().filter(|s| !s.is_empty()),
            file_name: object.filename.clone().filter(|s| !s.is_empty()),
        },
        object.caption.clone().filter(|s| !s.is_empty()),
    ))
}

fn location(l: &Location) -> Option<Content> {
    let lat = l.latitude.as_ref().and_then(as_f64)?;
    let lon = l.longitude.as_ref().and_then(as_f64)?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return None;
    }
    let parts: Vec<&str> = [l.name.as_deref(), l.address.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let label = (!parts.is_empty()).then(|| parts.join(", "));
    Some(Content::Location { lat, lon, label })
}

/// A number Meta sends either as a JSON number or as a string of digits.
pub(crate) fn as_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn as_f64(v: &Value) -> Option<f64> {
    let f = match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }?;
    f.is_finite().then_some(f)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn one(message: &str) -> Vec<Incoming> {
        let body = format!(
            r#"{{"object":"whatsapp_business_account","entry":[{{"id":"1","changes":[{{"field":"messages","value":{{"messaging_product":"whatsapp","metadata":{{"display_phone_number":"15550783881","phone_number_id":"42"}},"messages":[{message}]}}}}]}}]}}"#
        );
        parse_delivery(body.as_bytes(), "42").unwrap()
    }

    #[test]
    fn a_message_without_a_sender_is_skipped() {
        assert!(
            one(r#"{"id":"wamid.X","timestamp":"1","type":"text","text":{"body":"hi"}}"#)
                .is_empty()
        );
    }

    #[test]
    fn a_location_with_coordinates_as_strings_and_no_label_is_read() {
        let got = one(
            r#"{"from":"6281234567890","id":"wamid.L","timestamp":1749416383,"type":"location","location":{"latitude":"-6.2","longitude":"106.8"}}"#,
        );
        assert_eq!(
            got[0].content,
            Content::Location {
                lat: -6.2,
                lon: 106.8,
                label: None
            }
        );
        assert_eq!(got[0].at.timestamp(), 1749416383);
        assert_eq!(got[0].sender.display, None);
    }

    #[test]
    fn a_text_message_without_its_body_is_unsupported() {
        let got = one(r#"{"from":"62","id":"wamid.T","timestamp":"1","type":"text"}"#);
        assert_eq!(got[0].content, Content::Unsupported("text".into()));
    }

    #[test]
    fn another_object_gives_nothing() {
        let body = br#"{"object":"page","entry":[]}"#;
        assert!(parse_delivery(body, "42").unwrap().is_empty());
        assert!(parse_delivery(b"[1,2]", "42").is_err());
        assert!(parse_delivery(b"{\"entry\":[]}", "42").is_err());
    }
}

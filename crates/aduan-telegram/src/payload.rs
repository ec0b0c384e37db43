//! The Bot API `Update` as the webhook receives it (<https://core.telegram.org/bots/api#update>),
//! only the parts Aduan reads, and how a private message becomes an [`Incoming`].
//!
//! Unknown fields are ignored: the Bot API adds fields often, and a new field must not turn a
//! delivery into a 400 that Telegram retries for a day.

use aduan_chat_core::{Content, Incoming, MediaRef, Network, Sender, Via};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};

/// One delivery: at most one of its optional parts is set. Aduan reads `message` only; an
/// `edited_message`, a `channel_post`, a `callback_query` and the rest are taken and dropped.
#[derive(Debug, Clone, Deserialize)]
pub struct Update {
    /// The update's sequence number.
    pub update_id: i64,
    /// A new message, when this update is one.
    #[serde(default)]
    pub message: Option<Message>,
}

/// A message (<https://core.telegram.org/bots/api#message>).
#[derive(Debug, Clone, Deserialize)]
pub struct Message {
    /// Unique within its chat only.
    pub message_id: i64,
    /// Who sent it (absent for channel posts).
    #[serde(default)]
    pub from: Option<User>,
    /// The chat it belongs to.
    pub chat: Chat,
    /// When it was sent (unix seconds on the wire).
    #[serde(with = "chrono::serde::ts_seconds")]
    pub date: DateTime<Utc>,
    /// A text message's text.
    #[serde(default)]
    pub text: Option<String>,
    /// A photo's or document's caption.
    #[serde(default)]
    pub caption: Option<String>,
    /// A photo, in the sizes Telegram made of it.
    #[serde(default)]
    pub photo: Option<Vec<PhotoSize>>,
    /// A file sent as a document.
    #[serde(default)]
    pub document: Option<Document>,
    /// A shared location (also set on a venue).
    #[serde(default)]
    pub location: Option<Location>,
    /// A shared place.
    #[serde(default)]
    pub venue: Option<Venue>,
    /// Every other field, to name what kind of message Aduan cannot use.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// A chat (<https://core.telegram.org/bots/api#chat>).
#[derive(Debug, Clone, Deserialize)]
pub struct Chat {
    /// The chat's id: in a private chat, the person's user id.
    pub id: i64,
    /// `private`, `group`, `supergroup` or `channel`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// A private chat's other party's username.
    #[serde(default)]
    pub username: Option<String>,
    /// A private chat's other party's first name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// A private chat's other party's last name.
    #[serde(default)]
    pub last_name: Option<String>,
}

/// A user or bot (<https://core.telegram.org/bots/api#user>).
#[derive(Debug, Clone, Deserialize)]
pub struct User {
    /// The user's id.
    pub id: i64,
    /// Whether this is a bot.
    #[serde(default)]
    pub is_bot: bool,
    /// First name.
    #[serde(default)]
    pub first_name: String,
    /// Last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Username, without `@`.
    #[serde(default)]
    pub username: Option<String>,
    /// The IETF language tag of the user's app.
    #[serde(default)]
    pub language_code: Option<String>,
}

/// One size of a photo (<https://core.telegram.org/bots/api#photosize>).
#[derive(Debug, Clone, Deserialize)]
pub struct PhotoSize {
    /// The id to download it by.
    pub file_id: String,
    /// Width in pixels.
    #[serde(default)]
    pub width: u32,
    /// Height in pixels.
    #[serde(default)]
    pub height: u32,
    /// Size in bytes, when known.
    #[serde(default)]
    pub file_size: Option<u64>,
}

/// A general file (<https://core.telegram.org/bots/api#document>).
#[derive(Debug, Clone, Deserialize)]
pub struct Document {
    /// The id to download it by.
    pub file_id: String,
    /// The name the sender's app gave.
    #[serde(default)]
    pub file_name: Option<String>,
    /// Its media type, as the sender's app said.
    #[serde(default)]
    pub mime_type: Option<String>,
}

/// A point on the map (<https://core.telegram.org/bots/api#location>).
#[derive(Debug, Clone, Deserialize)]
pub struct Location {
    /// Latitude.
    pub latitude: f64,
    /// Longitude.
    pub longitude: f64,
}

/// A place (<https://core.telegram.org/bots/api#venue>).
#[derive(Debug, Clone, Deserialize)]
pub struct Venue {
    /// Where it is.
    pub location: Location,
    /// Its name.
    #[serde(default)]
    pub title: String,
    /// Its address.
    #[serde(default)]
    pub address: String,
}

/// Message kinds the conversation cannot use, answered as such. Anything that is neither one
/// of these nor text, photo, document, location or venue (service messages such as a pinned
/// message) is ignored. `animation` comes first: Telegram also sets `document` on it.
const UNSUPPORTED: [&str; 15] = [
    "animation",
    "sticker",
    "voice",
    "video",
    "video_note",
    "audio",
    "contact",
    "dice",
    "game",
    "poll",
    "story",
    "paid_media",
    "invoice",
    "checklist",
    "live_photo",
];

/// Parses a webhook body: `Ok(None)` for an update Aduan does not take (not a new message,
/// not a private chat, from a bot, a service message), `Err` for a body that is not an
/// `Update`.
pub fn parse(body: &[u8]) -> Result<Option<Incoming>, serde_json::Error> {
    let update: Update = serde_json::from_slice(body)?;
    Ok(incoming(&update))
}

/// The message an update carries, when it is a person's message in a private chat.
pub fn incoming(update: &Update) -> Option<Incoming> {
    let m = update.message.as_ref()?;
    if m.chat.kind != "private" || m.from.as_ref().is_some_and(|u| u.is_bot) {
        return None;
    }
    let content = content(m)?;
    Some(Incoming {
        network: Network::Telegram,
        message_id: format!("{}:{}", m.chat.id, m.message_id),
        sender: Sender {
            id: m.chat.id.to_string(),
            display: display(m),
            language: m.from.as_ref().and_then(|u| u.language_code.clone()),
        },
        at: m.date,
        via: Via::Direct,
        content,
    })
}

fn content(m: &Message) -> Option<Content> {
    if let Some(text) = &m.text {
        return Some(Content::Text(text.clone()));
    }
    if m.other.contains_key("animation") {
        return Some(Content::Unsupported("animation".to_owned()));
    }
    if let Some(sizes) = &m.photo {
        let largest = sizes.iter().max_by_key(|p| {
            (
                u64::from(p.width) * u64::from(p.height),
                p.file_size.unwrap_or(0),
            )
        });
        return Some(match largest {
            Some(p) => Content::Photo {
                media: MediaRef {
                    id: p.file_id.clone(),
                    mime: Some("image/jpeg".to_owned()),
                    file_name: None,
                },
                caption: m.caption.clone(),
            },
            None => Content::Unsupported("photo".to_owned()),
        });
    }
    if let Some(d) = &m.document {
        return Some(Content::Document {
            media: MediaRef {
                id: d.file_id.clone(),
                mime: d.mime_type.clone(),
                file_name: d.file_name.clone(),
            },
            caption: m.caption.clone(),
        });
    }
    if let Some(v) = &m.venue {
        let label = [v.title.trim(), v.address.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        return Some(Content::Location {
            lat: v.location.latitude,
            lon: v.location.longitude,
            label: (!label.is_empty()).then_some(label),
        });
    }
    if let Some(l) = &m.location {
        return Some(Content::Location {
            lat: l.latitude,
            lon: l.longitude,
            label: None,
        });
    }
    UNSUPPORTED
        .iter()
        .find(|kind| m.other.contains_key(**kind))
        .map(|kind| Content::Unsupported((*kind).to_owned()))
}

/// `@username`, else the first and last name, from the sender, else from the private chat.
fn display(m: &Message) -> Option<String> {
    let (username, first, last) = match &m.from {
        Some(u) => (
            u.username.as_deref(),
            Some(u.first_name.as_str()),
            u.last_name.as_deref(),
        ),
        None => (
            m.chat.username.as_deref(),
            m.chat.first_name.as_deref(),
            m.chat.last_name.as_deref(),
        ),
    };
    if let Some(name) = username.filter(|n| !n.is_empty()) {
        return Some(format!("@{name}"));
    }
    let full = [first, last]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!full.is_empty()).then_some(full)
}

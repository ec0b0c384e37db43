//! Messages in and out, the same for every network.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A chat or social network Aduan takes reports from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Network {
    /// A Telegram bot.
    Telegram,
    /// WhatsApp Business (Cloud API).
    WhatsApp,
    /// X (Twitter), its Account Activity webhook.
    X,
}

impl Network {
    /// Every network.
    pub const ALL: [Network; 3] = [Network::Telegram, Network::WhatsApp, Network::X];

    /// The stable name (`telegram`, `whatsapp`, `x`): settings tables, stored handles.
    pub fn as_str(self) -> &'static str {
        match self {
            Network::Telegram => "telegram",
            Network::WhatsApp => "whatsapp",
            Network::X => "x",
        }
    }

    /// Parses the stable name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|n| n.as_str() == s)
    }

    /// The name people know it by.
    pub fn display_name(self) -> &'static str {
        match self {
            Network::Telegram => "Telegram",
            Network::WhatsApp => "WhatsApp",
            Network::X => "X",
        }
    }
}

impl std::fmt::Display for Network {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who sent a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    /// The id messages go back to: a Telegram chat id, a WhatsApp number in international
    /// form without `+` (`6281234567890`), an X user id.
    pub id: String,
    /// What the network shows of them (a Telegram `@username` or first name, a WhatsApp
    /// profile name, an X `@handle`): identity, kept only as the reporter's.
    pub display: Option<String>,
    /// The language their app is set to (`id`, `en`, `en-US`), when the network says.
    pub language: Option<String>,
}

/// Where a message came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// A private chat or direct message with the bot or account.
    Direct,
    /// A public post mentioning the account or hashtag (X): filed at once, answered with a
    /// public reply to `post_id`.
    PublicMention {
        /// The post's id.
        post_id: String,
    },
}

/// A file a sender sent, as the network names it until fetched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaRef {
    /// The network's id for it (a Telegram `file_id`, a WhatsApp media id, an X media URL).
    pub id: String,
    /// Its media type, when the network says.
    pub mime: Option<String>,
    /// Its file name, when the sender's app gave one.
    pub file_name: Option<String>,
}

/// A file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    /// The content.
    pub bytes: Bytes,
    /// Its media type, when known.
    pub mime: Option<String>,
    /// Its file name, when known.
    pub file_name: Option<String>,
}

/// What a message holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// Text (a WhatsApp `text` body, a Telegram `text`, a post's or DM's text).
    Text(String),
    /// A photo, with its caption.
    Photo {
        /// The file.
        media: MediaRef,
        /// Its caption.
        caption: Option<String>,
    },
    /// A document (PDF and the like), with its caption.
    Document {
        /// The file.
        media: MediaRef,
        /// Its caption.
        caption: Option<String>,
    },
    /// A shared location.
    Location {
        /// Latitude.
        lat: f64,
        /// Longitude.
        lon: f64,
        /// The place's name or address, when the sender's app gave one.
        label: Option<String>,
    },
    /// Something the conversation cannot use (a sticker, a voice note, a contact card): its
    /// kind, for the answer saying so.
    Unsupported(String),
}

/// One message from a network, verified by its adapter.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    /// The network.
    pub network: Network,
    /// The network's id for this message, unique on the network: a second delivery with the
    /// same id does nothing.
    pub message_id: String,
    /// Who sent it.
    pub sender: Sender,
    /// When the network says it was sent.
    pub at: DateTime<Utc>,
    /// Where it came.
    pub via: Via,
    /// What it holds.
    pub content: Content,
}

/// A progress notice, for networks that need a pre-approved template to reach someone who
/// has not written lately (WhatsApp outside its 24-hour service window).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateNotice {
    /// Aduan's name for the notice (`report_dispatched`, `follow_up_posted`, ...): the
    /// adapter's settings map it to the network's template name and language.
    pub notice: String,
    /// The language Aduan writes to this person in (`id`, `en`).
    pub language: String,
    /// The template's parameters in order: the tracking id, then the status in words.
    pub params: Vec<String>,
}

/// One message to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    /// The text, ready to show (plain text, no markup).
    pub text: String,
    /// A photo to send with the text as its caption (Telegram `sendPhoto`), when there is one.
    pub photo: Option<Media>,
    /// Answer publicly to this post (X) instead of by direct message.
    pub reply_to_post: Option<String>,
    /// For a progress notice: the notice, for a network that must use a template outside its
    /// service window.
    pub template: Option<TemplateNotice>,
    /// When this person last wrote to the account (for a network's service window); `None`
    /// when never.
    pub last_inbound: Option<DateTime<Utc>>,
}

impl Outgoing {
    /// A plain text message.
    pub fn text(text: impl Into<String>) -> Self {
        Outgoing {
            text: text.into(),
            photo: None,
            reply_to_post: None,
            template: None,
            last_inbound: None,
        }
    }
}

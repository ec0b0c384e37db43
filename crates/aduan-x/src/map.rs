//! From a delivery to the messages the conversation takes: which posts and direct messages
//! are reports, and their neutral form.

use crate::payload::{Delivery, DmEvent, Entities, Tweet};
use crate::settings::XSettings;
use aduan_chat_core::{Content, Incoming, MediaRef, Network, Sender, Via};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::collections::HashMap;

/// Why a body is not an Account Activity delivery.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an Account Activity delivery: {0}")]
pub struct PayloadError(pub String);

/// X's post date format (`Wed Oct 10 20:19:24 +0000 2018`).
const POST_DATE: &str = "%a %b %d %H:%M:%S %z %Y";

/// Reads a delivery's raw `body` (already verified) into the messages that concern Aduan:
/// posts mentioning the account or carrying the hashtag (neither the account's own nor
/// retweets), and direct messages sent to the account. Other event kinds give nothing.
///
/// Fails only when the body is not a JSON object of X's shape; an event that cannot be
/// read is logged and skipped, so that the others are still taken.
pub fn parse_delivery(body: &[u8], settings: &XSettings) -> Result<Vec<Incoming>, PayloadError> {
    // The serde message may quote the body's text: give only where it failed.
    let delivery: Delivery = serde_json::from_slice(body)
        .map_err(|e| PayloadError(format!("line {}, column {}", e.line(), e.column())))?;
    let for_user = delivery.for_user_id.as_deref();
    let mut out = Vec::new();
    for value in delivery.tweet_create_events.unwrap_or_default() {
        match serde_json::from_value::<Tweet>(value) {
            Ok(tweet) => out.extend(post(tweet, for_user, settings)),
            Err(_) => tracing::warn!("skipping a post event that cannot be read"),
        }
    }
    for value in delivery.direct_message_events.unwrap_or_default() {
        match serde_json::from_value::<DmEvent>(value) {
            Ok(event) => out.extend(direct_message(event, for_user, &delivery.users)),
            Err(_) => tracing::warn!("skipping a direct message event that cannot be read"),
        }
    }
    Ok(out)
}

fn same_word(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

fn all_entities(tweet: &Tweet) -> impl Iterator<Item = &Entities> {
    std::iter::once(&tweet.entities).chain(tweet.extended_tweet.iter().map(|e| &e.entities))
}

/// A post, when it is a report.
fn post(tweet: Tweet, for_user: Option<&str>, settings: &XSettings) -> Option<Incoming> {
    let account = settings.account_handle();
    let own = for_user == Some(tweet.user.id_str.as_str())
        || tweet
            .user
            .screen_name
            .as_deref()
            .is_some_and(|s| !account.is_empty() && same_word(s, account));
    // An answer in the thread of the account's own post (its public reply to a report) is
    // a conversation about that report, not a new one: X puts the account's mention in it.
    let answers_account = tweet.in_reply_to_status_id_str.is_some()
        && tweet.in_reply_to_user_id_str.is_some()
        && tweet.in_reply_to_user_id_str.as_deref() == for_user;
    if own || tweet.retweeted_status.is_some() || answers_account {
        return None;
    }
    let mentioned = !account.is_empty()
        && all_entities(&tweet)
            .flat_map(|e| &e.user_mentions)
            .any(|m| same_word(&m.screen_name, account));
    let tagged = settings.hashtag_text().is_some_and(|tag| {
        all_entities(&tweet)
            .flat_map(|e| &e.hashtags)
            .any(|h| same_word(&h.text, tag))
    });
    if !mentioned && !tagged {
        return None;
    }
    let at = DateTime::parse_from_str(&tweet.created_at, POST_DATE)
        .map(|d| d.to_utc())
        .ok()
        .or_else(|| millis(tweet.timestamp_ms.as_deref()?))
        .unwrap_or_else(|| {
            tracing::warn!("a post without a readable date: taking the time of arrival");
            Utc::now()
        });
    let text = match (tweet.extended_tweet, tweet.full_text, tweet.text) {
        (Some(ext), _, _) => ext.full_text,
        (None, Some(full), _) => full,
        (None, None, text) => text.unwrap_or_default(),
    };
    Some(Incoming {
        network: Network::X,
        message_id: tweet.id_str.clone(),
        sender: Sender {
            id: tweet.user.id_str,
            display: tweet.user.screen_name.map(|s| format!("@{s}")),
            // A post's language is the text's, not the person's.
            language: None,
        },
        at,
        via: Via::PublicMention {
            post_id: tweet.id_str,
        },
        // Photos in public posts are not taken: the report keeps the public text.
        content: Content::Text(text),
    })
}

fn millis(ms: &str) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms.trim().parse().ok()?)
}

/// A direct message, when someone other than the account sent it.
fn direct_message(
    event: DmEvent,
    for_user: Option<&str>,
    users: &HashMap<String, Value>,
) -> Option<Incoming> {
    if event.kind != "message_create" {
        return None;
    }
    let create = event.message_create?;
    if for_user == Some(create.sender_id.as_str()) {
        return None;
    }
    let display = users
        .get(&create.sender_id)
        .and_then(|u| u.get("screen_name"))
        .and_then(Value::as_str)
        .map(|s| format!("@{s}"));
    let at = millis(&event.created_timestamp).unwrap_or_else(|| {
        tracing::warn!("a direct message without a readable date: taking the time of arrival");
        Utc::now()
    });
    let data = create.message_data;
    let media = data
        .attachment
        .filter(|a| a.kind == "media")
        .and_then(|a| a.media);
    let content = match media {
        Some(m) if m.kind == "photo" => Content::Photo {
            caption: caption(&data.text, m.url.as_deref()),
            media: MediaRef {
                id: m.media_url_https,
                mime: None,
                file_name: None,
            },
        },
        // A video or GIF: the conversation says what it can take.
        Some(m) => Content::Unsupported(m.kind),
        None => Content::Text(data.text),
    };
    Some(Incoming {
        network: Network::X,
        message_id: event.id,
        sender: Sender {
            id: create.sender_id,
            display,
            language: None,
        },
        at,
        via: Via::Direct,
        content,
    })
}

/// The text of a message with a photo, without the t.co link X appends for the photo.
fn caption(text: &str, media_link: Option<&str>) -> Option<String> {
    let text = text.trim();
    let text = media_link
        .and_then(|link| text.strip_suffix(link))
        .unwrap_or(text)
        .trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn a_caption_loses_the_trailing_photo_link_and_may_be_empty() {
        let link = Some("https://t.co/abc");
        assert_eq!(
            caption("Jalan rusak https://t.co/abc", link).as_deref(),
            Some("Jalan rusak")
        );
        assert_eq!(caption(" https://t.co/abc", link), None);
        assert_eq!(caption("no link", link).as_deref(), Some("no link"));
        assert_eq!(caption("text", None).as_deref(), Some("text"));
    }

    #[test]
    fn the_post_date_format_is_read() {
        let d = DateTime::parse_from_str("Wed Oct 10 20:19:24 +0000 2018", POST_DATE).unwrap();
        assert_eq!(d.to_utc().to_rfc3339(), "2018-10-10T20:19:24+00:00");
    }

    #[test]
    fn a_body_that_is_not_an_object_is_refused() {
        let s = XSettings::default();
        assert!(parse_delivery(b"not json", &s).is_err());
        assert!(parse_delivery(b"[1, 2]", &s).is_err());
        assert!(parse_delivery(br#"{"tweet_create_events": "oops"}"#, &s).is_err());
        assert_eq!(parse_delivery(b"{}", &s).unwrap(), vec![]);
    }
}

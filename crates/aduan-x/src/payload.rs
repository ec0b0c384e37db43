//! The parts of X's Account Activity deliveries this adapter reads (v1.1 formats). Unknown
//! fields are ignored; each event is read on its own so one odd event does not lose the rest.

use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

/// One delivery: `for_user_id` (the subscribed account) and one kind of event list.
#[derive(Debug, Deserialize)]
pub(crate) struct Delivery {
    #[serde(default)]
    pub for_user_id: Option<String>,
    #[serde(default)]
    pub tweet_create_events: Option<Vec<Value>>,
    #[serde(default)]
    pub direct_message_events: Option<Vec<Value>>,
    /// Users of the direct messages, by id.
    #[serde(default)]
    pub users: HashMap<String, Value>,
}

/// A post (Tweet object).
#[derive(Debug, Deserialize)]
pub(crate) struct Tweet {
    pub created_at: String,
    pub id_str: String,
    #[serde(default)]
    pub text: Option<String>,
    /// Present instead of `text` in extended mode.
    #[serde(default)]
    pub full_text: Option<String>,
    pub user: TweetUser,
    #[serde(default)]
    pub entities: Entities,
    /// The whole text and entities of a post longer than 140 characters.
    #[serde(default)]
    pub extended_tweet: Option<ExtendedTweet>,
    /// Present on a retweet.
    #[serde(default)]
    pub retweeted_status: Option<Value>,
    /// The post this one answers, in a thread.
    #[serde(default)]
    pub in_reply_to_status_id_str: Option<String>,
    /// The author of the post this one answers.
    #[serde(default)]
    pub in_reply_to_user_id_str: Option<String>,
    #[serde(default)]
    pub timestamp_ms: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct TweetUser {
    pub id_str: String,
    #[serde(default)]
    pub screen_name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Entities {
    #[serde(default)]
    pub hashtags: Vec<Hashtag>,
    #[serde(default)]
    pub user_mentions: Vec<Mention>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Hashtag {
    pub text: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Mention {
    pub screen_name: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ExtendedTweet {
    pub full_text: String,
    #[serde(default)]
    pub entities: Entities,
}

/// A direct message event (`message_create`); other types carry no `message_create`.
#[derive(Debug, Deserialize)]
pub(crate) struct DmEvent {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    pub created_timestamp: String,
    #[serde(default)]
    pub message_create: Option<MessageCreate>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct MessageCreate {
    pub sender_id: String,
    pub message_data: MessageData,
}

#[derive(Debug, Deserialize)]
pub(crate) struct MessageData {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub attachment: Option<Attachment>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Attachment {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub media: Option<DmMedia>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct DmMedia {
    pub media_url_https: String,
    /// `photo`, `animated_gif` or `video`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The t.co link X appends to the text for the media.
    #[serde(default)]
    pub url: Option<String>,
}

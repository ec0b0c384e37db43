//! X (Twitter) intake: the Account Activity API webhook and the API client that answers.
//!
//! X calls one endpoint ([`PATH`]): a `GET` with a `crc_token` that the app proves it holds
//! the consumer secret for (the CRC challenge, on registration and hourly after), and `POST`
//! deliveries signed with the same secret (`x-twitter-webhooks-signature`). A delivery's
//! posts that mention the account or carry its hashtag become public reports
//! ([`Via::PublicMention`](aduan_chat_core::Via)); its direct messages become private
//! conversations. Everything else (likes, follows, the account's own posts and messages,
//! retweets) is answered 200 and dropped.
//!
//! [`XClient`] answers: a public reply to the post (`POST /2/tweets`) or a direct message
//! (`POST /2/dm_conversations/with/{id}/messages`), and fetches photos sent by direct message.
//! [`standin`] serves those API calls locally for tests.
//!
//! This crate knows X's formats and nothing of reports: it hands
//! [`Incoming`](aduan_chat_core::Incoming) values to a [`ChatInbox`](aduan_chat_core::ChatInbox).

mod client;
mod map;
mod payload;
mod routes;
mod settings;
pub mod standin;
mod verify;

pub use client::{DM_MAX_CHARS, MEDIA_MAX_BYTES, POST_MAX_CHARS, XClient};
pub use map::{PayloadError, parse_delivery};
pub use routes::{BODY_LIMIT, PATH, routes};
pub use settings::XSettings;
pub use verify::{SIGNATURE_HEADER, crc_response_token, signature, verify_signature};

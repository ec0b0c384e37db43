//! Aduan's Telegram bot, as one network of the chat intake.
//!
//! - [`routes`]: the webhook (`POST /channels/telegram`) that checks Telegram's secret header,
//!   reads the Bot API `Update`, keeps people's new messages in private chats and hands each
//!   to the conversation's [`aduan_chat_core::ChatInbox`] as an [`aduan_chat_core::Incoming`].
//! - [`TelegramClient`]: the Bot API client behind [`aduan_chat_core::ChatNetwork`]: fetches
//!   the files people sent (`getFile`), sends answers (`sendMessage`, `sendPhoto`).
//! - [`standin`]: a stand-in for the Bot API, for tests.
//!
//! This crate knows Telegram and nothing of reports.

mod answer;
mod client;
mod form;
pub mod payload;
mod routes;
mod settings;
pub mod standin;
pub mod text;
mod verify;

pub use client::{MEDIA_LIMIT, PHOTO_UPLOAD_LIMIT, TelegramClient};
pub use routes::{BODY_LIMIT, PATH, routes};
pub use settings::{DEFAULT_API_BASE_URL, TelegramSettings};
pub use verify::{SECRET_HEADER, secret_matches};

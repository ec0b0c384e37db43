//! WhatsApp Business Platform (Cloud API) for Aduan's chat intake.
//!
//! - [`routes`] serves the webhook at [`PATH`]: Meta's verification handshake, and deliveries
//!   checked against `X-Hub-Signature-256` whose messages become
//!   [`aduan_chat_core::Incoming`] values handed to the [`aduan_chat_core::ChatInbox`].
//! - [`WhatsAppClient`] implements [`aduan_chat_core::ChatNetwork`]: fetches the media people
//!   send, sends free text inside the 24-hour customer service window and pre-approved
//!   templates outside it.
//! - [`standin`] stands in for the Graph API in tests.
//!
//! It knows nothing of reports: the conversation (`aduan-chat`) does.

mod client;
mod payload;
mod routes;
mod send;
mod settings;
pub mod standin;
mod verify;

pub use client::{MAX_MEDIA_BYTES, RATE_LIMIT_CODES, TIMEOUT, WhatsAppClient};
pub use payload::{OBJECT, PayloadError, parse_delivery};
pub use routes::{BODY_LIMIT, PATH, routes};
pub use send::{CAPTION_LIMIT, SERVICE_WINDOW, TEXT_LIMIT, within_window};
pub use settings::{DEFAULT_API_BASE_URL, DEFAULT_TEMPLATE, TemplateSetting, WhatsAppSettings};
pub use verify::{SIGNATURE_HEADER, signature, signature_matches};

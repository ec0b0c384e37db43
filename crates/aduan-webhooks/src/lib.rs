//! Webhooks to partner systems: [`policy`] says where a partner's webhook may point (HTTPS to
//! a host the deployment allows), [`sign`] signs each delivery with the partner's secret
//! (HMAC-SHA256 over the timestamp and the body) and verifies it as a partner would, and
//! [`transport`] posts the outbox's webhook messages, so that they are retried with the
//! queue's backoff and dead-lettered like every other message.

pub mod policy;
pub mod sign;
pub mod transport;

pub use policy::{PolicyError, WebhookPolicy};
pub use sign::{DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signature, verify};
pub use transport::WebhookTransport;

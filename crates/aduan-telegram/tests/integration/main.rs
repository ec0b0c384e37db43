//! The Telegram adapter from outside: fixtures parsed, the webhook router, the client against
//! the stand-in.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod client;
mod parse;
mod router;
mod support;

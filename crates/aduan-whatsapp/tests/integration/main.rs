//! The crate from outside: fixtures parsed, the webhook through its router, the client against
//! the Graph API stand-in.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod client;
mod client_failures;
mod parse;
mod support;
mod webhook;

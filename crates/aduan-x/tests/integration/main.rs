//! The X adapter from outside: fixtures parsed, the webhook through its router, the client
//! against the stand-in.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod client;
mod hook;
mod parsing;
mod support;

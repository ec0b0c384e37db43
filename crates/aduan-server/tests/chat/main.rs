//! The chat and social channels end to end: deliveries in each network's recorded payload
//! format through the webhooks, the conversation, the reports it files, and what Aduan sends
//! back to stand-ins for the networks' APIs.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

mod lifecycle;
mod rights;
mod support;
mod telegram;
mod whatsapp;
mod x;

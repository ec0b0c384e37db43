//! The JSON API through the router (no socket), on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

mod accounts;
mod attachments;
mod authz_matrix;
mod blobs;
mod calendar;
mod clocks;
mod common;
mod errors;
mod figures;
mod groups;
mod honest_clocks;
mod import;
mod insider;
mod lifecycle;
mod limits;
mod looks;
mod openapi;
mod opendata;
mod opendata_stream;
mod operations;
mod outbox;
mod partner_webhooks;
mod partner_xml;
mod partners;
mod privacy;
mod privacy_channels;
mod reference;
mod reference_cache;
mod reveal;
mod rights;
mod scheduler;
mod search;
mod sensitive;
mod statistics;
mod submit;
mod triage;
mod visibility;
mod write_limits;

pub use aduan_testkit::on_both_backends;

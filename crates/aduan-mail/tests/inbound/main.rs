//! E-mail in, end to end on both backends: each message of the stored corpus
//! (`tests/corpus`) goes through [`aduan_mail::inbound::ingest`] on the whole service, and what
//! reporters and agencies then see is checked through the API and the store.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

mod commands;
mod forged;
mod machine;
mod new_reports;
mod privacy;
mod replies;
mod rights;
mod support;

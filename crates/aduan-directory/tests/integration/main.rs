//! The built-in directory checked against the committed, sourced lists; the CSV format's
//! errors; and loading and importing on SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

mod builtin;
mod categories;
mod csv_import;
mod pg;
mod stores;

//! The domain's integration tests: the action table and the visibility policy checked
//! against fixtures transcribed by hand from docs/domain.md §3 and §4, and against the tables
//! of docs/domain.md itself.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

mod calendar;
mod directory;
mod directory_import;
mod doc;
mod sla;
mod sla_honest;
mod sla_tally;
mod transitions;
mod visibility;
mod visibility_doc;

//! The domain's integration tests: the action table and the visibility policy checked
//! against fixtures transcribed by hand from DOMAIN.md §3 and §4.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

mod calendar;
mod directory;
mod sla;
mod sla_honest;
mod transitions;
mod visibility;

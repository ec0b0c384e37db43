//! The generator's tests: realism, determinism, the transition table, and bulk writing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

mod bulk;
mod determinism;
mod fixture;
mod lifecycle;
mod realism;
mod templates;

//! The shared test support (`aduan-testkit`) under the name these tests use.

pub use aduan_testkit::*;

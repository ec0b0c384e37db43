//! One generator and one run of 10,000 reports, shared by the tests that look at a large run.

use aduan_gen::{GenConfig, Generator, World};
use aduan_store::History;
use chrono::NaiveDate;
use std::sync::OnceLock;

/// The last day of the fixtures' period.
pub fn until() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
}

/// A generator of `reports` reports with `seed`.
pub fn generator(reports: u64, seed: u64) -> Generator {
    let config = GenConfig {
        reports,
        seed,
        until: until(),
        since: None,
    };
    Generator::new(World::builtin().unwrap(), config).unwrap()
}

/// 10,000 reports of seed 2026, generated once per test run.
pub fn ten_thousand() -> &'static (Generator, Vec<History>) {
    static RUN: OnceLock<(Generator, Vec<History>)> = OnceLock::new();
    RUN.get_or_init(|| {
        let g = generator(10_000, 2026);
        let histories = g.reports(0..10_000).unwrap();
        (g, histories)
    })
}

//! The portal in a real browser: Debian's headless Chromium at a phone-sized viewport, driven
//! through chromedriver by fantoccini, against the whole service on a loopback port.
//!
//! Every test is `#[ignore]`d because it needs chromium and chromedriver; the suite runs them
//! with `--include-ignored`. Without Chromium a test says loudly that it is skipped, unless
//! `ADUAN_REQUIRE` names `browser`, in which case it fails. `ADUAN_CHROMIUM` and
//! `ADUAN_CHROMEDRIVER` replace Debian's `/usr/bin/chromium` and `/usr/bin/chromedriver`. Screenshots of each step, axe-core
//! reports and chromedriver's log are kept in `target/browser-artifacts/<test>/`.
//!
//! ```text
//! npm ci --prefix crates/aduan-portal/tests/browser   # axe-core
//! ADUAN_REQUIRE=browser cargo test -p aduan-portal --test browser -- --include-ignored
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)]
// The harness is an API for every flow test; not each of its helpers is used by each build.
#![allow(dead_code)]

mod channels;
mod crawl;
mod driver;
mod flows;
mod harness;
mod home;
mod language;
mod measure;
mod office;
mod shots;

//! `aduan search`: the full-text index, rebuilt from every report's text or checked against it.

use crate::backend::open_store_keyed;
use crate::serve::app_state;
use crate::settings::Settings;
use aduan_app::search::index::{ANALYSER_VERSION, rebuild, verify};
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use std::process::ExitCode;
use std::time::Instant;

/// What to do with the search index.
#[derive(Debug, Subcommand)]
pub enum SearchCommand {
    /// Write every report's index entry again from its text, a thousand reports per
    /// transaction (the service keeps answering; `serve` does it by itself when the analyser
    /// changed).
    Rebuild,
    /// Check every report's index entry against its text now, and the index's own structure;
    /// exit 1 when an entry is missing or stale.
    Verify,
}

fn bar(what: &str) -> anyhow::Result<ProgressBar> {
    let bar = ProgressBar::new_spinner();
    bar.set_style(ProgressStyle::with_template(&format!(
        "{{spinner}} {{pos}} reports {what} ({{per_sec}}, {{elapsed}})"
    ))?);
    Ok(bar)
}

/// Runs a `search` subcommand.
pub async fn run(command: SearchCommand, settings: &Settings) -> anyhow::Result<ExitCode> {
    let (store, ring) = open_store_keyed(settings, true).await?;
    let now = aduan_domain::TimeSource::now(&crate::serve::SystemTimeSource);
    let calendar = crate::holidays::load(store.as_ref(), now).await?;
    let backend = store.backend();
    let state = app_state(settings, store, calendar, &ring)?;
    let started = Instant::now();
    match command {
        SearchCommand::Rebuild => {
            let bar = bar("indexed")?;
            let done = rebuild(&state, &|n| bar.set_position(n)).await?;
            bar.finish_and_clear();
            println!(
                "indexed {done} reports on {backend} in {:.1} s (analyser {})",
                started.elapsed().as_secs_f64(),
                ANALYSER_VERSION
            );
            Ok(ExitCode::SUCCESS)
        }
        SearchCommand::Verify => {
            let bar = bar("checked")?;
            let totals = verify(&state, &|n| bar.set_position(n)).await?;
            bar.finish_and_clear();
            println!(
                "checked {} reports on {backend} in {:.1} s: {} without an entry, {} stale",
                totals.reports,
                started.elapsed().as_secs_f64(),
                totals.missing,
                totals.stale
            );
            if totals.sound() {
                println!("the search index matches every report");
                Ok(ExitCode::SUCCESS)
            } else {
                println!("the search index differs from the reports: run `aduan search rebuild`");
                Ok(ExitCode::FAILURE)
            }
        }
    }
}

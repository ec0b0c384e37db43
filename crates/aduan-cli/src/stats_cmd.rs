//! `aduan stats`: the figures' running counts, rebuilt from the clocks or checked against them.

use crate::backend::open_store_keyed;
use crate::serve::app_state;
use crate::settings::Settings;
use aduan_app::stats::{SlaQuery, sla, sla_recounted};
use anyhow::Context;
use clap::Subcommand;
use std::process::ExitCode;
use std::time::Instant;

/// What to do with the running counts.
#[derive(Debug, Subcommand)]
pub enum StatsCommand {
    /// Recount every stopped time limit from the clocks on the stored calendar, and every report
    /// by topic, region, channel and kind (with each agency's dispatches, reroutes and ratings),
    /// replacing the running counts (writers of counts wait meanwhile; `serve` does it by itself
    /// when needed).
    Rebuild,
    /// Recount the figures from every clock and compare them with the running counts (for the
    /// nation and all time unless narrowed); exit 1 when they differ.
    Verify {
        /// Only this agency (slug), or `national_admin`.
        #[arg(long)]
        agency: Option<String>,
        /// Only this unit.
        #[arg(long)]
        unit: Option<String>,
        /// Phases started on or after this day (YYYY-MM-DD, WIB).
        #[arg(long)]
        from: Option<chrono::NaiveDate>,
        /// Phases started before this day (YYYY-MM-DD, WIB).
        #[arg(long)]
        until: Option<chrono::NaiveDate>,
    },
}

/// Runs a `stats` subcommand.
pub async fn run(command: StatsCommand, settings: &Settings) -> anyhow::Result<ExitCode> {
    let (store, ring) = open_store_keyed(settings, true).await?;
    let now = aduan_domain::TimeSource::now(&crate::serve::SystemTimeSource);
    let calendar = crate::holidays::load(store.as_ref(), now).await?;
    let state = app_state(settings, store, calendar, &ring)?;
    let started = Instant::now();
    match command {
        StatsCommand::Rebuild => {
            let cal = state.calendar();
            let clocks = state
                .store
                .rebuild_tally(&cal)
                .await
                .context("rebuilding the running counts")?;
            let reports = state
                .store
                .rebuild_volumes()
                .await
                .context("recounting the reports")?;
            println!(
                "recounted {clocks} stopped time limits and {reports} reports in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        StatsCommand::Verify {
            agency,
            unit,
            from,
            until,
        } => {
            let query = SlaQuery {
                agency,
                unit,
                from,
                until,
            };
            let kept = sla(&state, query.clone()).await?;
            let kept_in = started.elapsed();
            let recounted = sla_recounted(&state, query).await?;
            println!(
                "running counts: {} rows in {:.3} s; recount from the clocks: {:.1} s",
                kept.figures.len(),
                kept_in.as_secs_f64(),
                (started.elapsed() - kept_in).as_secs_f64()
            );
            if kept.figures == recounted.figures {
                println!("the running counts equal the recount");
                Ok(ExitCode::SUCCESS)
            } else {
                for (a, b) in kept.figures.iter().zip(&recounted.figures) {
                    if a != b {
                        println!("differs: kept {a:?}\n      recounted {b:?}");
                    }
                }
                println!(
                    "the running counts differ from the recount ({} and {} rows): run `aduan stats rebuild`",
                    kept.figures.len(),
                    recounted.figures.len()
                );
                Ok(ExitCode::FAILURE)
            }
        }
    }
}

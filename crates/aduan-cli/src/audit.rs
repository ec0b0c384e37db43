//! `aduan audit verify`.

use crate::backend::open_store;
use crate::settings::Settings;
use aduan_store::verify_history;
use indicatif::{ProgressBar, ProgressStyle};
use std::process::ExitCode;

/// Verifies every chain; exits 1 and names each damaged chain when any is found.
pub async fn verify(settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = open_store(settings, false).await?;
    let bar = ProgressBar::new_spinner();
    bar.set_style(ProgressStyle::with_template(
        "{spinner} {pos} reports verified ({per_sec})",
    )?);
    let report = verify_history(store.as_ref(), |done| bar.set_position(done)).await?;
    bar.finish_and_clear();
    println!(
        "checked {} reports, {} events and {} audit entries on {}",
        report.reports,
        report.events,
        report.audit_entries,
        store.backend()
    );
    if report.is_intact() {
        println!("history intact");
        return Ok(ExitCode::SUCCESS);
    }
    for p in &report.problems {
        println!("DAMAGED {}: {}", p.subject, p.error);
    }
    println!("{} damaged chain(s)", report.problems.len());
    Ok(ExitCode::from(1))
}

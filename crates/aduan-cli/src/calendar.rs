//! `aduan calendar …`: list, add and remove the national holidays and cuti bersama that
//! deadlines skip. Edits are audited with actor `cli` and move open deadlines at once, as the
//! API's do; a running service picks the new calendar up within `calendar_reload_seconds`.

use crate::backend::open_store_keyed;
use crate::serve::{SystemTimeSource, app_state};
use crate::settings::Settings;
use aduan_domain::TimeSource;
use aduan_domain::workdays::Zone;
use aduan_store::{Holiday, HolidayKind, Keyring, NewHoliday, SharedCalendar, Store, StoreError};
use anyhow::Context;
use chrono::{Datelike, NaiveDate};
use clap::Subcommand;
use std::process::ExitCode;
use std::sync::Arc;

/// The audit actor of changes made from the command line.
const ACTOR: &str = "cli";

/// `aduan calendar …`.
#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// List the non-working dates of a year (besides weekends).
    List {
        /// The year (default: the current year in WIB).
        #[arg(long)]
        year: Option<i32>,
    },
    /// Add a non-working date; recorded as `calendar.add` by `cli`, open deadlines move.
    Add {
        /// The date, YYYY-MM-DD.
        date: NaiveDate,
        /// Its name, e.g. "Idulfitri 1447 H".
        name: String,
        /// libur_nasional, cuti_bersama or other.
        #[arg(long, default_value = "libur_nasional")]
        kind: HolidayKind,
        /// The decree or publication it comes from.
        #[arg(long)]
        source: Option<String>,
    },
    /// Remove a date; recorded as `calendar.remove` by `cli`, open deadlines move.
    Remove {
        /// The date, YYYY-MM-DD.
        date: NaiveDate,
    },
}

fn line(h: &Holiday) -> String {
    format!(
        "{}  {}  {:<14} {}",
        h.date,
        h.date.format("%a"),
        h.kind.as_str(),
        h.name
    )
}

/// Moves every open deadline the edit changed, as the running service would.
async fn calendar_changed(
    settings: &Settings,
    store: Arc<dyn Store>,
    ring: &Keyring,
) -> anyhow::Result<u64> {
    let calendar = store.work_calendar().await?;
    let state = app_state(settings, store, SharedCalendar::new(calendar), ring)?;
    aduan_app::deadlines::calendar_changed(&state)
        .await
        .map_err(anyhow::Error::new)
        .context("moving open deadlines")
}

/// Runs a `calendar` subcommand. Each first loads the shipped calendar into a database that
/// never had one, as `serve` does.
pub async fn run(command: CalendarCommand, settings: &Settings) -> anyhow::Result<ExitCode> {
    let (store, ring) = open_store_keyed(settings, true).await?;
    let now = SystemTimeSource.now();
    crate::holidays::seed(store.as_ref(), now).await?;
    match command {
        CalendarCommand::List { year } => {
            let year = year.unwrap_or_else(|| Zone::Wib.local_date(now).year());
            let holidays = store.list_holidays_in_year(year).await?;
            for h in &holidays {
                println!("{}", line(h));
            }
            if holidays.is_empty() {
                println!("no holidays listed for {year}: deadlines count weekends only");
            } else {
                println!("{} non-working dates in {year}", holidays.len());
            }
        }
        CalendarCommand::Add {
            date,
            name,
            kind,
            source,
        } => {
            let name = name.trim().to_owned();
            if name.is_empty() {
                anyhow::bail!("the name must not be blank");
            }
            let entry = NewHoliday {
                date,
                name,
                kind,
                source: source
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty()),
            };
            let added = match store.add_holiday(&entry, ACTOR, now).await {
                Ok(h) => h,
                Err(StoreError::Conflict { .. }) => {
                    eprintln!("{date} is already in the calendar; nothing was changed");
                    return Ok(ExitCode::from(1));
                }
                Err(e) => return Err(e).context("adding the date"),
            };
            println!("added {}", line(&added));
            let moved = calendar_changed(settings, store, &ring).await?;
            println!("open deadlines moved on {moved} reports");
        }
        CalendarCommand::Remove { date } => {
            let removed = match store.remove_holiday(date, ACTOR, now).await {
                Ok(h) => h,
                Err(StoreError::NotFound) => {
                    eprintln!("{date} is not in the calendar; nothing was changed");
                    return Ok(ExitCode::from(1));
                }
                Err(e) => return Err(e).context("removing the date"),
            };
            println!("removed {}", line(&removed));
            let moved = calendar_changed(settings, store, &ring).await?;
            println!("open deadlines moved on {moved} reports");
        }
    }
    Ok(ExitCode::SUCCESS)
}

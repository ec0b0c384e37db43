//! The working-day calendar of a running Aduan: the national holidays and cuti bersama shipped
//! in data/holidays.csv, seeded into an empty database on first start, loaded from the store,
//! and kept fresh while serving so that an edit made by the CLI or another instance is felt.

use aduan_app::AppState;
use aduan_domain::workdays::WorkCalendar;
use aduan_store::{HolidayKind, NewHoliday, SharedCalendar, Store};
use anyhow::Context;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Deserialize;
use std::time::Duration;

/// The holidays file, embedded so the binary works from any directory.
const HOLIDAYS: &str = include_str!("../../../data/holidays.csv");

/// The audit actor of the first load of the shipped calendar.
const SEED_ACTOR: &str = "system";

/// One line of data/holidays.csv.
#[derive(Debug, Deserialize)]
struct Row {
    date: NaiveDate,
    name: String,
    #[serde(rename = "type")]
    kind: String,
    decree: String,
    source: String,
}

/// The shipped holidays, each with its provenance: the decree, then where it was published.
pub fn shipped_holidays() -> anyhow::Result<Vec<NewHoliday>> {
    let mut reader = csv::Reader::from_reader(HOLIDAYS.as_bytes());
    let mut out = Vec::new();
    for (i, row) in reader.deserialize::<Row>().enumerate() {
        let line = i + 2;
        let row = row.with_context(|| format!("data/holidays.csv line {line}"))?;
        let kind = HolidayKind::parse(&row.kind)
            .with_context(|| format!("data/holidays.csv line {line}: type {:?}", row.kind))?;
        let source = [row.decree.trim(), row.source.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" — ");
        out.push(NewHoliday {
            date: row.date,
            name: row.name.trim().to_owned(),
            kind,
            source: (!source.is_empty()).then_some(source),
        });
    }
    Ok(out)
}

/// The years among `now`'s and the next that list no non-working date.
pub fn missing_years(calendar: &WorkCalendar, now: DateTime<Utc>) -> Vec<i32> {
    let year = now.year();
    [year, year + 1]
        .into_iter()
        .filter(|y| !calendar.covers_year(*y))
        .collect()
}

/// Logs a warning for the current or next year without calendar data.
pub fn warn_missing_years(calendar: &WorkCalendar, now: DateTime<Utc>) {
    for year in missing_years(calendar, now) {
        tracing::warn!(
            year,
            "calendar_missing_year: no holidays listed for {year}; deadlines count weekends \
             only until they are added (aduan calendar add, or POST /api/v1/calendar)"
        );
    }
}

/// Seeds the shipped calendar into a calendar that was never loaded nor edited.
pub async fn seed(store: &dyn Store, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let added = store
        .seed_holidays_if_empty(&shipped_holidays()?, SEED_ACTOR, now)
        .await
        .context("loading the shipped holiday calendar")?;
    if added > 0 {
        tracing::info!(holidays = added, "loaded the shipped holiday calendar");
    }
    Ok(added)
}

/// Seeds the calendar if needed, loads it from the store and warns about missing years.
pub async fn load(store: &dyn Store, now: DateTime<Utc>) -> anyhow::Result<SharedCalendar> {
    seed(store, now).await?;
    let calendar = store
        .work_calendar()
        .await
        .context("reading the holiday calendar")?;
    warn_missing_years(&calendar, now);
    Ok(SharedCalendar::new(calendar))
}

/// Re-reads the stored calendar every `seconds` (0: never) and swaps it in when an edit made
/// elsewhere (the CLI, another instance) changed it; then moves any open deadline that still
/// disagrees with it (a clock this instance started on the old calendar since the edit). The
/// editor already moved the others, so this usually finds nothing to do.
pub fn spawn_reload(state: AppState, seconds: u64) {
    if seconds == 0 {
        return;
    }
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(seconds));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await; // the first tick is immediate; the calendar was just loaded
        loop {
            tick.tick().await;
            match state.calendar.reload(state.store.as_ref()).await {
                Ok(true) => {
                    tracing::info!("the holiday calendar changed; using the new one");
                    warn_missing_years(&state.calendar(), state.clock.now());
                    match aduan_app::deadlines::calendar_changed(&state).await {
                        Ok(0) => {}
                        Ok(moved) => tracing::info!(reports = moved, "open deadlines moved"),
                        Err(e) => tracing::warn!(error = %e, "could not move open deadlines"),
                    }
                }
                Ok(false) => {}
                Err(e) => tracing::warn!(error = %e, "could not re-read the holiday calendar"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_shipped_calendar_knows_christmas_and_idul_fitri_2026_with_their_decree() {
        let holidays = shipped_holidays().unwrap();
        assert_eq!(holidays.len(), 108);
        let cal = WorkCalendar::new(holidays.iter().map(|h| h.date));
        assert!(!cal.is_working_day(day(2026, 12, 25)));
        assert!(!cal.is_working_day(day(2026, 3, 20)));
        assert!(cal.is_working_day(day(2026, 3, 2)));
        for year in 2024..=2027 {
            assert!(cal.covers_year(year), "{year}");
        }
        let cuti = holidays
            .iter()
            .find(|h| h.date == day(2026, 3, 23))
            .unwrap();
        assert_eq!(cuti.kind, HolidayKind::CutiBersama);
        assert_eq!(cuti.name, "Idulfitri 1447 H");
        let source = cuti.source.as_deref().unwrap();
        assert!(source.starts_with("SKB Nomor 1497 Tahun 2025"), "{source}");
        assert!(
            source.ends_with("libur_nasional_dan_cuti_bersama_2026"),
            "{source}"
        );
    }

    #[test]
    fn a_year_without_any_listed_date_is_reported_missing() {
        let cal = WorkCalendar::new([day(2026, 3, 20)]);
        let now = |y| Utc.with_ymd_and_hms(y, 6, 1, 0, 0, 0).unwrap();
        assert_eq!(missing_years(&cal, now(2026)), [2027]);
        assert_eq!(missing_years(&cal, now(2025)), [2025]);
        assert_eq!(missing_years(&cal, now(2030)), [2030, 2031]);
    }
}

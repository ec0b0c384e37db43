//! The working-day calendar as data: national holidays and cuti bersama kept in the database,
//! editable by the national admin, every edit audited; and [`SharedCalendar`], the in-memory
//! copy that a running service swaps after an edit.

use crate::StoreResult;
use aduan_domain::workdays::WorkCalendar;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, PoisonError, RwLock};

/// The audit action of a holiday added to the calendar.
pub const AUDIT_CALENDAR_ADD: &str = "calendar.add";
/// The audit action of a holiday removed from the calendar.
pub const AUDIT_CALENDAR_REMOVE: &str = "calendar.remove";
/// The audit action of the first load of the shipped calendar.
pub const AUDIT_CALENDAR_SEED: &str = "calendar.seed";

/// What kind of day off a listed date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayKind {
    /// Libur nasional: a national holiday fixed by the SKB 3 Menteri.
    LiburNasional,
    /// Cuti bersama: collective leave for civil servants, set by the same decree.
    CutiBersama,
    /// Any other non-working day a deployment lists (a regional or ad-hoc day off).
    Other,
}

impl HolidayKind {
    /// Every kind, in the order the decree names them.
    pub const ALL: [HolidayKind; 3] = [Self::LiburNasional, Self::CutiBersama, Self::Other];

    /// The stored code: `libur_nasional`, `cuti_bersama` or `other`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::LiburNasional => "libur_nasional",
            Self::CutiBersama => "cuti_bersama",
            Self::Other => "other",
        }
    }

    /// The kind with this code, if any.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == code)
    }
}

impl fmt::Display for HolidayKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for HolidayKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or_else(|| {
            format!("{s:?} is not a holiday kind (libur_nasional, cuti_bersama or other)")
        })
    }
}

/// A non-working date to add to the calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHoliday {
    /// The date (weekends may be listed; they are non-working anyway).
    pub date: NaiveDate,
    /// Its name, e.g. `Idulfitri 1447 H`; never blank.
    pub name: String,
    /// Libur nasional, cuti bersama or other.
    pub kind: HolidayKind,
    /// Where it comes from (the decree, a URL), when known.
    pub source: Option<String>,
}

/// A listed non-working date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    /// The date.
    pub date: NaiveDate,
    /// Its name.
    pub name: String,
    /// Libur nasional, cuti bersama or other.
    pub kind: HolidayKind,
    /// Where it comes from, when known.
    pub source: Option<String>,
    /// When it was added.
    pub created_at: DateTime<Utc>,
}

/// The first and last day of `year`, if chrono can represent them.
pub fn year_span(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(year, 1, 1)?,
        NaiveDate::from_ymd_opt(year, 12, 31)?,
    ))
}

/// The editable working-day calendar, kept by every backend.
///
/// Each edit is written with its audit entry (`calendar.add`, `calendar.remove`) in one
/// transaction. Recomputing open deadlines after an edit is the caller's job.
#[async_trait]
pub trait CalendarStore: Send + Sync {
    /// The listed dates `d` with `first <= d <= last`, by date.
    async fn list_holidays(&self, first: NaiveDate, last: NaiveDate) -> StoreResult<Vec<Holiday>>;

    /// The listed dates of `year`, by date.
    async fn list_holidays_in_year(&self, year: i32) -> StoreResult<Vec<Holiday>> {
        match year_span(year) {
            Some((first, last)) => self.list_holidays(first, last).await,
            None => Ok(Vec::new()),
        }
    }

    /// Adds a date and records `calendar.add`, atomically. A date already listed gives
    /// [`crate::StoreError::Conflict`] and records nothing.
    async fn add_holiday(
        &self,
        holiday: &NewHoliday,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Holiday>;

    /// Removes a date and records `calendar.remove`, atomically; returns what was removed. A
    /// date not listed gives [`crate::StoreError::NotFound`] and records nothing.
    async fn remove_holiday(
        &self,
        date: NaiveDate,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Holiday>;

    /// Loads `entries` (the shipped calendar) into a calendar that was never loaded nor
    /// edited, and records `calendar.seed`; returns how many were added. Does nothing, and
    /// returns 0, when any date is listed or any calendar edit was ever recorded, so that it
    /// is safe on every start and never brings back dates an admin removed. Concurrent
    /// callers seed once.
    async fn seed_holidays_if_empty(
        &self,
        entries: &[NewHoliday],
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<u64>;

    /// The whole calendar, for working-day arithmetic.
    async fn work_calendar(&self) -> StoreResult<WorkCalendar>;
}

/// The calendar a running service counts with, shared by every request and swapped whole
/// after an edit (or a reload that finds one made elsewhere). Cheap to clone; readers never
/// wait for a reload.
#[derive(Debug, Clone, Default)]
pub struct SharedCalendar(Arc<RwLock<Arc<WorkCalendar>>>);

impl SharedCalendar {
    /// A handle holding `calendar`.
    pub fn new(calendar: WorkCalendar) -> Self {
        Self(Arc::new(RwLock::new(Arc::new(calendar))))
    }

    /// The calendar in force now; an edit made later does not change what this returns.
    pub fn get(&self) -> Arc<WorkCalendar> {
        self.0
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Puts `calendar` in force; returns whether it differs from the one it replaces.
    pub fn replace(&self, calendar: WorkCalendar) -> bool {
        let mut current = self.0.write().unwrap_or_else(PoisonError::into_inner);
        if **current == calendar {
            return false;
        }
        *current = Arc::new(calendar);
        true
    }

    /// Reads the stored calendar and puts it in force; returns whether it changed.
    pub async fn reload<S: CalendarStore + ?Sized>(&self, store: &S) -> StoreResult<bool> {
        let calendar = store.work_calendar().await?;
        Ok(self.replace(calendar))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn holiday_kinds_round_trip_through_their_codes() {
        for kind in HolidayKind::ALL {
            assert_eq!(kind.as_str().parse::<HolidayKind>(), Ok(kind));
            assert_eq!(
                serde_json::to_value(kind).ok(),
                Some(serde_json::Value::String(kind.to_string()))
            );
        }
        assert!("libur".parse::<HolidayKind>().is_err());
    }

    #[test]
    fn a_handle_taken_before_an_edit_keeps_the_old_calendar_and_new_reads_see_the_edit() {
        let shared = SharedCalendar::new(WorkCalendar::new([day(3, 20)]));
        let before = shared.get();
        assert!(
            !shared.replace(WorkCalendar::new([day(3, 20)])),
            "same dates"
        );
        assert!(shared.replace(WorkCalendar::new([day(3, 20), day(3, 25)])));
        assert!(before.is_working_day(day(3, 25)));
        assert!(!shared.get().is_working_day(day(3, 25)));
        let clone = shared.clone();
        assert!(clone.replace(WorkCalendar::default()));
        assert!(
            shared.get().is_working_day(day(3, 20)),
            "clones share one calendar"
        );
    }

    #[test]
    fn a_year_span_runs_from_new_year_to_new_years_eve() {
        assert_eq!(year_span(2026), Some((day(1, 1), day(12, 31))));
        assert_eq!(year_span(i32::MAX), None);
    }
}

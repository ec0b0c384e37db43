//! The working-day calendar on SQLite; each edit is written with its audit entry in one
//! transaction that holds the write lock.

use crate::SqliteStore;
use aduan_domain::workdays::WorkCalendar;
use aduan_store::{CalendarStore, Holiday, NewHoliday, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

#[async_trait]
impl CalendarStore for SqliteStore {
    async fn list_holidays(&self, first: NaiveDate, last: NaiveDate) -> StoreResult<Vec<Holiday>> {
        self.sql.list_holidays(first, last).await
    }

    async fn add_holiday(
        &self,
        holiday: &NewHoliday,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Holiday> {
        self.sql.add_holiday(holiday, actor, at).await
    }

    async fn remove_holiday(
        &self,
        date: NaiveDate,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Holiday> {
        self.sql.remove_holiday(date, actor, at).await
    }

    async fn seed_holidays_if_empty(
        &self,
        entries: &[NewHoliday],
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<u64> {
        self.sql.seed_holidays_if_empty(entries, actor, at).await
    }

    async fn work_calendar(&self) -> StoreResult<WorkCalendar> {
        self.sql.work_calendar().await
    }
}

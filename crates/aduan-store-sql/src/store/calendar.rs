//! The working-day calendar; each edit is written with its audit entry in one write
//! transaction.

use crate::store::{db_err, sql_impl};
use crate::{
    ALL_HOLIDAY_DATES, CALENDAR_LOADED, DELETE_HOLIDAY, HolidayRow, INSERT_HOLIDAY, LIST_HOLIDAYS,
    Stmt, holiday_payload, holiday_subject, other,
};
use aduan_domain::workdays::WorkCalendar;
use aduan_store::{
    AUDIT_CALENDAR_ADD, AUDIT_CALENDAR_REMOVE, AUDIT_CALENDAR_SEED, CalendarStore, Holiday,
    NewHoliday, StoreError, StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use sqlx::Transaction;

/// Makes a second instance seeding at the same time wait, then find it done, where a write
/// transaction does not lock the database (the lock conflicts with itself; readers are not
/// blocked).
static LOCK_HOLIDAYS: Stmt = Stmt::new("LOCK TABLE holidays IN SHARE ROW EXCLUSIVE MODE");

sql_impl! {
impl SqlStore {
    async fn insert_holiday_in(
        tx: &mut Transaction<'static, D::DB>,
        h: &NewHoliday,
        at: DateTime<Utc>,
    ) -> StoreResult<Holiday> {
        let row: HolidayRow = sqlx::query_as(INSERT_HOLIDAY.sql::<D>())
            .bind(h.date)
            .bind(&h.name)
            .bind(h.kind.as_str())
            .bind(h.source.as_deref())
            .bind(D::ts(at))
            .fetch_one(&mut **tx)
            .await
            .map_err(db_err)?;
        row.into_holiday()
    }
}
}

sql_impl! {
#[async_trait]
impl CalendarStore for SqlStore {
    async fn list_holidays(&self, first: NaiveDate, last: NaiveDate) -> StoreResult<Vec<Holiday>> {
        let rows: Vec<HolidayRow> = sqlx::query_as(LIST_HOLIDAYS.sql::<D>())
            .bind(first)
            .bind(last)
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(HolidayRow::into_holiday).collect()
    }

    async fn add_holiday(
        &self,
        holiday: &NewHoliday,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Holiday> {
        let mut tx = self.write_tx().await?;
        let added = Self::insert_holiday_in(&mut tx, holiday, at).await?;
        let subject = holiday_subject(added.date);
        let payload = holiday_payload(&added);
        Self::append_audit_in(&mut tx, actor, at, AUDIT_CALENDAR_ADD, &subject, payload).await?;
        Self::bump_reference_in(&mut tx, &["calendar"]).await?;
        tx.commit().await.map_err(other)?;
        Ok(added)
    }

    async fn remove_holiday(
        &self,
        date: NaiveDate,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Holiday> {
        let mut tx = self.write_tx().await?;
        let row: Option<HolidayRow> = sqlx::query_as(DELETE_HOLIDAY.sql::<D>())
            .bind(date)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let removed = row.ok_or(StoreError::NotFound)?.into_holiday()?;
        let subject = holiday_subject(date);
        let payload = holiday_payload(&removed);
        Self::append_audit_in(&mut tx, actor, at, AUDIT_CALENDAR_REMOVE, &subject, payload).await?;
        Self::bump_reference_in(&mut tx, &["calendar"]).await?;
        tx.commit().await.map_err(other)?;
        Ok(removed)
    }

    async fn seed_holidays_if_empty(
        &self,
        entries: &[NewHoliday],
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<u64> {
        if entries.is_empty() {
            return Ok(0);
        }
        // A second instance seeding at the same time waits, then finds it done.
        let mut tx = self.write_tx().await?;
        if D::LOCKS_ROWS {
            sqlx::query(LOCK_HOLIDAYS.sql::<D>())
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        let (loaded,): (bool,) = sqlx::query_as(CALENDAR_LOADED.sql::<D>())
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        if loaded {
            return Ok(0);
        }
        for entry in entries {
            Self::insert_holiday_in(&mut tx, entry, at).await?;
        }
        let count = u64::try_from(entries.len()).unwrap_or(u64::MAX);
        let payload = json!({
            "entries": count,
            "first": entries.iter().map(|e| e.date).min().map(|d| d.to_string()),
            "last": entries.iter().map(|e| e.date).max().map(|d| d.to_string()),
        });
        Self::append_audit_in(&mut tx, actor, at, AUDIT_CALENDAR_SEED, "calendar", payload).await?;
        Self::bump_reference_in(&mut tx, &["calendar"]).await?;
        tx.commit().await.map_err(other)?;
        Ok(count)
    }

    async fn work_calendar(&self) -> StoreResult<WorkCalendar> {
        let rows: Vec<(NaiveDate,)> = sqlx::query_as(ALL_HOLIDAY_DATES.sql::<D>())
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        Ok(WorkCalendar::new(rows.into_iter().map(|(d,)| d)))
    }
}
}

//! The working-day calendar on PostgreSQL; each edit is written with its audit entry in one
//! transaction (the audit chain's head row orders concurrent writers).

use crate::{PgStore, Sql, db_err};
use aduan_domain::workdays::WorkCalendar;
use aduan_store::{
    AUDIT_CALENDAR_ADD, AUDIT_CALENDAR_REMOVE, AUDIT_CALENDAR_SEED, CalendarStore, Holiday,
    NewHoliday, StoreError, StoreResult,
};
use aduan_store_sql::{
    ALL_HOLIDAY_DATES, CALENDAR_LOADED, DELETE_HOLIDAY, HolidayRow, INSERT_HOLIDAY, LIST_HOLIDAYS,
    holiday_payload, holiday_subject, numbered, other,
};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use sqlx::{Postgres, Transaction};
use std::sync::LazyLock;

static INSERT: LazyLock<String> = LazyLock::new(|| numbered(INSERT_HOLIDAY));
static DELETE: LazyLock<String> = LazyLock::new(|| numbered(DELETE_HOLIDAY));
static LIST: LazyLock<String> = LazyLock::new(|| numbered(LIST_HOLIDAYS));

async fn insert(
    tx: &mut Transaction<'static, Postgres>,
    h: &NewHoliday,
    at: DateTime<Utc>,
) -> StoreResult<Holiday> {
    let row: HolidayRow = sqlx::query_as(INSERT.as_str())
        .bind(h.date)
        .bind(&h.name)
        .bind(h.kind.as_str())
        .bind(h.source.as_deref())
        .bind(at)
        .fetch_one(&mut **tx)
        .await
        .map_err(db_err)?;
    row.into_holiday()
}

#[async_trait]
impl CalendarStore for PgStore {
    async fn list_holidays(&self, first: NaiveDate, last: NaiveDate) -> StoreResult<Vec<Holiday>> {
        let rows: Vec<HolidayRow> = sqlx::query_as(LIST.as_str())
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
        let added = insert(&mut tx, holiday, at).await?;
        let subject = holiday_subject(added.date);
        let payload = holiday_payload(&added);
        Sql::append_audit_in(&mut tx, actor, at, AUDIT_CALENDAR_ADD, &subject, payload).await?;
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
        let row: Option<HolidayRow> = sqlx::query_as(DELETE.as_str())
            .bind(date)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let removed = row.ok_or(StoreError::NotFound)?.into_holiday()?;
        let subject = holiday_subject(date);
        let payload = holiday_payload(&removed);
        Sql::append_audit_in(&mut tx, actor, at, AUDIT_CALENDAR_REMOVE, &subject, payload).await?;
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
        // The lock conflicts with itself: a second instance seeding at the same time waits,
        // then finds it done. Readers are not blocked.
        let mut tx = self.write_tx().await?;
        sqlx::query("LOCK TABLE holidays IN SHARE ROW EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let (loaded,): (bool,) = sqlx::query_as(CALENDAR_LOADED)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        if loaded {
            return Ok(0);
        }
        for entry in entries {
            insert(&mut tx, entry, at).await?;
        }
        let count = u64::try_from(entries.len()).unwrap_or(u64::MAX);
        let payload = json!({
            "entries": count,
            "first": entries.iter().map(|e| e.date).min().map(|d| d.to_string()),
            "last": entries.iter().map(|e| e.date).max().map(|d| d.to_string()),
        });
        Sql::append_audit_in(&mut tx, actor, at, AUDIT_CALENDAR_SEED, "calendar", payload).await?;
        tx.commit().await.map_err(other)?;
        Ok(count)
    }

    async fn work_calendar(&self) -> StoreResult<WorkCalendar> {
        let rows: Vec<(NaiveDate,)> = sqlx::query_as(ALL_HOLIDAY_DATES)
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        Ok(WorkCalendar::new(rows.into_iter().map(|(d,)| d)))
    }
}

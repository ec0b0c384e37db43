//! Rows of `holidays` (the working-day calendar) and the SQL both backends share (written
//! with `?`; PostgreSQL numbers it).

use crate::Stmt;
use crate::rows::parse;
use aduan_store::{Holiday, HolidayKind, StoreError};
use chrono::{DateTime, NaiveDate, Utc};

/// The columns of `holidays`, in the order [`HolidayRow`] reads them.
pub const HOLIDAY_COLUMNS: &str = "date, name, kind, source, created_at";

/// Inserts a holiday and returns it; binds date, name, kind, source and created_at.
pub static INSERT_HOLIDAY: Stmt = Stmt::new(
    "INSERT INTO holidays (date, name, kind, source, created_at) \
    VALUES (?, ?, ?, ?, ?) RETURNING date, name, kind, source, created_at",
);

/// Deletes a holiday and returns it; binds the date.
pub static DELETE_HOLIDAY: Stmt =
    Stmt::new("DELETE FROM holidays WHERE date = ? RETURNING date, name, kind, source, created_at");

/// The holidays of a span of dates, inclusive, by date; binds the first and the last date.
pub static LIST_HOLIDAYS: Stmt = Stmt::new(
    "SELECT date, name, kind, source, created_at FROM holidays \
    WHERE date >= ? AND date <= ? ORDER BY date",
);

/// Every listed date.
pub static ALL_HOLIDAY_DATES: Stmt = Stmt::new("SELECT date FROM holidays ORDER BY date");

/// Whether the calendar needs no seed: a date is listed, or the audit log records that it was
/// seeded or edited before (an admin may have removed every date on purpose).
pub static CALENDAR_LOADED: Stmt = Stmt::new(
    "SELECT EXISTS (SELECT 1 FROM audit_log \
    WHERE action IN ('calendar.seed', 'calendar.add', 'calendar.remove')) \
    OR EXISTS (SELECT 1 FROM holidays)",
);

/// A row of `holidays`.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct HolidayRow {
    pub date: NaiveDate,
    pub name: String,
    pub kind: String,
    pub source: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl HolidayRow {
    /// The calendar entry.
    pub fn into_holiday(self) -> Result<Holiday, StoreError> {
        Ok(Holiday {
            date: self.date,
            kind: parse(&self.kind, HolidayKind::parse, "holiday kind")?,
            name: self.name,
            source: self.source,
            created_at: self.created_at,
        })
    }
}

/// The audit payload of an added or removed holiday.
pub fn holiday_payload(h: &Holiday) -> serde_json::Value {
    serde_json::json!({
        "date": h.date.to_string(),
        "name": h.name,
        "kind": h.kind.as_str(),
        "source": h.source,
    })
}

/// The audit subject of an edit of `date`: `calendar:2026-03-20`.
pub fn holiday_subject(date: NaiveDate) -> String {
    format!("calendar:{date}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_statement_that_returns_rows_reads_the_columns_in_row_order() {
        for stmt in [&INSERT_HOLIDAY, &DELETE_HOLIDAY, &LIST_HOLIDAYS] {
            let sql = stmt.text();
            let squashed: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(squashed.contains(HOLIDAY_COLUMNS), "{sql}");
        }
    }
}

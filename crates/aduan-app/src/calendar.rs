//! The working-day calendar: anyone reads it; the national admin adds and removes dates, each
//! edit audited, swapped into the running service at once and followed by the recomputation
//! of every open deadline.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use aduan_domain::actor::StaffRole;
use aduan_domain::workdays::Zone;
use aduan_store::{Holiday, HolidayKind, NewHoliday, StoreError, User};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Longest holiday name accepted, in characters.
const MAX_NAME_CHARS: usize = 200;
/// Longest source accepted, in characters.
const MAX_SOURCE_CHARS: usize = 500;

/// Which year to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CalendarQuery {
    /// The year (default: the current year in WIB).
    #[param(minimum = 1900, maximum = 9999)]
    pub year: Option<i32>,
}

/// `POST /calendar` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCalendarDay {
    /// The date, `YYYY-MM-DD`, from 1900 to 9999.
    #[schema(value_type = String, format = Date,
        pattern = r"^(19|[2-9][0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
    pub date: NaiveDate,
    /// Its name, e.g. `Idulfitri 1447 H` (1 to 200 characters, not only spaces).
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub name: String,
    /// `libur_nasional`, `cuti_bersama` or `other`.
    #[schema(schema_with = kind_of_day)]
    pub kind: HolidayKind,
    /// The decree or publication it comes from (at most 500 characters).
    #[schema(max_length = 500)]
    pub source: Option<String>,
}

/// The kinds of non-working day in the API document (the value is read as a [`HolidayKind`]).
fn kind_of_day() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(["libur_nasional", "cuti_bersama", "other"]))
        .description(Some("`libur_nasional`, `cuti_bersama` or `other`."))
        .build()
}

/// A calendar edit: the date added or removed, and how many reports' deadlines moved.
#[derive(Debug, Serialize)]
pub struct CalendarEdit {
    /// The date added or removed.
    #[serde(flatten)]
    pub holiday: Holiday,
    /// Reports whose open deadlines moved (each has a `deadline_moved` event).
    pub reports_moved: u64,
}

fn national_admin(caller: &Caller) -> AppResult<&User> {
    let user = caller.require_user()?;
    if user.staff_role() != Some(StaffRole::NationalAdmin) {
        return Err(AppError::Forbidden);
    }
    Ok(user)
}

/// Puts the stored calendar in force and moves every open deadline it changes.
pub async fn calendar_changed(state: &AppState) -> AppResult<u64> {
    state.calendar.reload(state.store.as_ref()).await?;
    crate::deadlines::calendar_changed(state).await
}

fn trimmed(field: &str, text: &str, max: usize) -> AppResult<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::field(field, "required"));
    }
    if text.chars().count() > max {
        return Err(AppError::field(field, "too_long"));
    }
    Ok(text.to_owned())
}

/// The national holidays and cuti bersama of a year, by date; the year comes whole.
pub async fn year(state: &AppState, q: &CalendarQuery) -> AppResult<Vec<Holiday>> {
    let year = q
        .year
        .unwrap_or_else(|| Zone::Wib.local_date(state.clock.now()).year());
    if !(1900..=9999).contains(&year) {
        return Err(AppError::field("year", "out_of_range"));
    }
    Ok(state.store.list_holidays_in_year(year).await?)
}

/// Add a non-working date (national admin); audited as `calendar.add`, and every open
/// deadline it moves gets a `deadline_moved` event.
pub async fn add(
    state: &AppState,
    caller: &Caller,
    req: NewCalendarDay,
) -> AppResult<CalendarEdit> {
    let user = national_admin(caller)?;
    if !(1900..=9999).contains(&req.date.year()) {
        return Err(AppError::field("date", "out_of_range"));
    }
    let entry = NewHoliday {
        date: req.date,
        name: trimmed("name", &req.name, MAX_NAME_CHARS)?,
        kind: req.kind,
        source: match req.source.as_deref() {
            Some(s) if !s.trim().is_empty() => Some(trimmed("source", s, MAX_SOURCE_CHARS)?),
            _ => None,
        },
    };
    let holiday = state
        .store
        .add_holiday(&entry, &user.id.to_string(), state.clock.now())
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => {
                AppError::Exists(format!("{} is already in the calendar", req.date))
            }
            other => other.into(),
        })?;
    let reports_moved = calendar_changed(state).await?;
    Ok(CalendarEdit {
        holiday,
        reports_moved,
    })
}

/// Remove a date from the calendar (national admin); audited as `calendar.remove`, and every
/// open deadline it moves gets a `deadline_moved` event.
pub async fn remove(state: &AppState, caller: &Caller, date: &str) -> AppResult<CalendarEdit> {
    let user = national_admin(caller)?;
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map_err(|_| AppError::field("date", "invalid"))?;
    let holiday = state
        .store
        .remove_holiday(date, &user.id.to_string(), state.clock.now())
        .await?;
    let reports_moved = calendar_changed(state).await?;
    Ok(CalendarEdit {
        holiday,
        reports_moved,
    })
}

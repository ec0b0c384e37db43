//! `/kantor/referensi/kalender`: the national holidays and cuti bersama of a year, added and
//! removed through the calendar use cases the API calls too, which audit each edit, put the calendar in
//! force at once and move every open deadline it changes (each move recorded on its report).

use super::{Flash, back, national, refused_page};
use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_app::calendar::{self, CalendarQuery, NewCalendarDay};
use aduan_app::error::AppError;
use aduan_domain::workdays::Zone;
use aduan_pagekit::csrf::Form;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::{Ctx, render};
use aduan_store::{Holiday, HolidayKind};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The kinds staff choose from.
const KINDS: [HolidayKind; 3] = HolidayKind::ALL;

#[derive(Template)]
#[template(path = "office_ref_calendar.html")]
struct CalendarPage {
    c: Ctx,
    year: i32,
    days: Vec<Holiday>,
    kinds: [HolidayKind; 3],
    flash: Option<Flash>,
    new: NewDay,
    errors: BTreeMap<&'static str, String>,
}

impl CalendarPage {
    fn err(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }

    fn kind_label(&self, kind: &HolidayKind) -> String {
        self.c.t(&format!("ref-calendar-kind-{}", kind.as_str()))
    }
}

/// The year shown, and what was just done.
#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    #[serde(default)]
    tahun: Option<i32>,
    #[serde(default)]
    ok: Option<String>,
    #[serde(default)]
    moved: Option<u64>,
}

/// The add form.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewDay {
    #[serde(default)]
    date: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    source: String,
}

/// The remove form.
#[derive(Debug, Deserialize)]
pub struct RemoveDay {
    date: String,
}

async fn page(
    state: &AppState,
    c: Ctx,
    year: i32,
    flash: Option<Flash>,
    new: NewDay,
    errors: BTreeMap<&'static str, String>,
) -> Result<CalendarPage, PageError> {
    let query = CalendarQuery { year: Some(year) };
    let days = calendar::year(state, &query).await?;
    Ok(CalendarPage {
        c,
        year,
        days,
        kinds: KINDS,
        flash,
        new,
        errors,
    })
}

fn this_year(state: &AppState) -> i32 {
    Zone::Wib.local_date(state.clock.now()).year()
}

/// `GET /kantor/referensi/kalender?tahun=…`.
pub async fn list(
    State(state): State<AppState>,
    s: StaffCtx,
    Query(q): Query<YearQuery>,
) -> Result<Response, PageError> {
    national(&s)?;
    let year = q
        .tahun
        .filter(|y| (1900..=9999).contains(y))
        .unwrap_or_else(|| this_year(&state));
    let done = match q.ok.as_deref() {
        Some("added") => Some("ref-calendar-added"),
        Some("removed") => Some("ref-calendar-removed"),
        _ => None,
    };
    let flash = done.and_then(|key| {
        let moved = s.c.n("ref-calendar-moved", "count", q.moved.unwrap_or(0));
        Flash::done(format!("{} {moved}", s.c.t(key)))
    });
    let new = NewDay {
        kind: HolidayKind::LiburNasional.as_str().to_owned(),
        ..NewDay::default()
    };
    render(&page(&state, s.c, year, flash, new, BTreeMap::new()).await?)
}

fn after_edit(year: i32, done: &str, moved: u64) -> Response {
    back(&format!(
        "/kantor/referensi/kalender?tahun={year}&ok={done}&moved={moved}"
    ))
}

/// `POST /kantor/referensi/kalender`: adds a date.
pub async fn add(
    State(state): State<AppState>,
    s: StaffCtx,
    Form(new): Form<NewDay>,
) -> Result<Response, PageError> {
    national(&s)?;
    let c = s.c.clone();
    let mut errors = BTreeMap::new();
    let date = NaiveDate::parse_from_str(new.date.trim(), "%Y-%m-%d").ok();
    if date.is_none() {
        errors.insert("date", c.t("ref-error-date"));
    }
    let kind = HolidayKind::parse(&new.kind);
    if kind.is_none() {
        errors.insert("kind", c.t("submit-error-choice"));
    }
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if let (Some(date), Some(kind)) = (date, kind) {
        let req = NewCalendarDay {
            date,
            name: new.name.clone(),
            kind,
            source: Some(new.source.clone()),
        };
        match calendar::add(&state, &s.caller(), req).await {
            Ok(edit) => {
                return Ok(after_edit(date.year(), "added", edit.reports_moved));
            }
            Err(AppError::Validation(fields)) => {
                for (field, code) in fields {
                    let (name, key) = match (field.as_str(), code.as_str()) {
                        ("name", "required") => ("name", "submit-error-required"),
                        ("name", _) => ("name", "submit-error-too-long"),
                        ("source", _) => ("source", "submit-error-too-long"),
                        _ => ("date", "ref-error-date"),
                    };
                    errors.insert(name, c.t(key));
                }
            }
            Err(AppError::Exists(_)) => {
                errors.insert("date", c.t("ref-calendar-exists"));
                status = StatusCode::CONFLICT;
            }
            Err(e) => return Err(e.into()),
        }
    }
    let year = date.map_or_else(|| this_year(&state), |d| d.year());
    let page = page(&state, c, year, None, new, errors).await?;
    refused_page(&page, status)
}

/// `POST /kantor/referensi/kalender/hapus`: removes a date.
pub async fn remove(
    State(state): State<AppState>,
    s: StaffCtx,
    Form(f): Form<RemoveDay>,
) -> Result<Response, PageError> {
    national(&s)?;
    let date =
        NaiveDate::parse_from_str(f.date.trim(), "%Y-%m-%d").map_err(|_| PageError::BadForm)?;
    let edit = calendar::remove(&state, &s.caller(), &date.to_string()).await?;
    Ok(after_edit(date.year(), "removed", edit.reports_moved))
}

//! Reference data, kept by the national admin: categories (sensitive and campaign flags),
//! the tag vocabulary, the working-day calendar, the directory's units, the register of
//! partner systems and the triage models. Anyone else is
//! refused; every change is an audit entry, written by the store in the same transaction.

mod calendar;
mod categories;
mod partners;
mod tags;
mod tree;
mod triage;
mod unit;
mod units;

use crate::gate::StaffCtx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::routes::{NATIONAL, Pages};
use aduan_pagekit::{Ctx, render};
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// The reference-data routes, under `/kantor/referensi`.
pub fn routes() -> Pages {
    Pages::new()
        .get("/kantor/referensi", NATIONAL, index)
        .get("/kantor/referensi/kategori", NATIONAL, categories::list)
        .get(
            "/kantor/referensi/kategori/ubah",
            NATIONAL,
            categories::edit,
        )
        .post(
            "/kantor/referensi/kategori/ubah",
            NATIONAL,
            categories::save,
        )
        .get("/kantor/referensi/tag", NATIONAL, tags::list)
        .post("/kantor/referensi/tag", NATIONAL, tags::add)
        .post("/kantor/referensi/tag/ubah", NATIONAL, tags::change)
        .get("/kantor/referensi/mitra", NATIONAL, partners::list)
        .post("/kantor/referensi/mitra", NATIONAL, partners::add)
        .post("/kantor/referensi/mitra/kunci", NATIONAL, partners::issue)
        .post("/kantor/referensi/mitra/cabut", NATIONAL, partners::revoke)
        .get("/kantor/referensi/kalender", NATIONAL, calendar::list)
        .post("/kantor/referensi/kalender", NATIONAL, calendar::add)
        .post(
            "/kantor/referensi/kalender/hapus",
            NATIONAL,
            calendar::remove,
        )
        .get("/kantor/referensi/unit", NATIONAL, units::list)
        .post("/kantor/referensi/unit", NATIONAL, units::add)
        .get("/kantor/referensi/unit/ubah", NATIONAL, unit::edit)
        .post("/kantor/referensi/unit/ubah", NATIONAL, unit::save)
        .get("/kantor/referensi/saran", NATIONAL, triage::list)
        .post(
            "/kantor/referensi/saran/aktifkan",
            NATIONAL,
            triage::activate,
        )
        .post("/kantor/referensi/saran/latih", NATIONAL, triage::retrain)
}

/// Only the national admin keeps reference data.
fn national(s: &StaffCtx) -> Result<(), PageError> {
    if s.is_national() {
        Ok(())
    } else {
        Err(PageError::Forbidden)
    }
}

/// A message at the top of a page after a change (or a refused one).
pub struct Flash {
    /// Done (or refused).
    pub ok: bool,
    /// The text.
    pub text: String,
}

impl Flash {
    fn done(text: String) -> Option<Self> {
        Some(Self { ok: true, text })
    }

    fn refused(text: String) -> Option<Self> {
        Some(Self { ok: false, text })
    }
}

/// After a change: back to the page (POST-redirect-GET).
fn back(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// A page re-rendered with a refusal: 422 for what was typed, 409 for what already exists.
fn refused_page<T: Template>(page: &T, status: StatusCode) -> Result<Response, PageError> {
    let mut res = render(page)?;
    *res.status_mut() = status;
    Ok(res)
}

#[derive(Template)]
#[template(path = "office_ref_index.html")]
struct IndexPage {
    c: Ctx,
}

/// `GET /kantor/referensi`: the four kinds of reference data.
async fn index(s: StaffCtx) -> Result<Response, PageError> {
    national(&s)?;
    render(&IndexPage { c: s.c })
}

//! Reference data, kept by the national admin: categories (sensitive and campaign flags),
//! the tag vocabulary, the working-day calendar, the directory's units and the register of
//! partner systems. Anyone else is
//! refused; every change is an audit entry, written by the store in the same transaction.

mod calendar;
mod categories;
mod partners;
mod tags;
mod tree;
mod unit;
mod units;

use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::{Ctx, render};
use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

/// The reference-data routes, under `/kantor/referensi`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/kantor/referensi", get(index))
        .route("/kantor/referensi/kategori", get(categories::list))
        .route(
            "/kantor/referensi/kategori/ubah",
            get(categories::edit).post(categories::save),
        )
        .route("/kantor/referensi/tag", get(tags::list).post(tags::add))
        .route("/kantor/referensi/tag/ubah", post(tags::change))
        .route(
            "/kantor/referensi/mitra",
            get(partners::list).post(partners::add),
        )
        .route("/kantor/referensi/mitra/kunci", post(partners::issue))
        .route("/kantor/referensi/mitra/cabut", post(partners::revoke))
        .route(
            "/kantor/referensi/kalender",
            get(calendar::list).post(calendar::add),
        )
        .route("/kantor/referensi/kalender/hapus", post(calendar::remove))
        .route("/kantor/referensi/unit", get(units::list).post(units::add))
        .route(
            "/kantor/referensi/unit/ubah",
            get(unit::edit).post(unit::save),
        )
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

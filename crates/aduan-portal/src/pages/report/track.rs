//! `/lacak`: find a report by its tracking id, and open the reporter's view with the access
//! code (kept in a cookie for that report only, never in the URL).

use super::access;
use aduan_app::AppState;
use aduan_app::auth::normalise_access_code;
use aduan_domain::TrackingId;
use aduan_pagekit::csrf::Form;
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "track.html")]
struct TrackPage {
    c: Ctx,
    id: String,
    error: Option<String>,
}

/// `?id=` from the home page's lookup.
#[derive(Deserialize)]
pub struct Lookup {
    id: Option<String>,
}

/// `GET /lacak`: the form, or straight to the report when an id is given (its tracking id, or
/// the id an imported report had in the legacy system).
pub async fn form(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<Lookup>,
) -> Result<Response, PageError> {
    let id = q.id.unwrap_or_default();
    if !id.trim().is_empty() {
        // A tracking id goes straight to its page; a legacy id of an imported report only when
        // the public may see that report (legacy ids can be guessed).
        let found = match TrackingId::parse(id.trim()) {
            Ok(tid) => Some(tid),
            Err(_) => {
                let anyone = aduan_app::auth::Caller::anonymous(c.client);
                match aduan_app::reports::read::load(&state, &anyone, &id).await {
                    Ok(seen) => Some(seen.report().tracking_id),
                    Err(aduan_app::error::AppError::NotFound) => None,
                    Err(e) => return Err(e.into()),
                }
            }
        };
        return match found {
            Some(tid) => Ok(Redirect::to(&format!("/laporan/{tid}")).into_response()),
            None => {
                let error = Some(c.t("track-error-id"));
                let mut res = render(&TrackPage { c, id, error })?;
                *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                Ok(res)
            }
        };
    }
    render(&TrackPage { c, id, error: None })
}

/// The form with the code.
#[derive(Deserialize)]
pub struct OpenForm {
    id: String,
    code: String,
}

/// `POST /lacak`.
pub async fn open(
    State(state): State<AppState>,
    c: Ctx,
    Form(form): Form<OpenForm>,
) -> Result<Response, PageError> {
    let parsed = TrackingId::parse(form.id.trim());
    let code = normalise_access_code(&form.code);
    let matched = match &parsed {
        Ok(id) if !code.is_empty() => {
            aduan_app::limiter::check_access_code(&state, c.client, id, &code)
                .await?
                .is_some()
        }
        _ => false,
    };
    match parsed {
        Ok(id) if matched => {
            let mut res = Redirect::to(&format!("/laporan/{id}")).into_response();
            access::remember(&state, &mut res, &id.to_string(), &code);
            Ok(res)
        }
        _ => {
            let error = Some(c.t("track-error-code"));
            let mut res = render(&TrackPage {
                c,
                id: form.id,
                error,
            })?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}

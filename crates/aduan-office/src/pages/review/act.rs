//! `POST /kantor/laporan/{id}/aksi`: a staff action through the use case `take`, with the
//! version the page was rendered with; then back to the report with a localized message, or
//! the page again with the problem (a conflict offers to reload).

use super::form::{ActionForm, Draft, body_of, problem, run};
use super::offer::STAFF_ACTIONS;
use super::page::{Flash, Shown, done_key, page};
use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::reports::read::load;
use aduan_pagekit::Ctx;
use aduan_pagekit::csrf::Form;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// Where to go after a successful action: back to the report, or, when this staff member can
/// no longer see it (an agency that rerouted it), to a page that says it was done.
pub async fn after(
    state: &AppState,
    s: &StaffCtx,
    id: &str,
    action: &str,
    failed_files: usize,
    queue: &str,
) -> Result<Response, PageError> {
    let seen = load(state, &s.caller(), id).await?;
    let mut pairs = vec![("ok", action.to_owned())];
    if !seen.visibility().report() {
        let q = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        return Ok(Redirect::to(&format!("/kantor/laporan/{id}/selesai?{q}")).into_response());
    }
    if failed_files > 0 {
        pairs.push(("gagal", failed_files.to_string()));
    }
    if !queue.is_empty() {
        pairs.push(("status", queue.to_owned()));
    }
    let q = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    Ok(Redirect::to(&format!("/kantor/laporan/{id}?{q}")).into_response())
}

/// The page again with the reason an action was refused.
pub async fn refused(
    state: &AppState,
    s: StaffCtx,
    id: &str,
    draft: Draft,
    e: AppError,
    queue: &str,
) -> Result<Response, PageError> {
    match e {
        AppError::NotFound => return Err(PageError::NotFound),
        AppError::Internal(cause) => return Err(PageError::App(AppError::Internal(cause))),
        _ => {}
    }
    let p = problem(&s.c, &e);
    let shown = Shown {
        flash: Some(Flash {
            ok: false,
            text: p.text,
            reload: p.conflict,
        }),
        draft,
        queue: Some(queue.to_owned()).filter(|q| !q.is_empty()),
        ..Shown::default()
    };
    page(state, s, id, shown, e.status_and_code().0).await
}

/// `POST /kantor/laporan/{id}/aksi`.
pub async fn act(
    State(state): State<AppState>,
    s: StaffCtx,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, PageError> {
    let name = form.action.as_str();
    // The identity is revealed on its own page, never through a redirect.
    if !STAFF_ACTIONS.contains(&name) || name == "reveal_identity" || form.version.is_none() {
        return Err(PageError::BadForm);
    }
    match run(&state, s.caller(), &id, body_of(&form)).await {
        Ok(_) => after(&state, &s, &id, name, 0, &form.queue).await,
        Err(e) => refused(&state, s, &id, Draft::from(&form), e, &form.queue).await,
    }
}

#[derive(Template)]
#[template(path = "office_review_done.html")]
struct DonePage {
    c: Ctx,
    tracking_id: String,
    message: String,
}

/// `?ok=`.
#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    ok: Option<String>,
}

/// `GET /kantor/laporan/{id}/selesai`: the action was taken and the report has left this
/// staff member's hands (it says nothing about the report beyond its tracking id).
pub async fn done(
    s: StaffCtx,
    Path(id): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let tracking_id = aduan_domain::TrackingId::parse(&id)
        .map_err(|_| PageError::NotFound)?
        .to_string();
    let key =
        q.ok.as_deref()
            .and_then(done_key)
            .ok_or(PageError::NotFound)?;
    render(&DonePage {
        message: s.c.t(&key),
        tracking_id,
        c: s.c,
    })
}

//! Support votes ("dukung", one per account), comments by logged-in people, and their
//! moderation by staff who may see the report.

use super::page::caller;
use aduan_app::AppState;
use aduan_app::reports::read::load;
use aduan_pagekit::csrf::Form;
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_store::CommentId;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The longest comment accepted.
pub const MAX_COMMENT: usize = 2000;

/// A form with nothing but its token.
#[derive(Deserialize)]
pub struct Empty {}

/// The comment form.
#[derive(Deserialize)]
pub struct CommentForm {
    body: String,
}

/// The moderation form.
#[derive(Deserialize)]
pub struct ModerateForm {
    comment: i64,
    hide: String,
    #[serde(default)]
    reason: String,
}

/// A report the public may see (votes and comments are on public reports only).
async fn public_report(
    state: &AppState,
    c: &Ctx,
    headers: &HeaderMap,
    id: &str,
) -> Result<aduan_domain::report::Report, PageError> {
    let public = aduan_app::auth::Caller::default();
    let seen = load(state, &public, id).await?;
    if !seen.visibility().report() {
        // Only its reporter or staff can reach a non-public report, and they cannot vote on it.
        let own = load(state, &caller(c, headers, id), id).await?;
        return Err(if own.visibility().report() {
            PageError::Forbidden
        } else {
            PageError::NotFound
        });
    }
    Ok(seen.report().clone())
}

/// `POST /laporan/{id}/dukung`.
pub async fn support(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(_): Form<Empty>,
) -> Result<Response, PageError> {
    let user = c.user.clone().ok_or(PageError::LoginRequired)?;
    let report = public_report(&state, &c, &headers, &id).await?;
    state
        .store
        .add_support(&report.tracking_id, user.id, state.clock.now())
        .await?;
    Ok(Redirect::to(&format!("/laporan/{}?ok=support", report.tracking_id)).into_response())
}

/// `POST /laporan/{id}/komentar`.
pub async fn comment(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<CommentForm>,
) -> Result<Response, PageError> {
    let user = c.user.clone().ok_or(PageError::LoginRequired)?;
    let report = public_report(&state, &c, &headers, &id).await?;
    let body = form.body.trim();
    if body.is_empty() || body.chars().count() > MAX_COMMENT {
        return Err(PageError::BadForm);
    }
    state
        .store
        .add_comment(&report.tracking_id, user.id, body, state.clock.now())
        .await?;
    Ok(Redirect::to(&format!(
        "/laporan/{}?ok=comment#komentar",
        report.tracking_id
    ))
    .into_response())
}

/// `POST /laporan/{id}/komentar/moderasi`: staff who may see the report hide or show a
/// comment, with a reason; audited.
pub async fn moderate(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ModerateForm>,
) -> Result<Response, PageError> {
    let who = caller(&c, &headers, &id);
    let seen = load(&state, &who, &id).await?;
    let report = seen.report();
    let Some(staff) = seen.staff() else {
        return Err(PageError::Forbidden);
    };
    if !seen.visibility().report() {
        return Err(PageError::NotFound);
    }
    let comments = state.store.list_comments(&report.tracking_id, true).await?;
    if !comments.iter().any(|k| k.id.0 == form.comment) {
        return Err(PageError::NotFound);
    }
    let reason = form.reason.trim();
    state
        .store
        .moderate_comment(
            CommentId(form.comment),
            form.hide == "yes",
            if reason.is_empty() { "-" } else { reason },
            &staff.user.to_string(),
            state.clock.now(),
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/laporan/{}?ok=moderate#komentar",
        report.tracking_id
    ))
    .into_response())
}

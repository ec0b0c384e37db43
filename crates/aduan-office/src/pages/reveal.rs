//! `/kantor/pengungkapan`: the two-person reveal in the back office, through
//! [`aduan_app::reports::reveal`]. National admins and the approvers list the requests; a
//! second authorised person approves (optionally recording the legal reason to defer the
//! reporter's notice) or refuses; the requester, once approved, is shown the identity on the
//! request's page (never cached, each showing logged); a deferred notice is sent later.

use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_app::reports::reveal::{self, DecisionBody, RevealView};
use aduan_pagekit::Ctx;
use aduan_pagekit::csrf::Form;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "office_reveals.html")]
struct ListPage {
    c: Ctx,
    status: String,
    rows: Vec<RevealView>,
}

#[derive(Template)]
#[template(path = "office_reveal.html")]
struct OnePage {
    c: Ctx,
    r: RevealView,
    /// The catalogue key of its status.
    status_key: &'static str,
    /// The viewer may decide it now (an approver, not its requester, while it waits).
    may_decide: bool,
    /// The viewer may send its deferred notice.
    may_notify: bool,
    /// The viewer would decide it, but their session did not pass the second factor.
    needs_second_factor: bool,
}

/// `?status=`.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    status: Option<String>,
}

/// `GET /kantor/pengungkapan`.
pub async fn list(
    State(state): State<AppState>,
    s: StaffCtx,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let status = q.status.unwrap_or_else(|| "pending".into());
    let rows = reveal::list(&state, &s.caller(), &status).await?;
    render(&ListPage {
        c: s.c,
        status,
        rows,
    })
}

/// `GET /kantor/pengungkapan/{id}`.
pub async fn one(
    State(state): State<AppState>,
    s: StaffCtx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let caller = s.caller();
    let r = reveal::show(&state, &caller, id).await?;
    let choices = reveal::choices(&state, &caller, &r);
    let shows_identity = r.identity.is_some();
    let status_key = match r.status.as_str() {
        "approved" => "reveal-status-approved",
        "refused" => "reveal-status-refused",
        _ => "reveal-status-pending",
    };
    let mut res = render(&OnePage {
        c: s.c,
        r,
        status_key,
        may_decide: choices.decide,
        may_notify: choices.notify,
        needs_second_factor: choices.needs_second_factor,
    })?;
    if shows_identity {
        let h = res.headers_mut();
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store, private"),
        );
        h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    }
    Ok(res)
}

/// The decision form: `keputusan` is `setuju` or `tolak`.
#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    keputusan: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    defer_reason: String,
}

/// `POST /kantor/pengungkapan/{id}/keputusan`.
pub async fn decide(
    State(state): State<AppState>,
    s: StaffCtx,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    let approve = match form.keputusan.as_str() {
        "setuju" => true,
        "tolak" => false,
        _ => return Err(PageError::BadForm),
    };
    let filled = |v: String| Some(v).filter(|v| !v.trim().is_empty());
    let body = DecisionBody {
        approve,
        note: filled(form.note),
        defer_reason: filled(form.defer_reason),
    };
    reveal::decide_request(&state, &s.caller(), id, body).await?;
    Ok(Redirect::to(&format!("/kantor/pengungkapan/{id}")).into_response())
}

/// An empty form (CSRF only).
#[derive(Debug, Deserialize)]
pub struct Empty {}

/// `POST /kantor/pengungkapan/{id}/beritahu`.
pub async fn notify(
    State(state): State<AppState>,
    s: StaffCtx,
    Path(id): Path<i64>,
    Form(_): Form<Empty>,
) -> Result<Response, PageError> {
    reveal::notify_deferred(&state, &s.caller(), id).await?;
    Ok(Redirect::to(&format!("/kantor/pengungkapan/{id}")).into_response())
}

//! Groups of reports answered once, through [`aduan_app::groups`]: `/kantor/kelompok` lists
//! the caller's agency's groups; `POST /kantor/kelompok` makes one from the report screen's
//! similar reports; `/kantor/kelompok/{id}` shows one with its members, a form to add a report,
//! a button to take each out, and the answer form; the answer's page lists the members that
//! refused it and why.

use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::groups::{self, AnswerOutcome, GroupView};
use aduan_pagekit::Ctx;
use aduan_pagekit::csrf::Form;
use aduan_pagekit::errors::{PageError, app_error_key};
use aduan_pagekit::render;
use aduan_pagekit::routes::{GROUP_HOLDERS, HANDLERS, Pages, STAFF};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;

/// The routes.
pub fn routes() -> Pages {
    Pages::new()
        .get("/kantor/kelompok", STAFF, list)
        .post("/kantor/kelompok", HANDLERS, create)
        .get("/kantor/kelompok/{id}", STAFF, show)
        .post("/kantor/kelompok/{id}/anggota", GROUP_HOLDERS, link)
        .post("/kantor/kelompok/{id}/anggota/hapus", GROUP_HOLDERS, unlink)
        .post("/kantor/kelompok/{id}/jawaban", GROUP_HOLDERS, answer)
}

#[derive(Template)]
#[template(path = "office_groups.html")]
struct ListPage {
    c: Ctx,
    groups: Vec<GroupView>,
}

#[derive(Template)]
#[template(path = "office_group.html")]
struct GroupPage {
    c: Ctx,
    g: GroupView,
    problem: Option<String>,
    outcome: Option<AnswerOutcome>,
}

impl GroupPage {
    /// A refusal's code in words.
    fn why(&self, code: &str) -> String {
        let key = match code {
            "illegal_transition" => "office-bulk-why-status",
            "action_forbidden" => "office-bulk-why-forbidden",
            "not_found" => "office-bulk-why-not-found",
            "conflict" => "office-bulk-why-conflict",
            "internal" => "error-internal",
            "rate_limited" => "error-too-many",
            _ => "error-validation",
        };
        self.c.t(key)
    }
}

/// A refused form's reason, in words.
fn problem(c: &Ctx, e: &AppError) -> String {
    let field_code = match e {
        AppError::Validation(fields) => fields.values().next().cloned(),
        _ => None,
    };
    match field_code.as_deref() {
        Some("agency_mismatch") => c.t("office-group-agency-mismatch"),
        Some("already_grouped") => c.t("office-group-already-grouped"),
        Some("not_held") => c.t("office-group-not-held"),
        Some("not_found") => c.t("office-bulk-why-not-found"),
        Some("required") | Some("too_long") => c.t("office-group-title-required"),
        _ => c.t(app_error_key(e).1),
    }
}

/// `GET /kantor/kelompok`.
async fn list(State(state): State<AppState>, s: StaffCtx) -> Result<Response, PageError> {
    let groups = groups::list(&state, &s.caller()).await?;
    Ok(render(&ListPage { c: s.c, groups })?.into_response())
}

async fn page(
    state: &AppState,
    s: StaffCtx,
    id: &str,
    problem: Option<String>,
    outcome: Option<AnswerOutcome>,
) -> Result<Response, PageError> {
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let g = groups::get(state, &s.caller(), id).await?;
    let mut res = render(&GroupPage {
        c: s.c,
        g,
        problem,
        outcome,
    })?;
    *res.status_mut() = status;
    Ok(res)
}

/// `GET /kantor/kelompok/{id}`.
async fn show(
    State(state): State<AppState>,
    s: StaffCtx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    page(&state, s, &id, None, None).await
}

/// The value of `name` in a form's pairs (the last one given).
fn value(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default()
}

/// `POST /kantor/kelompok`: `title`, and `member` once per report.
async fn create(
    State(state): State<AppState>,
    s: StaffCtx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let members: Vec<String> = pairs
        .iter()
        .filter(|(k, v)| k == "member" && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_owned())
        .collect();
    let body = json!({ "title": value(&pairs, "title"), "members": members }).to_string();
    match groups::create(&state, &s.caller(), body.as_bytes()).await {
        Ok(g) => Ok(Redirect::to(&format!("/kantor/kelompok/{}", g.id)).into_response()),
        Err(e @ (AppError::Validation(_) | AppError::Conflict)) => {
            let back = members.first().cloned().unwrap_or_default();
            let c = &s.c;
            let text = problem(c, &e);
            let page = GroupFormProblem { c: s.c, text, back };
            let mut res = render(&page)?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "office_group_problem.html")]
struct GroupFormProblem {
    c: Ctx,
    text: String,
    back: String,
}

/// `POST /kantor/kelompok/{id}/anggota`: `tracking_id`.
async fn link(
    State(state): State<AppState>,
    s: StaffCtx,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let report = value(&pairs, "tracking_id").to_uppercase();
    match groups::link(&state, &s.caller(), &id, &report).await {
        Ok(_) => Ok(Redirect::to(&format!("/kantor/kelompok/{id}")).into_response()),
        Err(e @ (AppError::Validation(_) | AppError::Conflict)) => {
            let text = problem(&s.c, &e);
            page(&state, s, &id, Some(text), None).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /kantor/kelompok/{id}/anggota/hapus`: `tracking_id`.
async fn unlink(
    State(state): State<AppState>,
    s: StaffCtx,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let report = value(&pairs, "tracking_id");
    groups::unlink(&state, &s.caller(), &id, &report).await?;
    Ok(Redirect::to(&format!("/kantor/kelompok/{id}")).into_response())
}

/// `POST /kantor/kelompok/{id}/jawaban`: `body`; the page again with what it did.
async fn answer(
    State(state): State<AppState>,
    s: StaffCtx,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let body = json!({ "body": value(&pairs, "body") }).to_string();
    match groups::answer(&state, &s.caller(), &id, body.as_bytes()).await {
        Ok(outcome) => page(&state, s, &id, None, Some(outcome)).await,
        Err(e @ AppError::Validation(_)) => {
            let text = s.c.t(app_error_key(&e).1);
            page(&state, s, &id, Some(text), None).await
        }
        Err(e) => Err(e.into()),
    }
}

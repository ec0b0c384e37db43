//! `POST /kantor/laporan/{id}/identitas`: the national admin reveals an anonymous reporter's
//! identity, with a reason. The API records the reveal in the report's history (internal) and
//! in the audit log, and answers with the identity, which this page shows once: it is not
//! stored, not put in a URL or cookie, and the response may not be cached.

use super::act::refused;
use super::form::{ActionForm, Draft, body_of, run};
use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_app::view::ReporterView;
use aduan_portal::Ctx;
use aduan_portal::csrf::Form;
use aduan_portal::errors::PageError;
use aduan_portal::render;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use serde::Deserialize;

/// The reveal form.
#[derive(Debug, Deserialize)]
pub struct RevealForm {
    #[serde(default)]
    version: Option<i64>,
    #[serde(default)]
    reason: String,
}

#[derive(Template)]
#[template(path = "office_review_identity.html")]
struct IdentityPage {
    c: Ctx,
    tracking_id: String,
    reason: String,
    who: ReporterView,
}

/// `POST /kantor/laporan/{id}/identitas`.
pub async fn reveal(
    State(state): State<AppState>,
    s: StaffCtx,
    Path(id): Path<String>,
    Form(form): Form<RevealForm>,
) -> Result<Response, PageError> {
    if form.version.is_none() {
        return Err(PageError::BadForm);
    }
    let action = ActionForm::text("reveal_identity", form.version, String::new(), form.reason);
    let done = match run(&state, s.caller(), &id, body_of(&action)).await {
        Ok(done) => done,
        Err(e) => return refused(&state, s, &id, Draft::from(&action), e, "").await,
    };
    let Some(who) = done.identity else {
        return Err(PageError::Forbidden);
    };
    let mut res = render(&IdentityPage {
        tracking_id: done.tracking_id,
        reason: action.reason.trim().to_owned(),
        who,
        c: s.c,
    })?;
    let h = res.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, private"),
    );
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    Ok(res)
}

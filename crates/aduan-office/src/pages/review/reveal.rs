//! `POST /kantor/laporan/{id}/identitas`: a national admin asks to reveal an anonymous
//! reporter's identity, with a reason. Nothing is revealed yet: the request waits on its page
//! (`/kantor/pengungkapan/{n}`) for a second authorised person's approval
//! ([`aduan_app::reports::reveal`]).

use super::act::refused;
use super::form::{ActionForm, Draft};
use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_app::reports::reveal::{self, RevealRequestBody};
use aduan_pagekit::csrf::Form;
use aduan_pagekit::errors::PageError;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The reveal form.
#[derive(Debug, Deserialize)]
pub struct RevealForm {
    #[serde(default)]
    version: Option<i64>,
    #[serde(default)]
    reason: String,
}

/// `POST /kantor/laporan/{id}/identitas`.
pub async fn reveal(
    State(state): State<AppState>,
    s: StaffCtx,
    Path(id): Path<String>,
    Form(form): Form<RevealForm>,
) -> Result<Response, PageError> {
    let body = RevealRequestBody {
        reason: form.reason.clone(),
    };
    match reveal::request(&state, &s.caller(), &id, body).await {
        Ok(made) => Ok(Redirect::to(&format!("/kantor/pengungkapan/{}", made.id)).into_response()),
        Err(e) => {
            let action =
                ActionForm::text("reveal_identity", form.version, String::new(), form.reason);
            refused(&state, s, &id, Draft::from(&action), e, "").await
        }
    }
}

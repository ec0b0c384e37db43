//! A report's attachments for staff: download (the copy without identifying metadata, through
//! the same use case and visibility checks as the API) and publishing one to the public
//! (audited).

use super::act::after;
use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_app::reports::attachments::{self};
use aduan_pagekit::csrf::Form;
use aduan_pagekit::errors::PageError;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// `GET /kantor/laporan/{id}/lampiran/{file}`.
pub async fn download(
    State(state): State<AppState>,
    s: StaffCtx,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let file = attachments::download(&state, &s.caller(), &id, &file, false).await?;
    let (headers, body) = file.into_http();
    Ok((headers, axum::body::Body::from_stream(body)).into_response())
}

/// The publish form: `public=yes` to publish, anything else to withdraw.
#[derive(Debug, Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    public: String,
}

/// `POST /kantor/laporan/{id}/lampiran/{file}/publikasi`.
pub async fn publish(
    State(state): State<AppState>,
    s: StaffCtx,
    Path((id, file)): Path<(String, String)>,
    Form(form): Form<PublishForm>,
) -> Result<Response, PageError> {
    let public = form.public == "yes";
    let found = attachments::publishable(&state, &s.caller(), &id, &file).await?;
    let _published = attachments::publish(&state, found, public).await?;
    let done = if public { "publish" } else { "unpublish" };
    after(&state, &s, &id, done, 0, "").await
}

//! A report's attachments for staff: download (the copy without identifying metadata, through
//! the API's handler and its visibility checks) and publishing one to the public (audited by
//! the API).

use super::act::after;
use crate::gate::StaffCtx;
use aduan_pagekit::csrf::Form;
use aduan_pagekit::errors::PageError;
use aduan_web::AppState;
use aduan_web::api::attachments::{
    DownloadQuery, PublishRequest, download_attachment, publish_attachment,
};
use aduan_web::json::ApiJson;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

/// `GET /kantor/laporan/{id}/lampiran/{file}`.
pub async fn download(
    State(state): State<AppState>,
    s: StaffCtx,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let query = Query(DownloadQuery { original: None });
    download_attachment(State(state), s.caller(), Path((id, file)), Ok(query))
        .await
        .map_err(PageError::from)
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
    let _published = publish_attachment(
        State(state.clone()),
        s.caller(),
        Path((id.clone(), file)),
        ApiJson(PublishRequest { public }),
    )
    .await
    .map_err(PageError::from)?;
    let done = if public { "publish" } else { "unpublish" };
    after(&state, &s, &id, done, 0, "").await
}

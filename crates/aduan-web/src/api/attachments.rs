//! Attachments over HTTP: multipart upload, listing, download and publishing, through
//! [`aduan_app::reports::attachments`].

use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::json::JsonBytes;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::page::Page;
use aduan_app::reports::attachments::{self, AttachmentView};
use aduan_app::uploads;
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;

/// The upload form of `POST /reports/{tracking_id}/attachments` (documentation only: the
/// handler reads the parts as they stream in).
#[derive(ToSchema)]
#[allow(dead_code)]
struct UploadForm {
    /// The file: a JPEG, PNG or WebP photo, a PDF or an MP4 or QuickTime video, recognised by
    /// its first bytes (its name is only kept for the download).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// A one-page PDF, the upload's example in the document.
const EXAMPLE_PDF: &str = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\nxref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \ntrailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n";

/// Upload a file (multipart field `file`) to a report.
#[utoipa::path(post, path = "/reports/{tracking_id}/attachments", extensions(("x-access" = json!(crate::api::access::REPORTER_OR_HANDLERS))), tag = "attachments",
    params(("tracking_id" = String, Path), ("X-Access-Code" = Option<String>, Header)),
    request_body(content_type = "multipart/form-data", content = UploadForm,
        example = json!({"file": EXAMPLE_PDF})),
    responses((status = 201, body = AttachmentView), (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody), (status = 413, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn upload_attachment(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path(tracking_id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<(StatusCode, Json<AttachmentView>)> {
    let seen = attachments::uploader(&state, &caller, &tracking_id).await?;
    let mut multipart = multipart.map_err(|e| AppError::InvalidRequest(e.body_text()))?;
    let mut upload = None;
    // The file is written to disk as it arrives, its type checked from its first bytes.
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("lampiran").to_owned();
            let mut receiving = uploads::receive(&state).await?;
            let mut refused = None;
            while let Some(chunk) = uploads::next_chunk(field.chunk())
                .await?
                .map_err(multipart_error)?
            {
                // A refused file is read to its end (and thrown away), so that the client, still
                // sending, gets the answer rather than a reset connection.
                if refused.is_none()
                    && let Err(e) = receiving.push(&chunk).await
                {
                    refused = Some(e);
                }
            }
            if let Some(e) = refused {
                return Err(e.into());
            }
            upload = Some((name, receiving.finish().await?));
        }
    }
    let (name, bytes) = upload.ok_or_else(|| AppError::field("file", "required"))?;
    let stored = attachments::store_upload(&state, &seen, name, bytes).await?;
    Ok((StatusCode::CREATED, Json(stored)))
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge
    } else {
        AppError::InvalidRequest(e.body_text())
    }
}

/// The attachments of a report that the caller may see, oldest first; the list comes whole.
#[utoipa::path(get, path = "/reports/{tracking_id}/attachments", extensions(("x-access" = json!(crate::api::access::PUBLIC_REPORT))), tag = "attachments",
    params(("tracking_id" = String, Path), ("X-Access-Code" = Option<String>, Header)),
    responses((status = 200, body = Page<AttachmentView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_attachments(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path(tracking_id): Path<String>,
) -> ApiResult<Json<Page<AttachmentView>>> {
    Ok(Json(Page::whole(
        attachments::list(&state, &caller, &tracking_id).await?,
    )))
}

/// Download options.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DownloadQuery {
    /// The original bytes, metadata and all: only for the uploader.
    pub original: Option<bool>,
}

/// Download an attachment: the copy without identifying metadata (the original only to its
/// uploader). 404 when the caller may not see it.
#[utoipa::path(get, path = "/reports/{tracking_id}/attachments/{id}", extensions(("x-access" = json!(crate::api::access::PUBLIC_REPORT))), tag = "attachments",
    params(("tracking_id" = String, Path), ("id" = i64, Path), DownloadQuery, ("X-Access-Code" = Option<String>, Header)),
    responses((status = 200, description = "the file, in the type it was recognised as",
            content((String = "image/jpeg"), (String = "image/png"), (String = "image/webp"),
                (String = "application/pdf"), (String = "video/mp4"), (String = "video/quicktime"))),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn download_attachment(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path((tracking_id, id)): Path<(String, String)>,
    query: Result<Query<DownloadQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    let Query(q) = query.map_err(|e| ApiError(AppError::InvalidRequest(e.body_text())))?;
    let file = attachments::download(
        &state,
        &caller,
        &tracking_id,
        &id,
        q.original.unwrap_or(false),
    )
    .await?;
    let (headers, body) = file.into_http();
    Ok((headers, axum::body::Body::from_stream(body)).into_response())
}

/// `POST .../publish` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    /// Show to the public (true) or withdraw (false).
    pub public: bool,
}

/// Publish or withdraw an attachment (staff holding the report, or the national admin); audited.
#[utoipa::path(post, path = "/reports/{tracking_id}/attachments/{id}/publish", extensions(("x-access" = json!(crate::api::access::HANDLERS_SCOPED))), tag = "attachments",
    params(("tracking_id" = String, Path), ("id" = i64, Path)), request_body = PublishRequest,
    responses((status = 200, body = AttachmentView), (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn publish_attachment(
    State(state): State<AppState>,
    Auth(caller): Auth,
    Path((tracking_id, id)): Path<(String, String)>,
    JsonBytes(body): JsonBytes,
) -> ApiResult<Json<AttachmentView>> {
    let found = attachments::publishable(&state, &caller, &tracking_id, &id).await?;
    let req: PublishRequest = crate::json::parse(&body)?;
    Ok(Json(attachments::publish(&state, found, req.public).await?))
}

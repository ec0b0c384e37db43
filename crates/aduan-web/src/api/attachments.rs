//! Attachments: uploaded by the reporter or staff, checked by content, stored twice (the
//! original as evidence, a copy without identifying metadata for everyone else), and public
//! only when staff publish them.

use crate::AppState;
use crate::api::page::Page;
use crate::api::read::load;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::json::ApiJson;
use aduan_attachments::{AttachmentError, BlobKey, prepare};
use aduan_domain::actor::{Actor, StaffRole};
use aduan_domain::{Role, Status};
use aduan_store::{Attachment, AttachmentId, EventActor, NewAttachment};
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An attachment as a caller may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentView {
    /// Id, for download.
    pub id: i64,
    /// Media type found in the content.
    pub mime: String,
    /// Size of the copy that will be downloaded.
    pub size: i64,
    /// The file name to show (the uploader's own name only to the uploader).
    pub file_name: String,
    /// Whether the public may see it.
    pub public: bool,
    /// Who uploaded it (role only).
    pub uploaded_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

fn actor_id(actor: &Actor) -> Option<EventActor> {
    match actor {
        Actor::Reporter(r) => Some(EventActor {
            id: r.to_string(),
            role: Role::Reporter,
        }),
        Actor::Staff(s) => Some(EventActor {
            id: s.user.to_string(),
            role: s.role.role(),
        }),
        Actor::Public | Actor::System => None,
    }
}

fn is_uploader(actor: &Actor, a: &Attachment) -> bool {
    actor_id(actor).is_some_and(|me| me.id == a.uploader.id)
}

fn view(actor: &Actor, a: &Attachment) -> AttachmentView {
    let ext = aduan_attachments::Format::from_mime(&a.mime).map_or("bin", |f| f.extension());
    AttachmentView {
        id: a.id.0,
        mime: a.mime.clone(),
        size: a.sanitized_size,
        file_name: if is_uploader(actor, a) {
            a.file_name.clone()
        } else {
            format!("lampiran-{}.{ext}", a.id)
        },
        public: a.public,
        uploaded_by: a.uploader.role.as_str().into(),
        created_at: a.created_at,
    }
}

/// Whether the viewer may see this attachment of a report it can see: the reporter and staff
/// see all; everyone else only published ones.
fn may_see(actor: &Actor, a: &Attachment) -> bool {
    a.public || matches!(actor, Actor::Reporter(_) | Actor::Staff(_))
}

fn attachment_error(e: AttachmentError) -> AppError {
    AppError::field("file", e.code())
}

/// Upload a file (multipart field `file`) to a report.
#[utoipa::path(post, path = "/reports/{tracking_id}/attachments", tag = "attachments",
    params(("tracking_id" = String, Path), ("X-Access-Code" = Option<String>, Header)),
    request_body(content_type = "multipart/form-data", content = Object),
    responses((status = 201, body = AttachmentView), (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody), (status = 413, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn upload_attachment(
    State(state): State<AppState>,
    caller: Caller,
    Path(tracking_id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, Json<AttachmentView>)> {
    let (report, vis) = load(&state, &caller, &tracking_id).await?;
    if !vis.report {
        return Err(AppError::NotFound);
    }
    let actor = caller.actor_for(&state, &report, None).await?;
    let may_upload = match &actor {
        Actor::Reporter(_) => true,
        Actor::Staff(s) => !matches!(s.role, StaffRole::Supervisor { .. }),
        _ => false,
    };
    if !may_upload || matches!(report.state.status, Status::Deleted | Status::Archived) {
        return Err(AppError::Forbidden);
    }
    let mut multipart = multipart.map_err(|e| AppError::InvalidRequest(e.body_text()))?;
    let mut upload = None;
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("lampiran").to_owned();
            let bytes = field.bytes().await.map_err(multipart_error)?;
            upload = Some((name, bytes));
        }
    }
    let (name, bytes) = upload.ok_or_else(|| AppError::field("file", "required"))?;
    let stored = store_upload(&state, &report, &actor, name, bytes).await?;
    Ok((StatusCode::CREATED, Json(view(&actor, &stored))))
}

/// Checks, cleans and stores one uploaded file of `report` for `actor` (who must be its
/// reporter or staff allowed to upload; the caller checks that): the original as evidence,
/// a copy without identifying metadata for everyone else. Shared by the API and the portal.
pub async fn store_upload(
    state: &AppState,
    report: &aduan_domain::report::Report,
    actor: &Actor,
    name: String,
    bytes: axum::body::Bytes,
) -> AppResult<Attachment> {
    let limits = state.attachments.limits;
    let prepared = tokio::task::spawn_blocking(move || -> Result<_, AttachmentError> {
        let p = prepare(bytes.as_ref(), &name, &limits)?;
        Ok((p, bytes))
    })
    .await
    .map_err(|e| AppError::Internal(Box::new(e)))?
    .map_err(attachment_error)?;
    let (prepared, original) = prepared;
    let (original_key, sanitized_key) = {
        let mut rng = rand::rng();
        (BlobKey::generate(&mut rng), BlobKey::generate(&mut rng))
    };
    let blobs = &state.attachments.blobs;
    blobs
        .put(&original_key, &original)
        .await
        .map_err(|e| AppError::Internal(Box::new(e)))?;
    blobs
        .put(&sanitized_key, &prepared.sanitized)
        .await
        .map_err(|e| AppError::Internal(Box::new(e)))?;
    let uploader = actor_id(actor).ok_or(AppError::Forbidden)?;
    let record = NewAttachment {
        report: report.tracking_id,
        uploader,
        original_key: original_key.to_string(),
        sanitized_key: sanitized_key.to_string(),
        mime: prepared.inspected.format.mime().into(),
        size: original.len() as i64,
        sanitized_size: prepared.sanitized.len() as i64,
        sha256: prepared.sha256,
        file_name: prepared.inspected.file_name.clone(),
        public: false,
        created_at: state.clock.now(),
    };
    let stored = state.store.insert_attachment(&record).await?;
    Ok(stored)
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge
    } else {
        AppError::InvalidRequest(e.body_text())
    }
}

/// The attachments of a report that the caller may see, oldest first; the list comes whole.
#[utoipa::path(get, path = "/reports/{tracking_id}/attachments", tag = "attachments",
    params(("tracking_id" = String, Path), ("X-Access-Code" = Option<String>, Header)),
    responses((status = 200, body = Page<AttachmentView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list_attachments(
    State(state): State<AppState>,
    caller: Caller,
    Path(tracking_id): Path<String>,
) -> AppResult<Json<Page<AttachmentView>>> {
    let (report, vis) = load(&state, &caller, &tracking_id).await?;
    if !vis.report {
        return Err(AppError::NotFound);
    }
    let actor = caller.actor_for(&state, &report, None).await?;
    let all = state.store.list_attachments(&report.tracking_id).await?;
    Ok(Json(Page::whole(
        all.iter()
            .filter(|a| may_see(&actor, a))
            .map(|a| view(&actor, a))
            .collect(),
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
#[utoipa::path(get, path = "/reports/{tracking_id}/attachments/{id}", tag = "attachments",
    params(("tracking_id" = String, Path), ("id" = i64, Path), DownloadQuery, ("X-Access-Code" = Option<String>, Header)),
    responses((status = 200, description = "the file", content_type = "application/octet-stream"),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn download_attachment(
    State(state): State<AppState>,
    caller: Caller,
    Path((tracking_id, id)): Path<(String, String)>,
    query: Result<Query<DownloadQuery>, axum::extract::rejection::QueryRejection>,
) -> AppResult<Response> {
    let Query(q) = query.map_err(|e| AppError::InvalidRequest(e.body_text()))?;
    let id = id
        .parse::<i64>()
        .map(AttachmentId)
        .map_err(|_| AppError::NotFound)?;
    let (report, vis) = load(&state, &caller, &tracking_id).await?;
    let actor = caller.actor_for(&state, &report, None).await?;
    let a = state
        .store
        .get_attachment(id)
        .await?
        .filter(|a| a.report == report.tracking_id);
    let a = a
        .filter(|a| vis.report && may_see(&actor, a))
        .ok_or(AppError::NotFound)?;
    let original = q.original.unwrap_or(false);
    if original && !is_uploader(&actor, &a) {
        return Err(AppError::Forbidden);
    }
    let key = if original {
        &a.original_key
    } else {
        &a.sanitized_key
    };
    let key = BlobKey::parse(key).map_err(|e| AppError::Internal(Box::new(e)))?;
    let bytes = state
        .attachments
        .blobs
        .get(&key)
        .await
        .map_err(|e| AppError::Internal(Box::new(e)))?;
    let bytes = bytes.ok_or_else(|| AppError::Internal(format!("blob {key} is missing").into()))?;
    let v = view(&actor, &a);
    let mut res = bytes.into_response();
    let headers = res.headers_mut();
    if let Ok(mime) = HeaderValue::from_str(&a.mime) {
        headers.insert(header::CONTENT_TYPE, mime);
    }
    if let Ok(disposition) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{}\"",
        v.file_name.replace('"', "")
    )) {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(res)
}

/// `POST .../publish` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    /// Show to the public (true) or withdraw (false).
    pub public: bool,
}

/// Publish or withdraw an attachment (staff holding the report, or the national admin); audited.
#[utoipa::path(post, path = "/reports/{tracking_id}/attachments/{id}/publish", tag = "attachments",
    params(("tracking_id" = String, Path), ("id" = i64, Path)), request_body = PublishRequest,
    responses((status = 200, body = AttachmentView), (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn publish_attachment(
    State(state): State<AppState>,
    caller: Caller,
    Path((tracking_id, id)): Path<(String, String)>,
    ApiJson(req): ApiJson<PublishRequest>,
) -> AppResult<Json<AttachmentView>> {
    let id = id
        .parse::<i64>()
        .map(AttachmentId)
        .map_err(|_| AppError::NotFound)?;
    let (report, vis) = load(&state, &caller, &tracking_id).await?;
    let actor = caller.actor_for(&state, &report, None).await?;
    let a = state
        .store
        .get_attachment(id)
        .await?
        .filter(|a| a.report == report.tracking_id && vis.report);
    let a = a.ok_or(AppError::NotFound)?;
    let Actor::Staff(staff) = &actor else {
        return Err(AppError::Forbidden);
    };
    if matches!(staff.role, StaffRole::Supervisor { .. }) {
        return Err(AppError::Forbidden);
    }
    let updated = state
        .store
        .set_attachment_public(a.id, req.public, &staff.user.to_string(), state.clock.now())
        .await?;
    Ok(Json(view(&actor, &updated)))
}

//! Attachments: uploaded by the reporter or staff, checked by content, stored twice (the
//! original as evidence, a copy without identifying metadata for everyone else), and public
//! only when staff publish them. Who may see one is the domain's visibility policy
//! (`Visibility::attachment`); who may upload, download the original and publish is decided
//! here, once, for every edge.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::reports::read::load;
use crate::reports::viewer::Viewed;
use crate::uploads::Upload;
use aduan_attachments::{AttachmentError, BlobBody, BlobKey, BlobRead, ByteStream, prepare};
use aduan_domain::actor::{Actor, StaffRole};
use aduan_domain::{Role, Status};
use aduan_store::{Attachment, AttachmentId, EventActor, NewAttachment};
use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde::Serialize;
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

/// `a` as `actor` may see it: its file name only to its uploader, a neutral one to everyone else.
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

fn attachment_error(e: AttachmentError) -> AppError {
    AppError::field("file", e.code())
}

/// The report `caller` may upload to, as they see it (see [`may_upload`]).
pub async fn uploader(state: &AppState, caller: &Caller, tracking_id: &str) -> AppResult<Viewed> {
    let seen = load(state, caller, tracking_id).await?;
    may_upload(&seen)?;
    Ok(seen)
}

/// Whether the viewer may upload to the report: its reporter, or staff other than a
/// supervisor who may see it, while it is neither deleted nor archived.
fn may_upload(seen: &Viewed) -> AppResult<()> {
    if !seen.visibility().report() {
        return Err(AppError::NotFound);
    }
    let may = match seen.actor() {
        Actor::Reporter(_) => true,
        Actor::Staff(s) => !matches!(s.role, StaffRole::Supervisor { .. }),
        // Who proved nothing is told to sign in or give the report's access code.
        Actor::Public => return Err(AppError::Unauthorized),
        Actor::System => false,
    };
    let status = seen.report().state.status;
    if !may || matches!(status, Status::Deleted | Status::Archived) {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// Checks, cleans and stores one uploaded file of the report `seen` is of, for its viewer (who
/// must be allowed to upload, see [`uploader`]): the original as evidence, a copy without
/// identifying metadata for everyone else. Shared by the API, the pages and e-mail.
pub async fn store_upload(
    state: &AppState,
    seen: &Viewed,
    name: String,
    upload: impl Into<Upload>,
) -> AppResult<AttachmentView> {
    may_upload(seen)?;
    let (report, actor) = (seen.report(), seen.actor());
    let uploader = actor_id(actor).ok_or(AppError::Forbidden)?;
    let record = keep_file(
        state,
        report.tracking_id,
        uploader,
        name,
        upload.into(),
        state.clock.now(),
    )
    .await?;
    let stored = state.store.insert_attachment(&record).await?;
    Ok(view(actor, &stored))
}

/// Checks and cleans one file of report `report` and stores both copies (the original and
/// the one without identifying metadata); the record to write for it, not public. Uploads
/// and imports keep their files this way. Files are cleaned a few at a time
/// ([`crate::uploads::Intake`]): cleaning holds the file and its copy in memory, and a spooled
/// upload is read from disk only for its turn.
pub async fn keep_file(
    state: &AppState,
    report: aduan_domain::TrackingId,
    uploader: EventActor,
    name: String,
    upload: Upload,
    at: DateTime<Utc>,
) -> AppResult<NewAttachment> {
    let limits = state.attachments.limits;
    let _turn = state.attachments.intake.cleaning_turn().await?;
    let (bytes, spooled) = match upload {
        Upload::Bytes(b) => (b, None),
        Upload::Spooled(s) => {
            let read = tokio::fs::read(s.path())
                .await
                .map_err(|e| AppError::Internal(Box::new(e)))?;
            (Bytes::from(read), Some(s))
        }
    };
    let size = bytes.len() as i64;
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
    // Both blobs are stored before the row that names them commits: a crash in between
    // leaves them unreferenced, and the orphan sweep (`crate::blob_sweep`) removes them. A
    // spooled original is streamed from its file, whose bytes need not stay in memory.
    let blobs = &state.attachments.blobs;
    let original = match &spooled {
        Some(s) => {
            drop(original);
            BlobBody::File(s.path().to_owned())
        }
        None => BlobBody::Bytes(original),
    };
    let sanitized_size = prepared.sanitized.len() as i64;
    blobs
        .put(&original_key, original)
        .await
        .map_err(|e| AppError::Internal(Box::new(e)))?;
    blobs
        .put(&sanitized_key, prepared.sanitized.into())
        .await
        .map_err(|e| AppError::Internal(Box::new(e)))?;
    drop(spooled);
    Ok(NewAttachment {
        report,
        uploader,
        original_key: original_key.to_string(),
        sanitized_key: sanitized_key.to_string(),
        mime: prepared.inspected.format.mime().into(),
        size,
        sanitized_size,
        sha256: prepared.sha256,
        file_name: prepared.inspected.file_name.clone(),
        public: false,
        created_at: at,
    })
}

/// The attachments of a report that `caller` may see, oldest first.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    tracking_id: &str,
) -> AppResult<Vec<AttachmentView>> {
    listed(state, &load(state, caller, tracking_id).await?).await
}

/// The attachments of the report `seen` is of that its viewer may see, oldest first;
/// `not_found` when they may not see the report.
pub async fn listed(state: &AppState, seen: &Viewed) -> AppResult<Vec<AttachmentView>> {
    let vis = seen.visibility();
    if !vis.report() {
        return Err(AppError::NotFound);
    }
    let all = state
        .store
        .list_attachments(&seen.report().tracking_id)
        .await?;
    Ok(all
        .iter()
        .filter(|a| vis.attachment(a.public))
        .map(|a| view(seen.actor(), a))
        .collect())
}

/// A file to hand out, read from the blob store as it is sent.
pub struct Download {
    /// The bytes, as a stream, and their size.
    pub body: BlobRead,
    /// Media type found in the content.
    pub mime: String,
    /// The file name to give (the uploader's own name only to the uploader).
    pub file_name: String,
}

impl Download {
    /// The headers to hand it out with over HTTP (type, length, a download with its name, no
    /// sniffing) and the bytes as a stream: the API and the pages send it the same way, as
    /// `axum::body::Body::from_stream`.
    pub fn into_http(self) -> (http::HeaderMap, ByteStream) {
        use http::{HeaderValue, header};
        let mut headers = http::HeaderMap::new();
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(self.body.size));
        if let Ok(mime) = HeaderValue::from_str(&self.mime) {
            headers.insert(header::CONTENT_TYPE, mime);
        }
        if let Ok(disposition) = HeaderValue::from_str(&format!(
            "attachment; filename=\"{}\"",
            self.file_name.replace('"', "")
        )) {
            headers.insert(header::CONTENT_DISPOSITION, disposition);
        }
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        // Fused whatever store it came from: the response's compressor polls again after the end.
        (
            headers,
            futures_util::StreamExt::boxed(futures_util::StreamExt::fuse(self.body.body)),
        )
    }
}

/// Report `tracking_id` as `caller` sees it, and its attachment `id` if the report has one by
/// that id (`not_found` for an id that is no number).
async fn attachment_of(
    state: &AppState,
    caller: &Caller,
    tracking_id: &str,
    id: &str,
) -> AppResult<(Viewed, Option<Attachment>)> {
    let id = id
        .parse::<i64>()
        .map(AttachmentId)
        .map_err(|_| AppError::NotFound)?;
    let seen = load(state, caller, tracking_id).await?;
    let a = state
        .store
        .get_attachment(id)
        .await?
        .filter(|a| a.report == seen.report().tracking_id);
    Ok((seen, a))
}

/// Attachment `id` of a report as `caller` may download it: the copy without identifying
/// metadata, or the `original` (only to its uploader); `not_found` when they may not see it.
pub async fn download(
    state: &AppState,
    caller: &Caller,
    tracking_id: &str,
    id: &str,
    original: bool,
) -> AppResult<Download> {
    let (seen, a) = attachment_of(state, caller, tracking_id, id).await?;
    let a = a
        .filter(|a| seen.visibility().attachment(a.public))
        .ok_or(AppError::NotFound)?;
    if original && !is_uploader(seen.actor(), &a) {
        return Err(AppError::Forbidden);
    }
    let key = if original {
        &a.original_key
    } else {
        &a.sanitized_key
    };
    let key = BlobKey::parse(key).map_err(|e| AppError::Internal(Box::new(e)))?;
    let body = state
        .attachments
        .blobs
        .get(&key)
        .await
        .map_err(|e| AppError::Internal(Box::new(e)))?;
    let body = body.ok_or_else(|| AppError::Internal(format!("blob {key} is missing").into()))?;
    let v = view(seen.actor(), &a);
    Ok(Download {
        body,
        mime: a.mime,
        file_name: v.file_name,
    })
}

/// An attachment one who may publish it has found: staff holding the report or the national
/// admin, not supervisors.
pub struct Publishable {
    seen: Viewed,
    attachment: Attachment,
    by: String,
}

/// Attachment `id` of report `tracking_id`, found for `caller` if they may publish it: a
/// report hidden from them or a missing attachment is `not_found`, anyone else `unauthorized`
/// or `forbidden`. An edge asks this before it reads what to publish.
pub async fn publishable(
    state: &AppState,
    caller: &Caller,
    tracking_id: &str,
    id: &str,
) -> AppResult<Publishable> {
    let (seen, a) = attachment_of(state, caller, tracking_id, id).await?;
    let attachment = a
        .filter(|_| seen.visibility().report())
        .ok_or(AppError::NotFound)?;
    let by = match seen.actor() {
        Actor::Staff(s) if !matches!(s.role, StaffRole::Supervisor { .. }) => s.user.to_string(),
        Actor::Public => return Err(AppError::Unauthorized),
        _ => return Err(AppError::Forbidden),
    };
    Ok(Publishable {
        seen,
        attachment,
        by,
    })
}

/// Publishes (`public`) or withdraws the attachment found; audited.
pub async fn publish(
    state: &AppState,
    found: Publishable,
    public: bool,
) -> AppResult<AttachmentView> {
    let updated = state
        .store
        .set_attachment_public(found.attachment.id, public, &found.by, state.clock.now())
        .await?;
    Ok(view(found.seen.actor(), &updated))
}

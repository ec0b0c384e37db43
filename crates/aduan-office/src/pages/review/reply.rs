//! `POST /kantor/laporan/{id}/jawaban` (multipart): a follow-up or final answer with files.
//!
//! Order, chosen for atomicity as far as two stores allow: every file is checked first (by
//! content, size and type, the same check `store_upload` makes), so a bad file refuses the
//! whole answer and nothing is written; then the action is taken (the version guards against
//! a report that changed meanwhile); only after it succeeded are the files stored, so a
//! refused or conflicting answer never leaves orphan files on the report. A file that still
//! fails to store (a disk error) is counted and reported on the page; the answer stands.

use super::act::{after, refused};
use super::form::{ActionForm, Draft, body_of, run};
use super::page::{Flash, Shown, page};
use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::reports::attachments::store_upload;
use aduan_app::reports::read::load;
use aduan_pagekit::csrf;
use aduan_pagekit::errors::PageError;
use axum::body::Bytes;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;

/// At most this many files with one answer.
pub const MAX_FILES: usize = 5;

/// The largest answer accepted: five of the largest files allowed by default, plus the text.
pub const MAX_BODY: usize = MAX_FILES * 50 * 1024 * 1024 + 1024 * 1024;

/// The fields and files of the form.
#[derive(Default)]
struct Sent {
    csrf: String,
    action: String,
    version: Option<i64>,
    body: String,
    queue: String,
    files: Vec<(String, Bytes)>,
}

async fn read(mut mp: Multipart) -> Result<Sent, PageError> {
    let mut sent = Sent::default();
    while let Some(field) = mp.next_field().await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            PageError::App(AppError::PayloadTooLarge)
        } else {
            PageError::BadForm
        }
    })? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "files" {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let bytes = field.bytes().await.map_err(|_| PageError::BadForm)?;
            if !(file_name.is_empty() && bytes.is_empty()) {
                sent.files.push((file_name, bytes));
            }
            continue;
        }
        let value = field.text().await.map_err(|_| PageError::BadForm)?;
        match name.as_str() {
            "csrf" => sent.csrf = value,
            "action" => sent.action = value,
            "version" => sent.version = value.trim().parse().ok(),
            "body" => sent.body = value,
            "queue" => sent.queue = value,
            _ => {}
        }
    }
    Ok(sent)
}

/// The message key for the first file that would be refused, if any.
async fn check_files(state: &AppState, files: &[(String, Bytes)]) -> Option<&'static str> {
    if files.len() > MAX_FILES {
        return Some("review-error-too-many-files");
    }
    let limits = state.attachments.limits;
    for (name, bytes) in files {
        let (name, bytes) = (name.clone(), bytes.clone());
        let checked = tokio::task::spawn_blocking(move || {
            aduan_attachments::prepare(bytes.as_ref(), &name, &limits).map(|_| ())
        })
        .await;
        match checked {
            Ok(Ok(())) => {}
            Ok(Err(e)) if e.code() == "attachment_too_large" => {
                return Some("review-error-file-too-large");
            }
            _ => return Some("review-error-file"),
        }
    }
    None
}

/// `POST /kantor/laporan/{id}/jawaban`.
pub async fn answer(
    State(state): State<AppState>,
    s: StaffCtx,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let sent = read(multipart.map_err(|_| PageError::BadForm)?).await?;
    if s.c.csrf.is_empty() || !csrf::same(&s.c.csrf, &sent.csrf) {
        return Err(PageError::Csrf);
    }
    if !matches!(sent.action.as_str(), "follow_up" | "complete") || sent.version.is_none() {
        return Err(PageError::BadForm);
    }
    let form = ActionForm::text(&sent.action, sent.version, sent.body, String::new());
    if let Some(key) = check_files(&state, &sent.files).await {
        let shown = Shown {
            flash: Some(Flash {
                ok: false,
                text: s.c.t(key),
                reload: false,
            }),
            draft: Draft::from(&form),
            queue: Some(sent.queue.clone()).filter(|q| !q.is_empty()),
            ..Shown::default()
        };
        return page(&state, s, &id, shown, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let caller = s.caller();
    if let Err(e) = run(&state, caller.clone(), &id, body_of(&form)).await {
        return refused(&state, s, &id, Draft::from(&form), e, &sent.queue).await;
    }
    let mut failed = 0;
    if !sent.files.is_empty() {
        let seen = load(&state, &caller, &id).await?;
        for (name, bytes) in sent.files {
            if let Err(e) = store_upload(&state, &seen, name, bytes).await {
                tracing::warn!(tracking_id = %seen.report().tracking_id, error = %e, "answer file not stored");
                failed += 1;
            }
        }
    }
    after(&state, &s, &id, &sent.action, failed, &sent.queue).await
}

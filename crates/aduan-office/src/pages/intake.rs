//! `GET/POST /kantor/lapor`: staff file a report on behalf of a reporter who came to the
//! counter, phoned, or sent a letter, with the reporter's details and consent choices, and
//! hand over the tracking id and the access code on a printable receipt. The report is filed
//! through the same use case as `POST /api/v1/reports` (`on_behalf`, channel walk_in, phone or
//! paper), then each scanned page as every upload is stored.

mod form;

use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_domain::actor::StaffRole;
use aduan_pagekit::choices::{self, Choices};
use aduan_pagekit::errors::PageError;
use aduan_pagekit::{Ctx, csrf, render};
use askama::Template;
use axum::body::Bytes;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use form::{CHANNELS, Draft};
use rand::RngCore;
use std::collections::BTreeMap;

/// At most this many files (scanned pages, photos) with one report.
pub const MAX_FILES: usize = 5;

/// The largest intake form accepted: five of the largest files allowed, plus the text.
pub const MAX_BODY: usize = 5 * 50 * 1024 * 1024 + 1024 * 1024;

#[derive(Template)]
#[template(path = "office_intake.html")]
struct IntakePage {
    c: Ctx,
    d: Draft,
    channels: [&'static str; 3],
    choices: Choices,
    errors: BTreeMap<String, String>,
    limits_mb: (u64, u64, u64),
    max_files: usize,
}

impl IntakePage {
    fn err(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

#[derive(Template)]
#[template(path = "office_intake_done.html")]
struct IntakeDone {
    c: Ctx,
    tracking_id: String,
    access_code: Option<String>,
    channel: String,
    received: String,
    confidential: bool,
    anonymous: bool,
    failed_files: Vec<String>,
}

/// Supervisors only read: they never type in reports for others.
fn may_file(s: &StaffCtx) -> Result<(), PageError> {
    match s.role() {
        StaffRole::Supervisor { .. } => Err(PageError::Forbidden),
        _ => Ok(()),
    }
}

fn new_key() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

async fn form_page(
    state: &AppState,
    c: Ctx,
    d: Draft,
    errors: BTreeMap<String, String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    const MIB: u64 = 1024 * 1024;
    let limits = state.attachments.limits;
    let page = IntakePage {
        choices: choices::load(state).await?,
        c,
        d,
        channels: CHANNELS,
        errors,
        limits_mb: (limits.image / MIB, limits.pdf / MIB, limits.video / MIB),
        max_files: MAX_FILES,
    };
    let mut res = render(&page)?;
    *res.status_mut() = status;
    Ok(res)
}

/// `GET /kantor/lapor`: the empty form; agency staff find their own agency chosen.
pub async fn form(State(state): State<AppState>, s: StaffCtx) -> Result<Response, PageError> {
    may_file(&s)?;
    let agency = match s.role() {
        StaffRole::AgencyAdmin { agency } | StaffRole::UnitOfficer { agency, .. } => {
            agency.to_string()
        }
        _ => String::new(),
    };
    let d = Draft {
        channel: "walk_in".into(),
        kind: "complaint".into(),
        agency,
        idem: new_key(),
        ..Draft::default()
    };
    form_page(&state, s.c, d, BTreeMap::new(), StatusCode::OK).await
}

/// Checks every file before the report is filed, so that a bad file files nothing.
async fn check_files(
    state: &AppState,
    files: &[(String, Bytes)],
) -> Option<BTreeMap<String, String>> {
    let refused = |code: &str| Some(BTreeMap::from([("files".to_owned(), code.to_owned())]));
    if files.len() > MAX_FILES {
        return refused("too_many_files");
    }
    let limits = state.attachments.limits;
    for (name, bytes) in files {
        let (name, bytes) = (name.clone(), bytes.clone());
        let checked = tokio::task::spawn_blocking(move || {
            aduan_attachments::prepare(bytes.as_ref(), &name, &limits).map(|_| ())
        })
        .await;
        if let Ok(Err(e)) = checked {
            return refused(e.code());
        }
    }
    None
}

/// `POST /kantor/lapor`.
pub async fn submit(
    State(state): State<AppState>,
    s: StaffCtx,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    may_file(&s)?;
    let posted = form::read(multipart.map_err(|_| PageError::BadForm)?).await?;
    if s.c.csrf.is_empty() || !csrf::same(&s.c.csrf, &posted.token) {
        return Err(PageError::Csrf);
    }
    let d = posted.draft;
    // A scanned letter or a photo may carry the name or signature of an anonymous reporter,
    // and attachments reach the agency: an anonymous intake takes no files.
    if d.anonymous && !posted.files.is_empty() {
        let errors = BTreeMap::from([("files".to_owned(), "anonymous_no_files".to_owned())]);
        return invalid(&state, s.c, d, errors).await;
    }
    let req = match form::request_of(&d) {
        Ok(req) => match check_files(&state, &posted.files).await {
            None => req,
            Some(errors) => return invalid(&state, s.c, d, errors).await,
        },
        Err(errors) => return invalid(&state, s.c, d, errors).await,
    };
    // The form's idempotency key, as a header would carry it.
    let key =
        Some(d.idem.trim()).filter(|k| HeaderValue::from_str(k).is_ok_and(|v| v.to_str().is_ok()));
    let caller = s.caller();
    let filed = aduan_app::reports::submit::submit(&state, caller.clone(), key, req).await;
    let answer = match filed {
        Ok(answer) => answer,
        Err(AppError::Validation(errors)) => return invalid(&state, s.c, d, errors).await,
        Err(e) => return Err(e.into()),
    };
    let id = answer.tracking_id;
    let report = state
        .store
        .get_report(&id)
        .await?
        .ok_or(PageError::NotFound)?;
    let mut failed_files = Vec::new();
    if !answer.replayed && !posted.files.is_empty() {
        let seen = aduan_app::reports::viewer::Viewed::of(&state, &caller, report.clone()).await?;
        for (name, bytes) in posted.files {
            let shown = name.clone();
            let stored =
                aduan_app::reports::attachments::store_upload(&state, &seen, name, bytes).await;
            if let Err(e) = stored {
                tracing::warn!(tracking_id = %id, error = %e, "attachment not stored");
                failed_files.push(shown);
            }
        }
    }
    let page = IntakeDone {
        tracking_id: answer.tracking_id.to_string(),
        access_code: answer.access_code.clone(),
        channel: report.channel.as_string(),
        received: s.c.when(&report.submitted_at),
        confidential: report.state.confidential,
        anonymous: report.anonymous,
        failed_files,
        c: s.c,
    };
    let mut res = render(&page)?;
    *res.status_mut() = if answer.replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    // The access code is on this page only: no cache keeps it.
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

async fn invalid(
    state: &AppState,
    c: Ctx,
    d: Draft,
    api_errors: BTreeMap<String, String>,
) -> Result<Response, PageError> {
    let errors = aduan_pagekit::fields::localise(&c, api_errors);
    form_page(state, c, d, errors, StatusCode::UNPROCESSABLE_ENTITY).await
}

//! `GET/POST /lapor`: the submit form and its confirmation. The form posts multipart (with
//! photos) and works without JavaScript; the report is filed through the same use case as
//! `POST /api/v1/reports`, then each file as every upload is stored.

use aduan_app::AppState;
use aduan_app::auth::Caller;
use aduan_app::error::AppError;
use aduan_app::reports::intake::{LocationInput, ReporterInput};
use aduan_app::reports::submit::SubmitRequest;
use aduan_app::uploads;
use aduan_attachments::Spooled;
use aduan_pagekit::choices::{self, Choices};
use aduan_pagekit::csrf;
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::fields::localise;
use aduan_pagekit::render;
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rand::RngCore;
use std::collections::BTreeMap;

/// At most this many files with one report.
pub const MAX_FILES: usize = 5;

/// What the person typed, kept when the form comes back with errors.
#[derive(Debug, Default, Clone)]
pub struct Draft {
    pub kind: String,
    pub title: String,
    pub body: String,
    pub incident_date: String,
    pub location_text: String,
    pub province: String,
    pub region: String,
    pub lat: String,
    pub lon: String,
    pub agency: String,
    pub category: String,
    pub anonymous: bool,
    pub confidential: bool,
    pub show_name: bool,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub nik: String,
    /// How to hear about the report: email, sms or both.
    pub notify: String,
    /// The page's language, for the notices.
    pub language: String,
    pub idem: String,
}

impl Draft {
    fn set(&mut self, name: &str, value: String) {
        let on = || matches!(value.as_str(), "on" | "1" | "true");
        match name {
            "kind" => self.kind = value,
            "title" => self.title = value,
            "body" => self.body = value,
            "incident_date" => self.incident_date = value,
            "location_text" => self.location_text = value,
            "province" => self.province = value,
            "region" => self.region = value,
            "lat" => self.lat = value,
            "lon" => self.lon = value,
            "agency" => self.agency = value,
            "category" => self.category = value,
            "anonymous" => self.anonymous = on(),
            "confidential" => self.confidential = on(),
            "show_name" => self.show_name = on(),
            "name" => self.name = value,
            "email" => self.email = value,
            "phone" => self.phone = value,
            "nik" => self.nik = value,
            "notify" => self.notify = value,
            "idem" => self.idem = value,
            _ => {}
        }
    }
}

#[derive(Template)]
#[template(path = "submit.html")]
struct SubmitPage {
    c: Ctx,
    d: Draft,
    choices: Choices,
    errors: BTreeMap<String, String>,
    limits_mb: (u64, u64, u64),
    max_files: usize,
}

impl SubmitPage {
    fn err(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

#[derive(Template)]
#[template(path = "confirmation.html")]
struct Confirmation {
    c: Ctx,
    tracking_id: String,
    access_code: Option<String>,
    replayed: bool,
    confidential: bool,
    sensitive: bool,
    failed_files: Vec<String>,
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
    let limits = state.attachments.limits;
    const MIB: u64 = 1024 * 1024;
    let page = SubmitPage {
        choices: choices::load(state).await?,
        c,
        d,
        errors,
        limits_mb: (limits.image / MIB, limits.pdf / MIB, limits.video / MIB),
        max_files: MAX_FILES,
    };
    let mut res = render(&page)?;
    *res.status_mut() = status;
    Ok(res)
}

/// `GET /lapor`.
pub async fn form(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let d = Draft {
        kind: "complaint".into(),
        idem: new_key(),
        ..Draft::default()
    };
    form_page(&state, c, d, BTreeMap::new(), StatusCode::OK).await
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

fn request_of(d: &Draft) -> Result<SubmitRequest, BTreeMap<String, String>> {
    let mut errors = BTreeMap::new();
    let incident_date = match opt(&d.incident_date) {
        None => None,
        Some(s) => match chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
            Ok(v) => Some(v),
            Err(_) => {
                errors.insert("incident_date".into(), "invalid".into());
                None
            }
        },
    };
    let coord = |s: &str, errors: &mut BTreeMap<String, String>| match opt(s) {
        None => None,
        Some(v) => v.parse::<f64>().ok().or_else(|| {
            errors.insert("location".into(), "outside_indonesia".into());
            None
        }),
    };
    let lat = coord(&d.lat, &mut errors);
    let lon = coord(&d.lon, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let region = opt(&d.region).or_else(|| opt(&d.province));
    let location =
        (opt(&d.location_text).is_some() || region.is_some() || lat.is_some()).then(|| {
            LocationInput {
                text: d.location_text.trim().to_owned(),
                region_code: region,
                lat,
                lon,
            }
        });
    let reporter = ReporterInput {
        name: opt(&d.name),
        email: opt(&d.email),
        phone: opt(&d.phone),
        nik: opt(&d.nik),
        notify: opt(&d.notify),
        language: opt(&d.language),
    };
    let has_identity = reporter.name.is_some()
        || reporter.email.is_some()
        || reporter.phone.is_some()
        || reporter.nik.is_some();
    Ok(SubmitRequest {
        kind: d.kind.clone(),
        title: opt(&d.title),
        body: d.body.clone(),
        incident_date,
        location,
        requested_agency: opt(&d.agency),
        category: opt(&d.category),
        anonymous: d.anonymous,
        // Unticked means "the topic's default": a sensitive topic stays confidential.
        confidential: d.confidential.then_some(true),
        show_name: d.show_name,
        reporter: has_identity.then_some(reporter),
        channel: None,
        on_behalf: None,
    })
}

/// A file of the form: on disk, or why it was refused while it arrived.
type FormFile = (String, Result<Spooled, String>);

/// Reads the multipart form: fields and files, each file written to disk as it arrives (its
/// type checked from its first bytes; a refused one is read no further and noted).
async fn read_form(
    state: &AppState,
    mut mp: Multipart,
) -> Result<(Draft, String, Vec<FormFile>), PageError> {
    let mut d = Draft::default();
    let mut token = String::new();
    let mut files = Vec::new();
    let too_large = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            PageError::App(AppError::PayloadTooLarge)
        } else {
            PageError::BadForm
        }
    };
    while let Some(mut field) = mp.next_field().await.map_err(too_large)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "files" {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let mut receiving = None;
            let mut refused = None;
            while let Some(chunk) = uploads::next_chunk(field.chunk())
                .await?
                .map_err(too_large)?
            {
                if refused.is_some() || chunk.is_empty() {
                    continue;
                }
                if receiving.is_none() {
                    receiving = Some(uploads::receive(state).await?);
                }
                if let Some(r) = receiving.as_mut()
                    && let Err(e) = r.push(&chunk).await
                {
                    refused = Some(refusal_code(e)?);
                    receiving = None;
                }
            }
            let kept = match (refused, receiving) {
                (Some(code), _) => Err(code),
                (None, Some(r)) => match r.finish().await {
                    Ok(spooled) => Ok(spooled),
                    Err(e) => Err(refusal_code(e)?),
                },
                // No file chosen: the browser sends an empty, nameless part.
                (None, None) if file_name.is_empty() => continue,
                (None, None) => Err("attachment_empty".to_owned()),
            };
            files.push((file_name, kept));
            continue;
        }
        let value = field.text().await.map_err(|_| PageError::BadForm)?;
        if name == "csrf" {
            token = value;
        } else {
            d.set(&name, value);
        }
    }
    Ok((d, token, files))
}

/// The code of a file refused as it arrived; any other failure stops the form.
fn refusal_code(e: AppError) -> Result<String, PageError> {
    match e {
        AppError::Validation(fields) => Ok(fields
            .get("file")
            .cloned()
            .unwrap_or_else(|| "attachment_corrupt".to_owned())),
        other => Err(other.into()),
    }
}

/// Checks every file before the report is filed, so a bad file files nothing.
async fn check_files(
    state: &AppState,
    files: &[FormFile],
) -> Result<Option<BTreeMap<String, String>>, PageError> {
    let refused = |code: String| Ok(Some(BTreeMap::from([("files".to_owned(), code)])));
    if files.len() > MAX_FILES {
        return refused("too_many_files".to_owned());
    }
    for (name, file) in files {
        match file {
            Err(code) => return refused(code.clone()),
            Ok(spooled) => {
                if let Err(e) = uploads::check(state, spooled, name).await {
                    return refused(refusal_code(e)?);
                }
            }
        }
    }
    Ok(None)
}

/// `POST /lapor`.
pub async fn submit(
    State(state): State<AppState>,
    c: Ctx,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let multipart = multipart.map_err(|_| PageError::BadForm)?;
    let (mut d, token, files) = read_form(&state, multipart).await?;
    d.language = c.lang().to_owned();
    if c.csrf.is_empty() || !csrf::same(&c.csrf, &token) {
        return Err(PageError::Csrf);
    }
    let bad = match request_of(&d) {
        Err(errors) => Some(errors),
        Ok(_) => check_files(&state, &files).await?,
    };
    if let Some(errors) = bad {
        let errors = localise(&c, errors);
        return form_page(&state, c, d, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let Ok(req) = request_of(&d) else {
        return Err(PageError::BadForm);
    };
    // The form's idempotency key, as a header would carry it.
    let key =
        Some(d.idem.trim()).filter(|k| HeaderValue::from_str(k).is_ok_and(|v| v.to_str().is_ok()));
    // A staff session in this browser is ignored: a report filed here is always a citizen's
    // (see `Caller::for_own_submission`), and so are the files attached to it.
    let caller = Caller {
        user: c.user.clone(),
        client: c.client,
        ..Caller::default()
    }
    .for_own_submission();
    let filed = aduan_app::reports::submit::submit(&state, caller.clone(), key, req).await;
    let answer = match filed {
        Ok(answer) => answer,
        Err(AppError::Validation(errors)) => {
            let errors = localise(&c, errors);
            return form_page(&state, c, d, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(e) => return Err(e.into()),
    };
    let id = answer.tracking_id;
    let report = state
        .store
        .get_report(&id)
        .await?
        .ok_or(PageError::NotFound)?;
    let mut failed_files = Vec::new();
    if !answer.replayed && !files.is_empty() {
        let caller = Caller {
            access_code: answer
                .access_code
                .as_deref()
                .map(aduan_app::auth::normalise_access_code),
            ..caller
        };
        let seen = aduan_app::reports::viewer::Viewed::of(&state, &caller, report.clone()).await?;
        for (name, file) in files {
            let shown = name.clone();
            let Ok(spooled) = file else { continue };
            if let Err(e) =
                aduan_app::reports::attachments::store_upload(&state, &seen, name, spooled).await
            {
                tracing::warn!(tracking_id = %id, error = %e, "attachment not stored");
                failed_files.push(shown);
            }
        }
    }
    let sensitive = match &report.state.category {
        Some(cat) => state
            .store
            .get_category(cat)
            .await?
            .is_some_and(|c| c.sensitive),
        None => false,
    };
    let page = Confirmation {
        tracking_id: answer.tracking_id.to_string(),
        access_code: answer.access_code.clone(),
        replayed: answer.replayed,
        confidential: report.state.confidential,
        sensitive,
        failed_files,
        c,
    };
    let mut res = render(&page)?;
    *res.status_mut() = if answer.replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    if let Some(code) = &answer.access_code {
        super::report::access::remember(&state, &mut res, &id.to_string(), code);
    }
    Ok(res.into_response())
}

/// The largest submit form accepted: five of the largest files allowed by default, plus the
/// text (the per-file limits apply to each file).
pub const MAX_BODY: usize = 5 * 50 * 1024 * 1024 + 1024 * 1024;

//! The intake form's fields: what staff typed (kept when the form comes back with errors),
//! read from the multipart body and turned into the submit request the API takes too. The page kit
//! (`aduan_pagekit::fields`) places the API's field errors next to the fields they concern.

use aduan_app::error::AppError;
use aduan_app::reports::intake::{LocationInput, ReporterInput};
use aduan_app::reports::submit::{OnBehalf, SubmitRequest};
use aduan_pagekit::errors::PageError;
use axum::body::Bytes;
use axum::extract::Multipart;
use axum::http::StatusCode;
use std::collections::BTreeMap;

/// The channels staff file through.
pub const CHANNELS: [&str; 3] = ["walk_in", "phone", "paper"];

/// What staff typed.
#[derive(Debug, Default, Clone)]
pub struct Draft {
    pub channel: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub incident_date: String,
    pub location_text: String,
    pub province: String,
    pub region: String,
    pub agency: String,
    pub category: String,
    pub anonymous: bool,
    pub confidential: bool,
    pub show_name: bool,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub nik: String,
    pub idem: String,
}

impl Draft {
    fn set(&mut self, name: &str, value: String) {
        let on = matches!(value.as_str(), "on" | "1" | "true");
        match name {
            "channel" => self.channel = value,
            "kind" => self.kind = value,
            "title" => self.title = value,
            "body" => self.body = value,
            "incident_date" => self.incident_date = value,
            "location_text" => self.location_text = value,
            "province" => self.province = value,
            "region" => self.region = value,
            "agency" => self.agency = value,
            "category" => self.category = value,
            "anonymous" => self.anonymous = on,
            "confidential" => self.confidential = on,
            "show_name" => self.show_name = on,
            "name" => self.name = value,
            "email" => self.email = value,
            "phone" => self.phone = value,
            "nik" => self.nik = value,
            "idem" => self.idem = value,
            _ => {}
        }
    }
}

/// The form as posted: fields, the CSRF token, and the files.
pub struct Posted {
    /// The fields.
    pub draft: Draft,
    /// The CSRF token field.
    pub token: String,
    /// The files (name, bytes), empty file inputs left out.
    pub files: Vec<(String, Bytes)>,
}

/// Reads the multipart form.
pub async fn read(mut mp: Multipart) -> Result<Posted, PageError> {
    let mut posted = Posted {
        draft: Draft::default(),
        token: String::new(),
        files: Vec::new(),
    };
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
                posted.files.push((file_name, bytes));
            }
            continue;
        }
        let value = field.text().await.map_err(|_| PageError::BadForm)?;
        if name == "csrf" {
            posted.token = value;
        } else {
            posted.draft.set(&name, value);
        }
    }
    Ok(posted)
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// The API request for a report filed on behalf of the reporter, or the API-style field
/// errors of what cannot even be sent.
pub fn request_of(d: &Draft) -> Result<SubmitRequest, BTreeMap<String, String>> {
    let mut errors = BTreeMap::new();
    if !CHANNELS.contains(&d.channel.as_str()) {
        errors.insert("channel".to_owned(), "required".to_owned());
    }
    let incident_date = match opt(&d.incident_date) {
        None => None,
        Some(s) => chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .map_err(|_| errors.insert("incident_date".to_owned(), "invalid".to_owned()))
            .ok(),
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let region = opt(&d.region).or_else(|| opt(&d.province));
    let location = (opt(&d.location_text).is_some() || region.is_some()).then(|| LocationInput {
        text: d.location_text.trim().to_owned(),
        region_code: region,
        lat: None,
        lon: None,
    });
    let reporter = ReporterInput {
        name: opt(&d.name),
        email: opt(&d.email),
        phone: opt(&d.phone),
        nik: opt(&d.nik),
        ..ReporterInput::default()
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
        anonymous: false,
        confidential: None,
        show_name: false,
        reporter: None,
        channel: Some(d.channel.clone()),
        on_behalf: Some(OnBehalf {
            reporter: has_identity.then_some(reporter),
            anonymous: d.anonymous,
            // Unticked means "the topic's default": a sensitive topic stays confidential.
            confidential: d.confidential.then_some(true),
            show_name: d.show_name,
        }),
    })
}

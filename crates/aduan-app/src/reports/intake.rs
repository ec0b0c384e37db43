//! Validation of a new report's fields, shared by submission and staff intake.

use crate::error::{AppError, AppResult, FieldErrors};
use crate::lookup::Directory;
use aduan_domain::contact::{Email, Nik, PhoneNumber};
use aduan_domain::report::{Channel, Kind, Location, NewReport, ReporterIdentity, title_from_body};
use aduan_domain::{AgencyId, CategoryId};
use aduan_store::{Language, NotifyVia, ReporterNotify, User};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Longest body accepted, in characters.
pub const MAX_BODY: usize = 10_000;
/// Longest title accepted, in characters.
pub const MAX_TITLE: usize = 150;

/// The reporter's consent choices.
#[derive(Debug, Default, Clone, Copy)]
pub struct IntakeChoices {
    /// Hide the identity from everyone but the reporter (and an audited reveal).
    pub anonymous: bool,
    /// Keep the report out of public view; absent means the category's default.
    pub confidential: Option<bool>,
    /// Show the reporter's name on the public page.
    pub show_name: bool,
}

/// A reporter's identity as given, and how they want to hear about the report.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReporterInput {
    /// Full name.
    pub name: Option<String>,
    /// E-mail address.
    #[schema(
        max_length = 254,
        pattern = r"^[ \t\r\n]*[!-?A-~]{1,64}@[!-\-/-?A-~]+(\.[!-\-/-?A-~]+)+[ \t\r\n]*$"
    )]
    pub email: Option<String>,
    /// Phone number: `08…`, `628…` or `+…`, 9 to 15 digits in international form.
    #[schema(pattern = r"^[ \t\r\n]*(\+?[1-9][0-9]{8,14}|0[0-9]{7,13})[ \t\r\n]*$")]
    pub phone: Option<String>,
    /// NIK: 16 digits, a province (11–96) first and a birth date (day + 40 for women, then
    /// month) at positions 7–10.
    #[schema(
        pattern = r"^(1[1-9]|[2-8][0-9]|9[0-6])[0-9]{4}(0[1-9]|[1256][0-9]|3[01]|4[1-9]|7[01])(0[1-9]|1[0-2])[0-9]{6}$"
    )]
    pub nik: Option<String>,
    /// How to hear about the report: `email` (the default; SMS when only a phone is given),
    /// `sms` (e-mail when only an address is given) or `both`.
    #[schema(pattern = "^(email|sms|both)$")]
    pub notify: Option<String>,
    /// The language of the notices: `id` (the default) or `en`.
    #[schema(pattern = "^(id|en)$")]
    pub language: Option<String>,
}

/// The notice channels and language a reporter without an account chose; `None` when they
/// chose neither.
pub fn reporter_notify(input: Option<&ReporterInput>) -> AppResult<Option<ReporterNotify>> {
    let Some(r) = input else {
        return Ok(None);
    };
    let via = match text(r.notify.clone()) {
        None => None,
        Some(v) => Some(
            NotifyVia::parse(&v).ok_or_else(|| AppError::field("reporter.notify", "invalid"))?,
        ),
    };
    let language = match text(r.language.clone()) {
        None => None,
        Some(l) => Some(
            Language::parse(&l).ok_or_else(|| AppError::field("reporter.language", "invalid"))?,
        ),
    };
    if via.is_none() && language.is_none() {
        return Ok(None);
    }
    Ok(Some(ReporterNotify {
        via: via.unwrap_or_default(),
        language: language.unwrap_or(Language::Id),
    }))
}

/// Where it happened, as given.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationInput {
    /// The place in words (1 to 300 characters, not only spaces).
    #[schema(min_length = 1, max_length = 300, pattern = r"\S")]
    pub text: String,
    /// Kemendagri code of a province (`35`) or kabupaten/kota (`35.78`).
    #[schema(pattern = r"^[0-9]{2}(\.[0-9]{2})?$")]
    pub region_code: Option<String>,
    /// Latitude, within Indonesia; given with `lon` or not at all.
    #[schema(minimum = -11.5, maximum = 6.5)]
    pub lat: Option<f64>,
    /// Longitude, within Indonesia; given with `lat` or not at all.
    #[schema(minimum = 94.5, maximum = 141.5)]
    pub lon: Option<f64>,
}

/// A report ready for the lifecycle, and the identity to store apart from it.
#[derive(Debug)]
pub struct ValidReport {
    /// The report.
    pub report: NewReport,
    /// The identity.
    pub identity: ReporterIdentity,
}

fn text(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

pub(crate) fn region_code_ok(code: &str) -> bool {
    let parts: Vec<&str> = code.split('.').collect();
    (1..=2).contains(&parts.len())
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_digit()))
}

/// Validates every field, collecting all errors before answering; `today` is the day the report
/// is filed on (its incident may not be later than the next day, its category must be active).
#[allow(clippy::too_many_arguments)]
pub async fn validate_new_report(
    dir: &impl Directory,
    today: NaiveDate,
    kind: &str,
    title: Option<String>,
    body: String,
    incident_date: Option<NaiveDate>,
    location: Option<LocationInput>,
    requested_agency: Option<String>,
    category: Option<String>,
    choices: &IntakeChoices,
    reporter: Option<ReporterInput>,
    account: Option<&User>,
    channel: Channel,
) -> AppResult<ValidReport> {
    let mut errors = FieldErrors::new();
    let mut err = |f: &str, c: &str| {
        errors.entry(f.to_owned()).or_insert_with(|| c.to_owned());
    };
    let kind = Kind::parse(kind);
    if kind.is_none() {
        err("kind", "invalid");
    }
    let body = body.trim().to_owned();
    if body.is_empty() {
        err("body", "required");
    } else if body.chars().count() > MAX_BODY {
        err("body", "too_long");
    }
    let needs_details = matches!(channel, Channel::Web | Channel::Mobile);
    let title = text(title);
    match &title {
        Some(t) if t.chars().count() > MAX_TITLE => err("title", "too_long"),
        None if needs_details => err("title", "required"),
        _ => {}
    }
    if incident_date.is_some_and(|d| d > today.succ_opt().unwrap_or(today)) {
        err("incident_date", "in_future");
    }
    let location = match location {
        Some(l) => {
            let text = l.text.trim().to_owned();
            if text.is_empty() || text.chars().count() > 300 {
                err("location.text", "required");
            }
            if let Some(code) = &l.region_code
                && !region_code_ok(code)
            {
                err("location.region_code", "invalid");
            }
            if l.lat.is_some_and(|v| !(-11.5..=6.5).contains(&v))
                || l.lon.is_some_and(|v| !(94.5..=141.5).contains(&v))
            {
                err("location", "outside_indonesia");
            }
            if l.lat.is_some() != l.lon.is_some() {
                err("location", "lat_and_lon_together");
            }
            Some(Location {
                text,
                region_code: l.region_code,
                lat: l.lat,
                lon: l.lon,
            })
        }
        None if needs_details => {
            err("location", "required");
            None
        }
        None => None,
    };
    let requested_agency = match text(requested_agency) {
        Some(slug) => {
            let id = AgencyId::new(slug);
            if !dir.agency_known(&id).await? {
                err("requested_agency", "unknown_agency");
            }
            Some(id)
        }
        None => None,
    };
    let mut sensitive = false;
    let category = match text(category) {
        Some(c) => {
            let id = CategoryId::new(c);
            match dir.category(&id).await? {
                None => err("category", "unknown_category"),
                Some(cat) if !cat.is_active(today) => err("category", "category_inactive"),
                Some(cat) => sensitive = cat.sensitive,
            }
            Some(id)
        }
        None => None,
    };
    let identity = match account {
        Some(u) => ReporterIdentity {
            name: Some(u.name.clone()),
            email: u.email.clone(),
            phone: u.phone.clone(),
            nik: u.nik.clone(),
            chat: None,
        },
        None => identity(
            reporter,
            choices.anonymous,
            channel.is_free_text(),
            &mut err,
        ),
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let (Some(kind), body) = (kind, body) else {
        return Err(AppError::field("kind", "invalid"));
    };
    let title = title.or_else(|| Some(title_from_body(&body)));
    Ok(ValidReport {
        report: NewReport {
            kind,
            title,
            body,
            incident_date,
            location,
            requested_agency,
            category,
            anonymous: choices.anonymous,
            confidential: choices.confidential.unwrap_or(sensitive),
            confidential_choice: choices.confidential,
            show_name: choices.show_name && !choices.anonymous,
            channel,
        },
        identity,
    })
}

/// The identity as given. A name is required unless the reporter is anonymous or wrote
/// through a free-text channel (an SMS carries a number, not a name).
fn identity(
    input: Option<ReporterInput>,
    anonymous: bool,
    free_text: bool,
    err: &mut impl FnMut(&str, &str),
) -> ReporterIdentity {
    let Some(r) = input else {
        if !anonymous {
            err("reporter", "required");
        }
        return ReporterIdentity::default();
    };
    let name = text(r.name);
    if name.is_none() && !anonymous && !free_text {
        err("reporter.name", "required");
    }
    let email = text(r.email).and_then(|e| {
        Email::parse(&e)
            .map_err(|e| err("reporter.email", e.code()))
            .ok()
    });
    let phone = text(r.phone).and_then(|p| {
        PhoneNumber::parse(&p)
            .map_err(|e| err("reporter.phone", e.code()))
            .ok()
    });
    let nik = text(r.nik).and_then(|n| {
        Nik::parse(&n)
            .map_err(|e| err("reporter.nik", e.code()))
            .ok()
    });
    ReporterIdentity {
        name,
        email: email.map(|e| e.as_str().to_owned()),
        phone: phone.map(|p| p.as_str().to_owned()),
        nik: nik.map(|n| n.as_str().to_owned()),
        chat: None,
    }
}

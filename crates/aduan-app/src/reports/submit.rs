//! Submitting a report as whoever calls: anyone, a logged-in citizen, or staff on behalf of a
//! walk-in, phone or paper reporter. The API and the portal's and back office's forms file
//! through [`submit`]; gateway channels (SMS, e-mail) through [`file_report`].

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::limiter::{self, Policy};
use crate::reports::intake::{IntakeChoices, ReporterInput};
use aduan_domain::report::Channel;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use super::filing::{FileInput, Filed, file_report, replayed};

/// `POST /reports` body.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "kind": "complaint",
    "title": "Jalan berlubang di depan pasar",
    "body": "Lubang besar di tengah jalan depan Pasar Wonokromo sejak dua minggu, sudah dua motor jatuh.",
    "location": {"text": "Jl. Raya Wonokromo, depan pasar", "region_code": "35.78"},
    "reporter": {"name": "Siti Aminah", "email": "siti.aminah@example.com"}
}))]
pub struct SubmitRequest {
    /// complaint, aspiration or information_request.
    #[schema(schema_with = report_kind)]
    pub kind: String,
    /// Title, at most 150 characters: required on the web and mobile channels (the default);
    /// a report staff file on behalf may leave it out.
    #[schema(max_length = 150)]
    pub title: Option<String>,
    /// The chronology (1 to 10,000 characters, not only spaces).
    #[schema(min_length = 1, max_length = 10000, pattern = r"\S")]
    pub body: String,
    /// When it happened (YYYY-MM-DD).
    pub incident_date: Option<chrono::NaiveDate>,
    /// Where it happened.
    pub location: Option<crate::reports::intake::LocationInput>,
    /// The agency the reporter asks for (slug).
    pub requested_agency: Option<String>,
    /// Category id.
    pub category: Option<String>,
    /// Hide the identity from everyone but the reporter (and an audited reveal).
    #[serde(default)]
    pub anonymous: bool,
    /// Keep the report out of public view; absent means the category's default.
    pub confidential: Option<bool>,
    /// Show the reporter's name on the public page.
    #[serde(default)]
    pub show_name: bool,
    /// The reporter's identity (optional when anonymous).
    pub reporter: Option<ReporterInput>,
    /// web (default) or mobile; staff filing on behalf use walk_in, phone or paper.
    #[schema(pattern = "^(web|mobile|walk_in|phone|paper)$")]
    pub channel: Option<String>,
    /// Staff only: the reporter's details and choices for a walk-in, phone or paper report.
    pub on_behalf: Option<OnBehalf>,
}

/// The kinds of report in the API document (the value is read by `Kind::parse`).
pub(crate) fn report_kind() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(["complaint", "aspiration", "information_request"]))
        .description(Some("complaint, aspiration or information_request."))
        .build()
}

/// A reporter's details and choices given to staff.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OnBehalf {
    /// The reporter's identity.
    pub reporter: Option<ReporterInput>,
    /// Hide the identity from everyone but the reporter.
    #[serde(default)]
    pub anonymous: bool,
    /// Keep the report out of public view; absent means the category's default.
    pub confidential: Option<bool>,
    /// Show the reporter's name on the public page.
    #[serde(default)]
    pub show_name: bool,
}

/// Submits a report for `caller`. An idempotency `key` belongs to its client (the account when
/// logged in, else the client's address) and to the request it came with: the same key with
/// another request is refused with `idempotency_mismatch`, and the same request answers the
/// report filed first (`replayed`). Submissions without an account are limited per address.
pub async fn submit(
    state: &AppState,
    caller: Caller,
    key: Option<&str>,
    req: SubmitRequest,
) -> AppResult<Filed> {
    // A submission that is not on behalf of a visitor is always a citizen's. Portal and back
    // office share one origin and cookie, so a staff member filing their own report through
    // `/lapor` (or the API) still carries their staff session; insiders are the typical
    // whistleblowers, so that session is ignored here rather than refused: refusing would
    // push them to reveal they are staff or to give up. The report is filed as from a
    // citizen without an account, with an access code, and no staff id, agency or unit is
    // stored on it.
    let caller = if req.on_behalf.is_none() {
        caller.for_own_submission()
    } else {
        caller
    };
    let scope = match &caller.user {
        Some(u) => format!("user:{}", u.id),
        None => limiter::client_scope(state, caller.client),
    };
    let key = key
        .map(|k| k.trim().to_owned())
        .filter(|k| !k.is_empty() && k.len() <= 200);
    let fingerprint = fingerprint(&req);
    if let Some(key) = &key
        && let Some((id, stored)) = state.store.find_idempotent_request(&scope, key).await?
    {
        if stored.is_some_and(|f| f != fingerprint) {
            return Err(AppError::IdempotencyMismatch);
        }
        return replayed(state, id).await;
    }
    // Counted in the submission's own transaction (one commit for both), after validation.
    let limit = caller
        .user
        .is_none()
        .then(|| limiter::in_write(state, Policy::SubmitAddress, &caller.client.key()));

    let staff = caller.staff();
    let on_behalf = req.on_behalf.is_some();
    if on_behalf && staff.is_none() {
        return Err(AppError::Forbidden);
    }
    let channel = match req.channel.as_deref() {
        None => Channel::Web,
        Some(c) => Channel::parse(c).ok_or_else(|| AppError::field("channel", "invalid"))?,
    };
    let allowed = matches!(channel, Channel::Web | Channel::Mobile)
        || (on_behalf && channel.is_staff_intake());
    if !allowed {
        return Err(AppError::field("channel", "channel_not_allowed"));
    }
    let (choices, reporter_input) = match req.on_behalf {
        Some(b) => (
            IntakeChoices {
                anonymous: b.anonymous,
                confidential: b.confidential,
                show_name: b.show_name,
            },
            b.reporter,
        ),
        None => (
            IntakeChoices {
                anonymous: req.anonymous,
                confidential: req.confidential,
                show_name: req.show_name,
            },
            req.reporter,
        ),
    };
    let citizen = caller
        .user
        .clone()
        .filter(|_| !on_behalf && staff.is_none());
    // An account holder hears as their account's preferences say.
    let notify = match &citizen {
        Some(_) => None,
        None => crate::reports::intake::reporter_notify(reporter_input.as_ref())?,
    };
    file_report(
        state,
        FileInput {
            kind: req.kind,
            title: req.title,
            body: req.body,
            incident_date: req.incident_date,
            location: req.location,
            requested_agency: req.requested_agency,
            category: req.category,
            choices,
            reporter: reporter_input,
            channel,
            citizen,
            staff,
            on_behalf,
            idempotency: key.map(|k| (scope, k)),
            fingerprint: Some(fingerprint),
            receipt: true,
            notify,
            limit,
            partner_ref: None,
            chat: None,
        },
    )
    .await
}

/// A fingerprint of the request: SHA-256 of its canonical JSON.
fn fingerprint(req: &SubmitRequest) -> String {
    use sha2::Digest;
    let json = serde_json::to_vec(req).unwrap_or_default();
    hex::encode(sha2::Sha256::digest(&json))
}

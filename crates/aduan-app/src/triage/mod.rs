//! Triage assistance (issue 22): the agencies and categories a report most likely belongs to,
//! from the models the deployment trained on its own verified reports. Staff see them while
//! verifying; the admin still decides, and which suggestion each verification took is
//! recorded per model version ([`picks`]). Models are trained from the history or a CSV file
//! and stored in the database ([`train`]), so every instance suggests with the same one.

pub mod admin;
pub mod cache;
pub mod picks;
pub mod train;

/// The plain rules that flag a report empty of content, for the admin's bulk archive (never
/// archived by them).
pub use aduan_triage::junk::{JunkSign, sign as junk_sign};

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::input::parse_json;
use crate::reports::intake::{MAX_BODY, MAX_TITLE};
use aduan_domain::AgencyId;
use aduan_domain::actor::Staff;
use aduan_store::TriageTarget;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Suggestions of each kind shown.
pub const SHOWN: usize = 3;
/// Longest place description read, in characters.
const MAX_LOCATION: usize = 500;

/// What to suggest for: a report's words, place and channel.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SuggestRequest {
    /// The report's title.
    #[serde(default)]
    #[schema(max_length = 150)]
    pub title: String,
    /// The report's text (required).
    #[schema(min_length = 1, max_length = 10000)]
    pub body: String,
    /// Where it happened, as written.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub location: Option<String>,
    /// The kabupaten/kota or province code (`35.78`).
    #[serde(default)]
    #[schema(pattern = r"^[0-9]{2}(\.[0-9]{2})?$")]
    pub region_code: Option<String>,
    /// The channel it came through (`web`, `sms`, `email`, `api:<partner>`...).
    #[serde(default)]
    #[schema(max_length = 60)]
    pub channel: Option<String>,
}

/// One suggestion.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Suggested {
    /// The agency's or category's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The model's calibrated probability that it is the right one (0 to 1).
    pub probability: f32,
}

/// The likely agencies and categories, most likely first, with the model versions that
/// ranked them (`null` and no suggestions where no model of that kind is active yet).
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Suggestions {
    /// Up to three agencies.
    pub agencies: Vec<Suggested>,
    /// Up to three categories.
    pub categories: Vec<Suggested>,
    /// The agency model's version.
    pub agency_model: Option<i64>,
    /// The category model's version.
    pub category_model: Option<i64>,
}

fn staff_of(caller: &Caller) -> AppResult<Staff> {
    caller.require_user()?;
    caller.staff().ok_or(AppError::Forbidden)
}

fn check(req: &SuggestRequest) -> AppResult<()> {
    let body = req.body.trim();
    if body.is_empty() {
        return Err(AppError::field("body", "required"));
    }
    let too_long = |v: &str, max: usize| v.chars().count() > max;
    if too_long(body, MAX_BODY) {
        return Err(AppError::field("body", "too_long"));
    }
    if too_long(&req.title, MAX_TITLE) {
        return Err(AppError::field("title", "too_long"));
    }
    if req
        .location
        .as_deref()
        .is_some_and(|l| too_long(l, MAX_LOCATION))
    {
        return Err(AppError::field("location", "too_long"));
    }
    if let Some(code) = &req.region_code
        && !crate::reports::intake::region_code_ok(code)
    {
        return Err(AppError::field("region_code", "invalid"));
    }
    if req.channel.as_deref().is_some_and(|c| too_long(c, 60)) {
        return Err(AppError::field("channel", "too_long"));
    }
    Ok(())
}

/// The suggestions for the report in `body` ([`SuggestRequest`]), for staff only.
pub async fn suggest(state: &AppState, caller: &Caller, body: &[u8]) -> AppResult<Suggestions> {
    staff_of(caller)?;
    let req: SuggestRequest = parse_json(body)?;
    check(&req)?;
    rank(state, &req).await
}

/// The suggestions for `req`, as every edge shows them: only agencies in the directory and
/// categories still in use.
pub async fn rank(state: &AppState, req: &SuggestRequest) -> AppResult<Suggestions> {
    let text = [
        req.title.as_str(),
        req.location.as_deref().unwrap_or(""),
        &req.body,
    ]
    .join("\n");
    let input = aduan_triage::Input {
        text: &text,
        region: req.region_code.as_deref(),
        channel: req.channel.as_deref(),
        identity: &[],
    };
    let mut out = Suggestions::default();
    let store = state.store.as_ref();
    if let Some(loaded) = state.triage.active(store, TriageTarget::Agency).await? {
        let directory = state.reference.directory(store).await?;
        out.agency_model = Some(loaded.version);
        out.agencies = known(&loaded.model, &input, |id| {
            directory.names.get(&AgencyId::new(id)).cloned()
        });
    }
    if let Some(loaded) = state.triage.active(store, TriageTarget::Category).await? {
        let categories = state.reference.categories(store).await?;
        let today = crate::open311::services::today(state);
        out.category_model = Some(loaded.version);
        out.categories = known(&loaded.model, &input, |id| {
            categories
                .iter()
                .find(|c| c.id.as_str() == id && c.is_active(today))
                .map(|c| c.name.clone())
        });
    }
    Ok(out)
}

/// The first [`SHOWN`] labels the model ranks that `name_of` knows.
fn known(
    model: &aduan_triage::Model,
    input: &aduan_triage::Input,
    name_of: impl Fn(&str) -> Option<String>,
) -> Vec<Suggested> {
    model
        .predict(input, model.labels().len())
        .into_iter()
        .filter_map(|s| {
            name_of(s.label).map(|name| Suggested {
                id: s.label.to_owned(),
                name,
                probability: s.probability,
            })
        })
        .take(SHOWN)
        .collect()
}

//! The action forms' fields, their translation into the action body the API takes too, the
//! call to the shared `take`, and the localized message for each way it can fail.

use aduan_app::AppState;
use aduan_app::auth::Caller;
use aduan_app::error::AppError;
use aduan_app::reports::act::{ActionResponse, take};
use aduan_pagekit::Ctx;
use aduan_pagekit::errors::app_error_key;
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// Every field any action form may send (the `csrf` field is checked by the extractor).
#[derive(Debug, Default, Deserialize)]
pub struct ActionForm {
    /// The action's code.
    #[serde(default)]
    pub action: String,
    /// The report's version the form was rendered with.
    #[serde(default)]
    pub version: Option<i64>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    handling_class: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    unit: String,
    /// A reason: a code from the list (archive, delete) or words (others).
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    duplicate_of: String,
    #[serde(default)]
    reason_text: String,
    #[serde(default)]
    suggested_agency: String,
    /// The text written.
    #[serde(default)]
    pub body: String,
    /// The queue filter the page was opened from, for the previous/next links after it.
    #[serde(default)]
    pub queue: String,
}

impl ActionForm {
    /// An action whose only inputs are a text and a reason (a follow-up or final answer
    /// sent with files, an identity reveal).
    pub fn text(action: &str, version: Option<i64>, body: String, reason: String) -> Self {
        Self {
            action: action.to_owned(),
            version,
            body,
            reason,
            ..Self::default()
        }
    }
}

/// What the staff member typed, kept when the page is shown again after a problem.
#[derive(Debug, Default, Clone)]
pub struct Draft {
    /// The action whose form it belongs to.
    pub action: String,
    /// Its text.
    pub body: String,
    /// Its reason.
    pub reason: String,
}

impl From<&ActionForm> for Draft {
    fn from(f: &ActionForm) -> Self {
        Draft {
            action: f.action.clone(),
            body: f.body.clone(),
            reason: if matches!(f.action.as_str(), "archive" | "delete") {
                f.reason_text.clone()
            } else {
                f.reason.clone()
            },
        }
    }
}

fn put(map: &mut Map<String, Value>, key: &str, value: &str) {
    let v = value.trim();
    if !v.is_empty() {
        map.insert(key.into(), json!(v));
    }
}

/// The API's action body for the form; the lifecycle judges whether it is complete.
pub fn body_of(form: &ActionForm) -> Value {
    let mut map = Map::new();
    map.insert("action".into(), json!(form.action));
    if let Some(v) = form.version {
        map.insert("version".into(), json!(v));
    }
    match form.action.as_str() {
        "verify_dispatch" => {
            put(&mut map, "agency", &form.agency);
            put(&mut map, "title", &form.title);
            put(&mut map, "kind", &form.kind);
            put(&mut map, "handling_class", &form.handling_class);
            put(&mut map, "category", &form.category);
            let tags: Vec<&str> = form
                .tags
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .collect();
            map.insert("tags".into(), json!(tags));
        }
        "archive" | "delete" => {
            put(&mut map, "reason", &form.reason);
            if form.reason == "duplicate" {
                put(&mut map, "duplicate_of", &form.duplicate_of);
            }
            put(&mut map, "reason_text", &form.reason_text);
        }
        "dispatch_unit" => put(&mut map, "unit", &form.unit),
        "reroute" => {
            map.insert("reason".into(), json!(form.reason.trim()));
            put(&mut map, "suggested_agency", &form.suggested_agency);
        }
        "postpone" | "reveal_identity" => {
            map.insert("reason".into(), json!(form.reason.trim()));
        }
        _ => {
            map.insert("body".into(), json!(form.body.trim()));
        }
    }
    Value::Object(map)
}

/// Takes the action as the API does, as `caller`.
pub async fn run(
    state: &AppState,
    caller: Caller,
    id: &str,
    body: Value,
) -> Result<ActionResponse, AppError> {
    take(state, &caller, id, body.to_string().as_bytes(), Ok(None)).await
}

/// A refused action's message.
pub struct Problem {
    /// The message.
    pub text: String,
    /// The report changed meanwhile: offer to reload.
    pub conflict: bool,
}

/// The message for a refused action.
pub fn problem(c: &Ctx, e: &AppError) -> Problem {
    let (_, code) = e.status_and_code();
    let key = match (e, code) {
        (AppError::Conflict, _) => "review-error-conflict",
        (AppError::Validation(fields), _) => match fields.keys().next().map(String::as_str) {
            Some("agency") => "review-error-agency",
            Some("category") => "review-error-category",
            Some("unit") => "review-error-unit",
            Some("duplicate_of") => "review-error-duplicate-of",
            Some("reason") => "review-error-reason-code",
            Some("handling_class") => "review-error-class",
            Some("kind") => "review-error-kind",
            _ => "error-validation",
        },
        (_, "body_required") => "review-error-body",
        (_, "reason_required") => "review-error-reason",
        (_, "target_required") => "review-error-target",
        (_, "handling_class_required") => "review-error-class",
        (_, "invalid_reason") => "review-error-reason-detail",
        (_, "action_forbidden") => "review-error-forbidden",
        (_, "illegal_transition") => "review-error-illegal",
        _ => app_error_key(e).1,
    };
    Problem {
        text: c.t(key),
        conflict: key == "review-error-conflict",
    }
}

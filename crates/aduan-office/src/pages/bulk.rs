//! `POST /kantor/massal`: bulk actions from the queue — archive several reports as spam or as
//! duplicates of one report, or verify and dispatch several to one agency. Each report goes
//! through the same use case and rules as `POST /api/v1/reports/{id}/actions`, one at a time;
//! the result page says how many succeeded and, for each that did not, why.

use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::reports::act::take;
use aduan_pagekit::Ctx;
use aduan_pagekit::csrf::Form;
use aduan_pagekit::errors::{PageError, app_error_key};
use aduan_pagekit::render;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// At most this many reports per bulk action.
pub const MAX_REPORTS: usize = 100;

/// A report the action failed on, and why.
pub struct Failure {
    /// The tracking id.
    pub id: String,
    /// Why, in words.
    pub why: String,
}

#[derive(Template)]
#[template(path = "office_bulk.html")]
struct ResultPage {
    c: Ctx,
    /// A problem with the form itself (nothing was done).
    problem: Option<String>,
    /// What was done, e.g. "5 laporan diarsipkan sebagai spam".
    done: Option<String>,
    succeeded: Vec<String>,
    failed: Vec<Failure>,
    back: String,
}

/// The bulk form, read from its pairs (`id` repeats).
struct BulkForm {
    action: String,
    ids: Vec<String>,
    duplicate_of: String,
    agency: String,
    handling_class: String,
    back: String,
}

impl BulkForm {
    fn read(pairs: Vec<(String, String)>) -> Self {
        let mut f = BulkForm {
            action: String::new(),
            ids: Vec::new(),
            duplicate_of: String::new(),
            agency: String::new(),
            handling_class: String::new(),
            back: String::new(),
        };
        for (k, v) in pairs {
            let v = v.trim().to_owned();
            match k.as_str() {
                "id" if !v.is_empty() && !f.ids.contains(&v) => f.ids.push(v),
                "action" => f.action = v,
                "duplicate_of" => f.duplicate_of = v.to_uppercase(),
                "agency" => f.agency = v,
                "handling_class" => f.handling_class = v,
                "back" => f.back = v,
                _ => {}
            }
        }
        // Only back into the queue: never an address from elsewhere.
        let inside = f.back == "/kantor" || f.back.starts_with("/kantor?");
        if !inside {
            f.back = "/kantor".into();
        }
        f
    }

    /// The action's JSON body, or the message key of what is missing.
    fn body(&self) -> Result<Value, &'static str> {
        if self.ids.is_empty() {
            return Err("office-bulk-none-selected");
        }
        if self.ids.len() > MAX_REPORTS {
            return Err("office-bulk-too-many");
        }
        match self.action.as_str() {
            "spam" => Ok(json!({"action": "archive", "reason": "spam"})),
            "duplicate" if self.duplicate_of.is_empty() => Err("office-bulk-duplicate-of-missing"),
            "duplicate" => Ok(json!({
                "action": "archive", "reason": "duplicate", "duplicate_of": self.duplicate_of
            })),
            "dispatch" if self.agency.is_empty() => Err("office-bulk-agency-missing"),
            "dispatch" => Ok(json!({
                "action": "verify_dispatch",
                "agency": self.agency,
                "handling_class": if self.handling_class.is_empty() { "ordinary" } else { &self.handling_class },
            })),
            _ => Err("office-bulk-action-missing"),
        }
    }
}

/// Why one report failed, in words.
fn why(c: &Ctx, e: &AppError) -> String {
    let code = e.status_and_code().1;
    let field = |name: &str| matches!(e, AppError::Validation(f) if f.contains_key(name));
    let key = match code {
        "not_found" => "office-bulk-why-not-found",
        "action_forbidden" => "office-bulk-why-forbidden",
        "illegal_transition" => "office-bulk-why-status",
        "conflict" => "office-bulk-why-conflict",
        "handling_class_required" => "office-bulk-why-class",
        "invalid_reason" => "office-bulk-why-reason",
        "validation_failed" if field("agency") => "office-bulk-why-agency",
        "validation_failed" if field("duplicate_of") => "office-bulk-why-duplicate-of",
        "validation_failed" if field("handling_class") => "office-bulk-why-class",
        _ => app_error_key(e).1,
    };
    c.t(key)
}

/// `POST /kantor/massal`.
pub async fn bulk(
    State(state): State<AppState>,
    s: StaffCtx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = BulkForm::read(pairs);
    let caller = s.caller();
    let c = s.c;
    let body = match form.body() {
        Ok(b) => b.to_string(),
        Err(key) => {
            let page = ResultPage {
                problem: Some(c.t(key)),
                done: None,
                succeeded: Vec::new(),
                failed: Vec::new(),
                back: form.back,
                c,
            };
            let mut res = render(&page)?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(res);
        }
    };
    let mut succeeded = Vec::new();
    let mut failed = Vec::new();
    for id in &form.ids {
        let done = take(&state, &caller, id, body.as_bytes(), Ok(None)).await;
        match done {
            Ok(_) => succeeded.push(id.clone()),
            Err(e) => {
                if let AppError::Internal(cause) = &e {
                    tracing::error!(error = %cause, report = %id, "bulk action failed");
                }
                failed.push(Failure {
                    id: id.clone(),
                    why: why(&c, &e),
                });
            }
        }
    }
    let done = c.n(
        &format!("office-bulk-done-{}", form.action),
        "count",
        succeeded.len() as i64,
    );
    let page = ResultPage {
        problem: None,
        done: Some(done),
        succeeded,
        failed,
        back: form.back,
        c,
    };
    Ok(render(&page)?.into_response())
}

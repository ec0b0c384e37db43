//! `/kantor/referensi/saran`: the triage models, for the national admin. Every version of the
//! agency and the category model with its held-out figures and how often verifications took
//! its first suggestion, its second or third, or none; a switch to another version (back to
//! an earlier one too) and a retrain on the verified history now. The use cases audit each
//! switch.

use super::{Flash, back, national};
use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::triage::admin;
use aduan_app::triage::picks::{VersionSummary, summary};
use aduan_app::triage::train::Activation;
use aduan_pagekit::csrf::Form;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::{Ctx, render};
use aduan_store::TriageTarget;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

/// One version as a row.
struct Row {
    v: VersionSummary,
    top1: String,
    top3: String,
    first: String,
    second_or_third: String,
    none: String,
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

fn share(n: u64, of: u64) -> String {
    if of == 0 {
        "–".to_owned()
    } else {
        format!("{:.0}%", n as f64 * 100.0 / of as f64)
    }
}

impl From<VersionSummary> for Row {
    fn from(v: VersionSummary) -> Self {
        Row {
            top1: pct(v.top1),
            top3: pct(v.top3),
            first: share(v.first, v.verifications),
            second_or_third: share(v.second_or_third, v.verifications),
            none: share(v.none, v.verifications),
            v,
        }
    }
}

#[derive(Template)]
#[template(path = "office_ref_triage.html")]
struct TriagePage {
    c: Ctx,
    rows: Vec<Row>,
    flash: Option<Flash>,
}

/// `?ok=` or `?gagal=` after a change.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    #[serde(default)]
    ok: Option<String>,
    #[serde(default)]
    gagal: Option<String>,
}

/// `GET /kantor/referensi/saran`.
pub async fn list(
    State(state): State<AppState>,
    s: StaffCtx,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    national(&s)?;
    let rows = summary(&state, &s.caller())
        .await?
        .into_iter()
        .map(Row::from)
        .collect();
    let flash = match (q.ok.as_deref(), q.gagal.as_deref()) {
        (Some("aktif"), _) => Flash::done(s.c.t("ref-triage-activated")),
        (Some("latih"), _) => Flash::done(s.c.t("ref-triage-retrain-queued")),
        (_, Some("lama")) => Flash::refused(s.c.t("ref-triage-too-old")),
        _ => None,
    };
    render(&TriagePage {
        c: s.c,
        rows,
        flash,
    })
}

/// The switch form.
#[derive(Debug, Deserialize)]
pub struct Activate {
    version: i64,
}

/// `POST /kantor/referensi/saran/aktifkan`.
pub async fn activate(
    State(state): State<AppState>,
    s: StaffCtx,
    Form(f): Form<Activate>,
) -> Result<Response, PageError> {
    national(&s)?;
    match admin::activate(&state, &s.caller(), f.version).await {
        Ok(_) => Ok(back("/kantor/referensi/saran?ok=aktif")),
        Err(AppError::Conflict) => Ok(back("/kantor/referensi/saran?gagal=lama")),
        Err(e) => Err(e.into()),
    }
}

/// The retrain form: which target (both when empty).
#[derive(Debug, Deserialize)]
pub struct Retrain {
    #[serde(default)]
    target: String,
}

/// `POST /kantor/referensi/saran/latih`: queues a retrain now; the new version becomes active
/// only when it does no worse than the active one.
pub async fn retrain(
    State(state): State<AppState>,
    s: StaffCtx,
    Form(f): Form<Retrain>,
) -> Result<Response, PageError> {
    national(&s)?;
    let targets = match TriageTarget::parse(&f.target) {
        Some(t) => vec![t],
        None => TriageTarget::ALL.to_vec(),
    };
    admin::queue_retrain(&state, &s.caller(), targets, Activation::IfNotWorse).await?;
    Ok(back("/kantor/referensi/saran?ok=latih"))
}

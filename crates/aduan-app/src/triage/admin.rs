//! What the national admin does with the models: switch the active version (back to an earlier
//! one too) and ask for a retrain now, which the workers run like the nightly one.

use super::picks::VersionSummary;
use super::train::{Activation, RetrainTriage};
use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::input::parse_json;
use aduan_domain::actor::{Staff, StaffRole};
use aduan_store::TriageTarget;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub(crate) fn national_admin(caller: &Caller) -> AppResult<Staff> {
    let staff = super::staff_of(caller)?;
    if !matches!(staff.role, StaffRole::NationalAdmin) {
        return Err(AppError::Forbidden);
    }
    Ok(staff)
}

/// Makes `version` (of either target) the one its target suggests with; audited. An unknown
/// version is not found; one whose stored form was dropped (too old) is a conflict.
pub async fn activate(
    state: &AppState,
    caller: &Caller,
    version: i64,
) -> AppResult<VersionSummary> {
    let staff = national_admin(caller)?;
    let mut found = None;
    for target in TriageTarget::ALL {
        let models = state.store.list_triage_models(target).await?;
        if models.iter().any(|m| m.version == version) {
            found = Some(target);
        }
    }
    let target = found.ok_or(AppError::NotFound)?;
    super::train::activate(state, target, version, &staff.user.to_string()).await?;
    super::picks::summary(state, caller)
        .await?
        .into_iter()
        .find(|v| v.version == version)
        .ok_or(AppError::NotFound)
}

/// A retrain asked for now.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RetrainRequest {
    /// `agency` or `category`; both when absent.
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = "^(agency|category)$")]
    pub target: Option<String>,
    /// Whether the new version becomes the active one: `always`, `if_not_worse` (the
    /// default: only when its held-out top-1 is no worse than the active one's) or `never`.
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = "^(always|if_not_worse|never)$")]
    pub activate: Option<String>,
}

/// The queued retrain.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RetrainQueued {
    /// The job's id: its outcome is in the workers' log and in the list of versions.
    pub job: i64,
    /// What will be trained.
    pub targets: Vec<String>,
}

/// Queues a retrain of the models on the history now, for the workers to run.
pub async fn retrain(state: &AppState, caller: &Caller, body: &[u8]) -> AppResult<RetrainQueued> {
    national_admin(caller)?;
    let req: RetrainRequest = parse_json(body)?;
    let targets = match req.target.as_deref() {
        None => TriageTarget::ALL.to_vec(),
        Some(t) => {
            vec![TriageTarget::parse(t).ok_or_else(|| AppError::field("target", "invalid"))?]
        }
    };
    let activation = match req.activate.as_deref() {
        None | Some("if_not_worse") => Activation::IfNotWorse,
        Some("always") => Activation::Always,
        Some("never") => Activation::Never,
        Some(_) => return Err(AppError::field("activate", "invalid")),
    };
    queue_retrain(state, caller, targets, activation).await
}

/// Queues a retrain of the models of `targets` on the history now, for the workers to run.
pub async fn queue_retrain(
    state: &AppState,
    caller: &Caller,
    targets: Vec<TriageTarget>,
    activation: Activation,
) -> AppResult<RetrainQueued> {
    national_admin(caller)?;
    let now = state.clock.now();
    let job = RetrainTriage {
        targets: targets.clone(),
        activation,
    };
    let queued = aduan_jobs::enqueue(state.store.as_ref(), &job, now, now)
        .await
        .map_err(|e| AppError::Internal(Box::new(e)))?;
    Ok(RetrainQueued {
        job: queued.id.0,
        targets: targets.iter().map(|t| t.as_str().to_owned()).collect(),
    })
}

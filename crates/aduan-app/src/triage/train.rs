//! Training the triage models on the deployment's own verified reports, storing them, and
//! switching between versions: on demand (`aduan triage train --from-history`, the retrain
//! job queued by hand) and every night by the scheduled retrain job.
//!
//! A model is measured on a fifth of the examples held out before it learns from the rest, so
//! the figures stored with a version are that version's own. The nightly job makes its model
//! the active one only when it does no worse than the active one.

use crate::AppState;
use crate::error::{AppError, AppResult};
use aduan_domain::TrackingId;
use aduan_jobs::{Every, Job, JobContext, JobError, JobHandler, Registry};
use aduan_store::{NewTriageModel, TriageModelInfo, TriageTarget};
use aduan_triage::holdout::{DEFAULT_TEST_SHARE, fit_and_measure, split};
use aduan_triage::{Input, TrainOptions};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// Fewest examples a model is trained on from the history.
pub const MIN_EXAMPLES: usize = 50;
/// Reports read per page of the history.
const PAGE: u32 = 2_000;
/// The seed of the held-out fifth.
pub const SPLIT_SEED: u64 = 42;
/// How much lower a retrained model's held-out top-1 may be than the active one's for the
/// nightly job to still switch to it (the two are measured on different held-out fifths).
pub const NOT_WORSE_BY: f64 = 0.01;

/// The verified reports of one target, as a model learns from them. Its `Debug` shows counts
/// only: it holds report texts and reporters' identities.
#[derive(Default)]
pub struct Examples {
    /// Title and text of each.
    pub texts: Vec<String>,
    /// Region code of each, if known.
    pub regions: Vec<Option<String>>,
    /// Channel of each.
    pub channels: Vec<String>,
    /// The reporter's name, e-mail, phone, NIK and chat handle, kept out of the features.
    pub identities: Vec<Vec<String>>,
    /// The agency or category each was verified to.
    pub labels: Vec<String>,
}

impl std::fmt::Debug for Examples {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Examples")
            .field("examples", &self.labels.len())
            .finish_non_exhaustive()
    }
}

impl Examples {
    /// Every example as the model reads it.
    pub fn inputs(&self) -> Vec<Input<'_>> {
        (0..self.texts.len())
            .map(|i| Input {
                text: &self.texts[i],
                region: self.regions[i].as_deref(),
                channel: Some(self.channels[i].as_str()).filter(|c| !c.is_empty()),
                identity: &self.identities[i],
            })
            .collect()
    }
}

/// Reads every report verified to an agency, with its reporter's identity (opened to be kept
/// out of the features, never stored in the model), labelled by `target`; reports without a
/// category are left out of a category model's examples.
pub async fn history(state: &AppState, target: TriageTarget) -> AppResult<Examples> {
    let store = state.store.as_ref();
    let mut out = Examples::default();
    let mut after: Option<TrackingId> = None;
    loop {
        let page = store.triage_examples(after.as_ref(), PAGE).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.tracking_id);
        let ids: Vec<_> = page.iter().map(|e| e.reporter.clone()).collect();
        let identities = store.get_identities(&ids).await?;
        for e in page {
            let label = match target {
                TriageTarget::Agency => Some(e.agency),
                TriageTarget::Category => e.category,
            };
            let Some(label) = label else { continue };
            let identity = identities.get(&e.reporter).map_or_else(Vec::new, |who| {
                [&who.name, &who.email, &who.phone, &who.nik, &who.chat]
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect()
            });
            out.texts
                .push([e.title.unwrap_or_default(), e.body].join("\n"));
            out.regions.push(e.region_code);
            out.channels.push(e.channel);
            out.identities.push(identity);
            out.labels.push(label);
        }
    }
    Ok(out)
}

/// Whether a newly trained version becomes the active one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    /// Always (a deployment's deliberate choice).
    Always,
    /// Only when no version is active or its held-out top-1 is at most [`NOT_WORSE_BY`] below
    /// the active one's.
    IfNotWorse,
    /// Never: it waits to be switched to.
    Never,
}

/// A model trained and measured, not yet stored.
pub struct Fitted {
    /// What to store.
    pub model: NewTriageModel,
    /// Its held-out top-1.
    pub top1: f64,
}

/// Trains a model of `target` on `examples` and measures it on a held-out fifth, off the
/// async threads. Too few examples or labels is `invalid_request` saying how many there are.
pub async fn fit(
    examples: Examples,
    target: TriageTarget,
    source: String,
    options: TrainOptions,
) -> AppResult<Fitted> {
    let labels = examples
        .labels
        .iter()
        .collect::<std::collections::HashSet<_>>()
        .len();
    if examples.labels.len() < MIN_EXAMPLES || labels < 2 {
        let kinds = match target {
            TriageTarget::Agency => "agencies",
            TriageTarget::Category => "categories",
        };
        return Err(AppError::InvalidRequest(format!(
            "{} verified reports with {labels} different {kinds}: a model needs at least \
             {MIN_EXAMPLES} reports and two {kinds}",
            examples.labels.len(),
        )));
    }
    tokio::task::spawn_blocking(move || {
        let inputs = examples.inputs();
        let held = split(inputs.len(), DEFAULT_TEST_SHARE, SPLIT_SEED)
            .map_err(|e| AppError::InvalidRequest(e.to_string()))?;
        let measured = fit_and_measure(&inputs, &examples.labels, &held, &options, &mut |_, _| {})
            .map_err(|e| AppError::InvalidRequest(e.to_string()))?;
        let metrics = serde_json::json!({
            "held_out": held.test.len(),
            "split_seed": SPLIT_SEED,
            "figures": measured.figures,
        });
        Ok(Fitted {
            top1: measured.figures.top1,
            model: NewTriageModel {
                target,
                model: measured.model.to_bytes(),
                examples: measured.fit as u64,
                labels: u32::try_from(measured.model.labels().len()).unwrap_or(u32::MAX),
                source,
                metrics,
            },
        })
    })
    .await
    .map_err(|e| AppError::Internal(Box::new(e)))?
}

/// A held-out figure stored with a version (`top1`, `top3`, `macro_f1`, `ece`), if measured.
pub fn figure(info: &TriageModelInfo, name: &str) -> Option<f64> {
    info.metrics["figures"][name].as_f64()
}

/// Stores `fitted` as a new version by `by`, active as `activation` says; every instance
/// suggests with it once it is active.
pub async fn store(
    state: &AppState,
    fitted: Fitted,
    activation: Activation,
    by: &str,
) -> AppResult<TriageModelInfo> {
    let target = fitted.model.target;
    let activate = match activation {
        Activation::Always => true,
        Activation::Never => false,
        Activation::IfNotWorse => {
            let models = state.store.list_triage_models(target).await?;
            match models
                .iter()
                .find(|m| m.active)
                .and_then(|m| figure(m, "top1"))
            {
                Some(active) => fitted.top1 + NOT_WORSE_BY >= active,
                None => true,
            }
        }
    };
    let now = state.clock.now();
    let info = state
        .store
        .add_triage_model(&fitted.model, activate, by, now)
        .await?;
    state.triage.forget(target);
    Ok(info)
}

/// Trains a model of `target` on the verified history and stores it (see [`store`]).
pub async fn from_history(
    state: &AppState,
    target: TriageTarget,
    activation: Activation,
    by: &str,
) -> AppResult<TriageModelInfo> {
    let examples = history(state, target).await?;
    let fitted = fit(examples, target, "history".into(), TrainOptions::default()).await?;
    store(state, fitted, activation, by).await
}

/// Makes `version` the active model of `target`, by `by`.
pub async fn activate(
    state: &AppState,
    target: TriageTarget,
    version: i64,
    by: &str,
) -> AppResult<TriageModelInfo> {
    let now = state.clock.now();
    let info = state
        .store
        .activate_triage_model(target, version, by, now)
        .await?;
    state.triage.forget(target);
    Ok(info)
}

/// Retrain the models of `targets` on the history: every night, or once on demand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetrainTriage {
    /// What to train.
    pub targets: Vec<TriageTarget>,
    /// Whether each new version becomes the active one.
    pub activation: Activation,
}

impl Job for RetrainTriage {
    const NAME: &'static str = "retrain_triage";
    const PRIORITY: i32 = -20;
    const MAX_ATTEMPTS: i32 = 2;
}

/// Registers the retrain job and schedules it for both targets every night at 02:00 WIB
/// (19:00 UTC), keeping each new version only when it does no worse.
pub fn register(registry: &mut Registry, state: &AppState) {
    registry
        .register(Retrainer(state.clone()))
        .schedule(Every::day_at(19, 0), |_| RetrainTriage {
            targets: TriageTarget::ALL.to_vec(),
            activation: Activation::IfNotWorse,
        });
}

struct Retrainer(AppState);

#[async_trait]
impl JobHandler for Retrainer {
    type Job = RetrainTriage;

    async fn run(&self, _ctx: &JobContext, job: RetrainTriage) -> Result<(), JobError> {
        for target in job.targets {
            match from_history(&self.0, target, job.activation, "job").await {
                Ok(info) => tracing::info!(
                    target = target.as_str(),
                    version = info.version,
                    active = info.active,
                    top1 = figure(&info, "top1"),
                    "triage model retrained"
                ),
                // Too little history is no failure to retry: the next night tries again.
                Err(AppError::InvalidRequest(why)) => {
                    tracing::info!(target = target.as_str(), %why, "triage model not retrained");
                }
                Err(e) => return Err(JobError::failed(e)),
            }
        }
        Ok(())
    }
}

//! `aduan triage` against the deployment's database: a model trained on a CSV file or on the
//! verified history stored as the new version of a target (and made the active one, which every
//! instance then suggests with), the active model read for `predict` and `eval`, the versions
//! listed with their figures and how often verifications took their suggestions, and a switch
//! to another version.

use crate::backend::open_store_keyed;
use crate::serve::app_state;
use crate::settings::Settings;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::triage::picks::versions;
use aduan_app::triage::train::{self, Activation, Examples, Fitted};
use aduan_store::TriageTarget;
use aduan_triage::TrainOptions;
use anyhow::Context;
use clap::ValueEnum;

/// What a model suggests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Target {
    /// The agency with authority.
    Agency,
    /// The category.
    Category,
}

impl From<Target> for TriageTarget {
    fn from(t: Target) -> Self {
        match t {
            Target::Agency => TriageTarget::Agency,
            Target::Category => TriageTarget::Category,
        }
    }
}

/// A use case's refusal in the CLI's words: what was wrong, without the API's framing.
fn plain(e: AppError) -> anyhow::Error {
    match e {
        AppError::InvalidRequest(why) => anyhow::anyhow!(why),
        other => anyhow::anyhow!("{other}"),
    }
}

/// The service's state on the deployment's database.
pub async fn state(settings: &Settings) -> anyhow::Result<AppState> {
    let (store, ring) = open_store_keyed(settings, true).await?;
    let now = aduan_domain::TimeSource::now(&crate::serve::SystemTimeSource);
    let calendar = crate::holidays::load(store.as_ref(), now).await?;
    app_state(settings, store, calendar, &ring)
}

/// The stored form of the active model of `target` in the database.
pub async fn active(settings: &Settings, target: Target) -> anyhow::Result<Vec<u8>> {
    let store = state(settings).await?.store;
    let target = TriageTarget::from(target);
    let missing = || {
        format!(
            "the database has no active {} model: train one (aduan triage train) or name a \
             file with --model",
            target.as_str()
        )
    };
    let version = store
        .active_triage_version(target)
        .await?
        .with_context(missing)?;
    let (_, bytes) = store.triage_model(version).await?.with_context(missing)?;
    eprintln!(
        "model: version {version} of the database's {} model",
        target.as_str()
    );
    Ok(bytes)
}

/// Trains on `examples` (a fifth held out to measure), stores the model as the new version of
/// `target` by the CLI and makes it the active one; prints what it stored.
pub async fn store(
    state: &AppState,
    examples: Examples,
    target: Target,
    source: String,
    options: TrainOptions,
) -> anyhow::Result<()> {
    let rows = examples.labels.len();
    let started = std::time::Instant::now();
    let fitted: Fitted = train::fit(examples, target.into(), source, options)
        .await
        .map_err(plain)?;
    let info = train::store(state, fitted, Activation::Always, "cli")
        .await
        .map_err(plain)?;
    let figure = |name: &str| train::figure(&info, name).unwrap_or(f64::NAN);
    println!(
        "stored version {} of the {} model, now active: {} labels, trained on {} of {rows} \
         examples in {:.1} s; held out {}: top-1 {:.1}%, top-3 {:.1}%, macro-F1 {:.3}, ECE {:.3}",
        info.version,
        info.target.as_str(),
        info.labels,
        info.examples,
        started.elapsed().as_secs_f64(),
        info.metrics["held_out"],
        figure("top1") * 100.0,
        figure("top3") * 100.0,
        figure("macro_f1"),
        figure("ece"),
    );
    Ok(())
}

/// `aduan triage train --from-history`.
pub async fn from_history(
    settings: &Settings,
    target: Target,
    options: TrainOptions,
) -> anyhow::Result<()> {
    let state = state(settings).await?;
    let examples = train::history(&state, target.into()).await.map_err(plain)?;
    eprintln!(
        "read {} verified reports labelled with their {}",
        examples.labels.len(),
        TriageTarget::from(target).as_str()
    );
    store(&state, examples, target, "history".into(), options).await
}

/// `aduan triage models`.
pub async fn list(settings: &Settings, json: bool) -> anyhow::Result<()> {
    let state = state(settings).await?;
    let all = versions(&state).await.map_err(plain)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&all)?);
        return Ok(());
    }
    if all.is_empty() {
        println!("no model stored yet");
    }
    let pct = |x: Option<f64>| x.map_or("-".to_owned(), |v| format!("{:.1}%", v * 100.0));
    let share = |n: u64, of: u64| {
        if of == 0 {
            "-".to_owned()
        } else {
            format!("{:.0}%", n as f64 * 100.0 / of as f64)
        }
    };
    for v in all {
        println!(
            "{:>5} {:<8} {:<6} {} by {:<5} {:<12} {:>7} examples  top-1 {:>6} top-3 {:>6}  \
             verifications {:>5}: 1st {:>4}, 2nd/3rd {:>4}, none {:>4}{}",
            v.version,
            v.target,
            if v.active { "active" } else { "" },
            v.created_at.format("%Y-%m-%d %H:%M"),
            v.created_by,
            v.source,
            v.examples,
            pct(v.top1),
            pct(v.top3),
            v.verifications,
            share(v.first, v.verifications),
            share(v.second_or_third, v.verifications),
            share(v.none, v.verifications),
            if v.kept { "" } else { "  (no longer kept)" },
        );
    }
    Ok(())
}

/// `aduan triage activate`.
pub async fn activate(settings: &Settings, target: Target, version: i64) -> anyhow::Result<()> {
    let state = state(settings).await?;
    let info = train::activate(&state, target.into(), version, "cli")
        .await
        .map_err(|e| match e {
            AppError::NotFound => {
                anyhow::anyhow!(
                    "no {} model has version {version}",
                    TriageTarget::from(target).as_str()
                )
            }
            AppError::Conflict => {
                anyhow::anyhow!("version {version} is too old: its stored form is no longer kept")
            }
            other => anyhow::anyhow!("{other}"),
        })?;
    println!(
        "version {} is now the active {} model",
        info.version,
        info.target.as_str()
    );
    Ok(())
}

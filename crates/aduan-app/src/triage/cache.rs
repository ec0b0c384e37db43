//! The active model of each target, loaded once per instance and loaded again when another
//! version becomes the active one (here at once, from another instance within
//! [`RECHECK`]).

use crate::error::{AppError, AppResult};
use aduan_store::{Store, TriageTarget};
use aduan_triage::Model;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a loaded model is used before the database is asked again which version is
/// active.
pub const RECHECK: Duration = Duration::from_secs(5);

/// An active model as loaded.
#[derive(Clone)]
pub struct Loaded {
    /// Its version.
    pub version: i64,
    /// The model.
    pub model: Arc<Model>,
}

#[derive(Default)]
struct Slot {
    checked: Option<Instant>,
    loaded: Option<Loaded>,
}

/// The loaded models of one instance. A fresh `Default` for each running service.
#[derive(Default)]
pub struct ModelCache {
    agency: Mutex<Slot>,
    category: Mutex<Slot>,
}

impl ModelCache {
    fn slot(&self, target: TriageTarget) -> &Mutex<Slot> {
        match target {
            TriageTarget::Agency => &self.agency,
            TriageTarget::Category => &self.category,
        }
    }

    fn fresh(&self, target: TriageTarget) -> Option<Option<Loaded>> {
        let slot = self.slot(target).lock().ok()?;
        let checked = slot.checked?;
        (checked.elapsed() < RECHECK).then(|| slot.loaded.clone())
    }

    fn put(&self, target: TriageTarget, loaded: Option<Loaded>) {
        if let Ok(mut slot) = self.slot(target).lock() {
            slot.checked = Some(Instant::now());
            slot.loaded = loaded;
        }
    }

    /// Forgets what is loaded for `target`: the next use asks the database.
    pub fn forget(&self, target: TriageTarget) {
        if let Ok(mut slot) = self.slot(target).lock() {
            slot.checked = None;
        }
    }

    /// The active model of `target`, if one is active: the loaded one while it is still the
    /// active version, else the active version read and decoded (off the async threads).
    pub async fn active(
        &self,
        store: &dyn Store,
        target: TriageTarget,
    ) -> AppResult<Option<Loaded>> {
        if let Some(known) = self.fresh(target) {
            return Ok(known);
        }
        let Some(version) = store.active_triage_version(target).await? else {
            self.put(target, None);
            return Ok(None);
        };
        let current = self
            .slot(target)
            .lock()
            .ok()
            .and_then(|s| s.loaded.clone())
            .filter(|l| l.version == version);
        if let Some(loaded) = current {
            self.put(target, Some(loaded.clone()));
            return Ok(Some(loaded));
        }
        let Some((_, bytes)) = store.triage_model(version).await? else {
            self.put(target, None);
            return Ok(None);
        };
        let model = tokio::task::spawn_blocking(move || Model::from_bytes(&bytes))
            .await
            .map_err(|e| AppError::Internal(format!("loading the triage model: {e}").into()))?
            .map_err(|e| AppError::Internal(format!("triage model {version}: {e}").into()))?;
        let loaded = Loaded {
            version,
            model: Arc::new(model),
        };
        tracing::info!(target = target.as_str(), version, "triage model loaded");
        self.put(target, Some(loaded.clone()));
        Ok(Some(loaded))
    }
}

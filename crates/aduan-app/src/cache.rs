//! Reference data kept in memory: the directory's agencies (for pickers, regions and names),
//! the paths of the units reports were read with (for the visibility policy), and the
//! categories, read from the store once and then served from memory to every request; the
//! working-day calendar has its own [`aduan_store::SharedCalendar`] beside it.
//!
//! A copy is good until its kind's version moves. Every edit moves the version of its kind in
//! the edit's own transaction ([`aduan_store::ReferenceVersions`]); an edit made through this
//! service drops the copy at once ([`SharedReference::forget`]), and [`refresh`], run every few
//! seconds by [`spawn_polling`], drops copies whose version moved elsewhere (the CLI, another
//! instance on the same database) and swaps in a changed calendar. A dropped copy is read again
//! by the next request that needs it.

use crate::AppState;
use crate::error::AppResult;
use aduan_domain::directory::{Agency, Category};
use aduan_domain::{AgencyId, UnitId};
use aduan_store::{AgencyFilter, Store, StoreResult};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

/// The directory as pickers and lists use it.
#[derive(Debug, Default)]
pub struct Directory {
    /// Every agency, by name.
    pub agencies: Vec<Agency>,
    /// Agency names by id.
    pub names: HashMap<AgencyId, String>,
}

impl Directory {
    fn new(agencies: Vec<Agency>) -> Self {
        let names = agencies
            .iter()
            .map(|a| (a.id.clone(), a.name.clone()))
            .collect();
        Self { agencies, names }
    }

    /// The name of an agency, or its id when the directory does not know it.
    pub fn name_of(&self, id: &AgencyId) -> String {
        self.names
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }
}

/// A kind of cached reference data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Agencies and units.
    Directory,
    /// Categories.
    Categories,
}

/// A copy and the version of its kind read before it (so the copy is at least that fresh).
struct Copy<T> {
    version: i64,
    data: Arc<T>,
}

type Slot<T> = RwLock<Option<Copy<T>>>;

/// Each unit's path, top unit first.
type UnitPaths = HashMap<UnitId, Vec<UnitId>>;

/// Most unit paths kept; past it, paths are read from the store without being kept.
const MAX_UNIT_PATHS: usize = 200_000;

#[derive(Default)]
struct Inner {
    directory: Slot<Directory>,
    /// The units' paths read so far, under the directory version read before the first.
    unit_paths: Mutex<Option<Copy<UnitPaths>>>,
    categories: Slot<Vec<Category>>,
    /// The calendar version last seen by [`refresh`].
    calendar_seen: Mutex<Option<i64>>,
}

/// The cached reference data of one running service; clones share it. Starts empty: each kind
/// is read on first use.
#[derive(Clone, Default)]
pub struct SharedReference(Arc<Inner>);

impl std::fmt::Debug for SharedReference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedReference")
    }
}

fn cached<T>(slot: &Slot<T>) -> Option<Arc<T>> {
    slot.read()
        .unwrap_or_else(PoisonError::into_inner)
        .as_ref()
        .map(|c| c.data.clone())
}

fn keep<T>(slot: &Slot<T>, version: i64, data: T) -> Arc<T> {
    let data = Arc::new(data);
    *slot.write().unwrap_or_else(PoisonError::into_inner) = Some(Copy {
        version,
        data: data.clone(),
    });
    data
}

/// Drops the copy in `slot` unless it was read at `version` (`None`: whatever its version).
fn drop_unless<T>(slot: &Slot<T>, version: Option<i64>) -> bool {
    let mut guard = slot.write().unwrap_or_else(PoisonError::into_inner);
    let stale = guard
        .as_ref()
        .is_some_and(|c| version.is_none_or(|v| c.version != v));
    if stale {
        *guard = None;
    }
    stale
}

impl SharedReference {
    /// The directory, from memory once read.
    pub async fn directory(&self, store: &dyn Store) -> StoreResult<Arc<Directory>> {
        if let Some(d) = cached(&self.0.directory) {
            return Ok(d);
        }
        let version = store.reference_versions().await?.directory;
        let agencies = store.list_agencies(&AgencyFilter::default()).await?;
        Ok(keep(&self.0.directory, version, Directory::new(agencies)))
    }

    /// Every category (topics, then their sub-topics), from memory once read.
    pub async fn categories(&self, store: &dyn Store) -> StoreResult<Arc<Vec<Category>>> {
        if let Some(c) = cached(&self.0.categories) {
            return Ok(c);
        }
        let version = store.reference_versions().await?.categories;
        let categories = store.list_categories().await?;
        Ok(keep(&self.0.categories, version, categories))
    }

    /// The paths of `units` (top unit first, as [`Store::unit_paths`] reads them), from
    /// memory where read before; the others read at once and kept. A unit the store does not
    /// know is left out.
    pub async fn unit_paths(
        &self,
        store: &dyn Store,
        units: &[UnitId],
    ) -> StoreResult<HashMap<UnitId, Vec<UnitId>>> {
        let mut found = HashMap::with_capacity(units.len());
        let mut missing = Vec::new();
        let kept_version = {
            let kept = self.unit_paths_lock();
            for unit in units {
                match kept.as_ref().and_then(|c| c.data.get(unit)) {
                    Some(path) => {
                        found.insert(unit.clone(), path.clone());
                    }
                    None => missing.push(unit.clone()),
                }
            }
            kept.as_ref().map(|c| c.version)
        };
        if missing.is_empty() {
            return Ok(found);
        }
        // Read after the version, so the paths are at least that fresh.
        let version = match kept_version {
            Some(v) => v,
            None => store.reference_versions().await?.directory,
        };
        let read = store.unit_paths(&missing).await?;
        let mut kept = self.unit_paths_lock();
        let copy = kept.get_or_insert_with(|| Copy {
            version,
            data: Arc::new(HashMap::new()),
        });
        if copy.version == version && copy.data.len() + read.len() <= MAX_UNIT_PATHS {
            let paths = Arc::make_mut(&mut copy.data);
            for (unit, path) in &read {
                paths.insert(unit.clone(), path.clone());
            }
        }
        found.extend(read);
        Ok(found)
    }

    /// The path of one unit (see [`Self::unit_paths`]); not found when the store does not
    /// know it.
    pub async fn unit_path(&self, store: &dyn Store, unit: &UnitId) -> StoreResult<Vec<UnitId>> {
        self.unit_paths(store, std::slice::from_ref(unit))
            .await?
            .remove(unit)
            .ok_or(aduan_store::StoreError::NotFound)
    }

    fn unit_paths_lock(&self) -> std::sync::MutexGuard<'_, Option<Copy<UnitPaths>>> {
        self.0
            .unit_paths
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Drops the copy of `kind`, after an edit made here: the next read sees the edit.
    pub fn forget(&self, kind: Kind) {
        match kind {
            Kind::Directory => {
                *self.unit_paths_lock() = None;
                drop_unless(&self.0.directory, None)
            }
            Kind::Categories => drop_unless(&self.0.categories, None),
        };
    }
}

/// What [`refresh`] found changed elsewhere.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Refreshed {
    /// The directory copy was dropped.
    pub directory: bool,
    /// The categories copy was dropped.
    pub categories: bool,
    /// The calendar changed and was swapped in.
    pub calendar: bool,
}

/// Drops what `reference` holds of an older version than `v` (the directory, its unit paths,
/// the categories); the calendar is left to [`refresh`].
fn drop_stale(reference: &SharedReference, v: &aduan_store::ReferenceVersions) -> Refreshed {
    {
        let mut paths = reference.unit_paths_lock();
        if paths.as_ref().is_some_and(|c| c.version != v.directory) {
            *paths = None;
        }
    }
    Refreshed {
        directory: drop_unless(&reference.0.directory, Some(v.directory)),
        categories: drop_unless(&reference.0.categories, Some(v.categories)),
        calendar: false,
    }
}

/// Reads the versions once and drops every copy whose kind moved since it was read; when the
/// calendar's moved, reads it and, if it changed, puts it in force and moves any open deadline
/// that still disagrees with it (the editor already moved the others).
pub async fn refresh(state: &AppState) -> AppResult<Refreshed> {
    let v = state.store.reference_versions().await?;
    let reference = &state.reference.0;
    let mut out = drop_stale(&state.reference, &v);
    let seen = *reference
        .calendar_seen
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if seen != Some(v.calendar) {
        // Read after the version, so the calendar is at least that fresh.
        out.calendar = state.calendar.reload(state.store.as_ref()).await?;
        if out.calendar {
            crate::deadlines::calendar_changed(state).await?;
        }
        *reference
            .calendar_seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(v.calendar);
    }
    Ok(out)
}

/// Polls the replica's reference versions every `every` (zero: never) and drops what the
/// replica's own copy holds of an older version, for as long as the runtime runs.
pub fn spawn_replica_polling(state: &AppState, every: Duration) {
    let Some(replica) = state.replica.clone() else {
        return;
    };
    every_tick(every, move || {
        let replica = replica.clone();
        async move {
            match replica.store.reference_versions().await {
                Ok(v) => {
                    drop_stale(&replica.reference, &v);
                }
                Err(e) => {
                    tracing::warn!(error = %e, "could not poll the replica's reference versions")
                }
            }
        }
    });
}

/// Runs [`refresh`] every `every` (zero: never), for as long as the runtime runs.
pub fn spawn_polling(state: AppState, every: Duration) {
    every_tick(every, move || {
        let state = state.clone();
        async move {
            match refresh(&state).await {
                Ok(r) if r != Refreshed::default() => {
                    tracing::info!(
                        directory = r.directory,
                        categories = r.categories,
                        calendar = r.calendar,
                        "reference data changed elsewhere; reading it again"
                    );
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "could not poll the reference versions"),
            }
        }
    });
}

/// Runs `poll` every `every` (zero: never) on the runtime, for as long as it runs, missed
/// ticks delayed.
fn every_tick<F, Fut>(every: Duration, poll: F)
where
    F: Fn() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    if every.is_zero() {
        return;
    }
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            poll().await;
        }
    });
}

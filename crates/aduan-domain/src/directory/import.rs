//! A directory import: the batch of agencies, units and categories it writes, what it did, and
//! its plan against what is stored (which entries to insert, which to update, which are
//! already as given), made by [`plan_import`] with the rules the schema alone cannot check.

mod plan;

pub use plan::plan_import;

use super::{Agency, Category, Unit};
use serde::{Deserialize, Serialize};

/// Agencies, units and categories to write in one import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectoryBatch {
    /// Agencies; a parent must come before its children or already be stored.
    pub agencies: Vec<Agency>,
    /// Units; a parent unit must come before its children or already be stored.
    pub units: Vec<Unit>,
    /// Categories; a topic must come before its sub-topics or already be stored.
    pub categories: Vec<Category>,
}

impl DirectoryBatch {
    /// Whether the batch holds nothing.
    pub fn is_empty(&self) -> bool {
        self.agencies.is_empty() && self.units.is_empty() && self.categories.is_empty()
    }
}

/// What an upsert did to one kind of entry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpsertCounts {
    /// New entries.
    pub inserted: u64,
    /// Existing entries whose fields changed.
    pub updated: u64,
    /// Existing entries already exactly as given.
    pub unchanged: u64,
}

impl UpsertCounts {
    /// How many entries the import named.
    pub fn total(&self) -> u64 {
        self.inserted + self.updated + self.unchanged
    }
}

/// What an import did, per kind of entry; recorded in the audit entry `directory.import`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCounts {
    /// Agencies.
    pub agencies: UpsertCounts,
    /// Units.
    pub units: UpsertCounts,
    /// Categories.
    pub categories: UpsertCounts,
}

/// What to write for one kind of entry; inserts come parents first.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan<T> {
    /// New entries, each after its parent.
    pub insert: Vec<T>,
    /// Changed entries.
    pub update: Vec<T>,
    /// How many were already exactly as given.
    pub unchanged: u64,
}

impl<T> Plan<T> {
    /// The counts of this plan.
    pub fn counts(&self) -> UpsertCounts {
        UpsertCounts {
            inserted: self.insert.len() as u64,
            updated: self.update.len() as u64,
            unchanged: self.unchanged,
        }
    }
}

/// The whole import's plan.
#[derive(Debug, Clone, PartialEq)]
pub struct DirectoryPlan {
    /// Agencies.
    pub agencies: Plan<Agency>,
    /// Units.
    pub units: Plan<Unit>,
    /// Categories.
    pub categories: Plan<Category>,
}

impl DirectoryPlan {
    /// The counts recorded for the import.
    pub fn counts(&self) -> ImportCounts {
        ImportCounts {
            agencies: self.agencies.counts(),
            units: self.units.counts(),
            categories: self.categories.counts(),
        }
    }
}

/// The stored directory, as read inside the import transaction.
#[derive(Debug, Clone, Default)]
pub struct Stored {
    /// Every agency.
    pub agencies: Vec<Agency>,
    /// Every unit.
    pub units: Vec<Unit>,
    /// Every category.
    pub categories: Vec<Category>,
}

/// An import the directory's rules refuse, with the rule it breaks ("unit `x`: unknown agency
/// `y`"); nothing of it is written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{rule}")]
pub struct ImportRefused {
    /// The rule and the entry that breaks it.
    pub rule: String,
}

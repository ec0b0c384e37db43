//! The directory's storage: agencies, their unit trees and the report categories; the
//! working-day calendar's holidays; the tag vocabulary.

pub mod calendar;
pub mod tags;

use crate::StoreResult;
use aduan_domain::directory::{Agency, AgencyKind, Category, CategoryChanges, Unit};
use aduan_domain::{AgencyId, CategoryId, UnitId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// The version of each kind of reference data a service keeps in memory. Every directory
/// import moves `directory` and `categories`; every category edit moves `categories`; every
/// calendar edit (add, remove, seed) moves `calendar`; each in the edit's own transaction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReferenceVersions {
    /// Agencies and units.
    pub directory: i64,
    /// Categories.
    pub categories: i64,
    /// The working-day calendar.
    pub calendar: i64,
}

/// What to list from the directory; every field narrows the list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgencyFilter {
    /// Only agencies of this kind.
    pub kind: Option<AgencyKind>,
    /// Only agencies under this one (a province's kabupaten and kota).
    pub parent: Option<AgencyId>,
    /// Type-ahead text: every word must begin a word of the agency's name or abbreviation
    /// (`kab tang` finds Kabupaten Tangerang, `kemenkes` finds Kementerian Kesehatan).
    pub search: Option<String>,
    /// At most this many, by name.
    pub limit: Option<u32>,
    /// Only agencies after this one in name order (its name and id): the next page of a
    /// listing whose previous page ended with it.
    pub after: Option<(String, AgencyId)>,
}

pub use aduan_domain::directory::import::{DirectoryBatch, ImportCounts, UpsertCounts};

/// The audit action of a directory import.
pub const AUDIT_DIRECTORY_IMPORT: &str = "directory.import";
/// The audit action of a category edit.
pub const AUDIT_CATEGORY_UPDATE: &str = "category.update";

/// The agency directory and the categories.
///
/// Imports upsert by id and never delete: an entry left out of a later import stays as it is.
/// A unit's parent must belong to the same agency; an agency has at most one inspectorate.
#[async_trait]
pub trait DirectoryStore: Send + Sync {
    /// Upserts the batch's agencies, then units, then categories in one transaction, with one
    /// audit entry `directory.import` (subject `directory`, payload: the counts and `label`).
    /// Entries already exactly as given are not written. A reference to an unknown agency,
    /// unit or topic, a unit whose parent is in another agency, a parent cycle or a second
    /// inspectorate gives [`crate::StoreError::Conflict`] naming the rule, and nothing is
    /// written.
    async fn import_directory(
        &self,
        batch: &DirectoryBatch,
        label: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<ImportCounts>;

    /// Upserts agencies only (one audited import).
    async fn upsert_agencies(
        &self,
        agencies: &[Agency],
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<UpsertCounts> {
        let batch = DirectoryBatch {
            agencies: agencies.to_vec(),
            ..Default::default()
        };
        let counts = self.import_directory(&batch, "agencies", actor, at).await?;
        Ok(counts.agencies)
    }

    /// Upserts units only (one audited import).
    async fn upsert_units(
        &self,
        units: &[Unit],
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<UpsertCounts> {
        let batch = DirectoryBatch {
            units: units.to_vec(),
            ..Default::default()
        };
        Ok(self
            .import_directory(&batch, "units", actor, at)
            .await?
            .units)
    }

    /// Upserts categories only (one audited import).
    async fn upsert_categories(
        &self,
        categories: &[Category],
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<UpsertCounts> {
        let batch = DirectoryBatch {
            categories: categories.to_vec(),
            ..Default::default()
        };
        let counts = self
            .import_directory(&batch, "categories", actor, at)
            .await?;
        Ok(counts.categories)
    }

    /// An agency by id.
    async fn get_agency(&self, id: &AgencyId) -> StoreResult<Option<Agency>>;

    /// Agencies matching `filter`, by name.
    async fn list_agencies(&self, filter: &AgencyFilter) -> StoreResult<Vec<Agency>>;

    /// How many agencies match `filter` (its limit is ignored).
    async fn count_agencies(&self, filter: &AgencyFilter) -> StoreResult<u64>;

    /// An agency's units, by id (so each unit follows its parent).
    async fn list_units(&self, agency: &AgencyId) -> StoreResult<Vec<Unit>>;

    /// A unit by id.
    async fn get_unit(&self, id: &UnitId) -> StoreResult<Option<Unit>>;

    /// The unit's path from its agency's top unit down to the unit itself, root first.
    /// [`crate::StoreError::NotFound`] for an unknown unit.
    async fn unit_path(&self, id: &UnitId) -> StoreResult<Vec<UnitId>>;

    /// The paths of many units at once, in one read (a list page), as [`Self::unit_path`]
    /// gives each; an unknown unit is absent.
    async fn unit_paths(&self, ids: &[UnitId]) -> StoreResult<HashMap<UnitId, Vec<UnitId>>>;

    /// The version of each kind of reference data, which every edit of that kind moves in the
    /// same transaction: what a running service polls to know its cached copy is stale.
    async fn reference_versions(&self) -> StoreResult<ReferenceVersions>;

    /// The agency's inspectorate unit, if it has one.
    async fn inspectorate_of(&self, agency: &AgencyId) -> StoreResult<Option<Unit>>;

    /// Every category, by id (so each sub-topic follows its topic).
    async fn list_categories(&self) -> StoreResult<Vec<Category>>;

    /// A category by id.
    async fn get_category(&self, id: &CategoryId) -> StoreResult<Option<Category>>;

    /// Applies `changes` to a category and appends the audit entry `category.update`
    /// (subject `category:<id>`, payload: the fields before and after) in the same
    /// transaction. [`crate::StoreError::NotFound`] for an unknown category; an edit that
    /// breaks a rule of [`CategoryChanges::apply`] is a [`crate::StoreError::Conflict`] and
    /// writes nothing.
    async fn update_category(
        &self,
        id: &CategoryId,
        changes: &CategoryChanges,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Category>;
}

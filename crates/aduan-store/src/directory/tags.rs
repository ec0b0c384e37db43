//! The managed vocabulary of tags that staff put on reports at verification: the national
//! admin adds, renames and deactivates them; every change is in the audit log.

use crate::{StoreError, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The audit action when a tag is added.
pub const AUDIT_TAG_ADD: &str = "tag.add";
/// The audit action when a tag is renamed, deactivated or activated again.
pub const AUDIT_TAG_UPDATE: &str = "tag.update";

/// Longest tag slug accepted, in characters.
pub const MAX_TAG_SLUG_CHARS: usize = 60;
/// Longest tag label accepted, in characters.
pub const MAX_TAG_LABEL_CHARS: usize = 100;

/// A tag of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tag {
    /// The stable value stored on reports: lowercase letters, digits and single hyphens.
    pub slug: String,
    /// The name staff read.
    pub label: String,
    /// Whether staff may still put it on reports (reports keep a deactivated tag).
    pub active: bool,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// The audit subject of a tag: `tag:<slug>`.
pub fn tag_subject(slug: &str) -> String {
    format!("tag:{slug}")
}

/// The fields of a tag as its audit payload records them.
pub fn tag_audit_fields(tag: &Tag) -> serde_json::Value {
    serde_json::json!({ "slug": tag.slug, "label": tag.label, "active": tag.active })
}

/// Checks a tag's slug and label before they are written; returns the trimmed label. A slug
/// that is not a slug, a blank label or a field too long is a [`StoreError::Conflict`] naming
/// the rule.
pub fn check_tag(slug: &str, label: &str) -> StoreResult<String> {
    let refused = |rule: &str| StoreError::Conflict {
        constraint: format!("tag `{slug}`: {rule}"),
    };
    if !aduan_domain::directory::is_slug(slug) {
        return Err(refused(
            "the slug must be lowercase letters, digits and hyphens",
        ));
    }
    if slug.chars().count() > MAX_TAG_SLUG_CHARS {
        return Err(refused("the slug is too long"));
    }
    let label = label.trim();
    if label.is_empty() {
        return Err(refused("the label is empty"));
    }
    if label.chars().count() > MAX_TAG_LABEL_CHARS {
        return Err(refused("the label is too long"));
    }
    Ok(label.to_owned())
}

/// The tag vocabulary.
#[async_trait]
pub trait TagStore: Send + Sync {
    /// Every tag, active or not, by slug.
    async fn list_tags(&self) -> StoreResult<Vec<Tag>>;

    /// Adds the tag `slug`, or gives an existing one this label and active flag, with the
    /// audit entry `tag.add` (payload: `after`) or `tag.update` (payload: `before` and
    /// `after`), subject `tag:<slug>`, in the same transaction. A tag already exactly so is
    /// not written and not audited. What [`check_tag`] refuses is a
    /// [`StoreError::Conflict`] and writes nothing.
    async fn upsert_tag(
        &self,
        slug: &str,
        label: &str,
        active: bool,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Tag>;
}

//! Rows of `tags` (the vocabulary staff tag reports with).

use aduan_store::Tag;
use chrono::{DateTime, Utc};

/// The columns of `tags`, in the order [`TagRow`] reads them.
pub const TAG_COLUMNS: &str = "slug, label, active, created_at, updated_at";

/// A row of `tags`.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct TagRow {
    pub slug: String,
    pub label: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<TagRow> for Tag {
    fn from(r: TagRow) -> Self {
        Tag {
            slug: r.slug,
            label: r.label,
            active: r.active,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

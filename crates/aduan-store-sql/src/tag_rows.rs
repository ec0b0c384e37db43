//! Rows of `tags` (the vocabulary staff tag reports with) and the SQL both backends share
//! (written with `?`; PostgreSQL numbers it).

use aduan_store::Tag;
use chrono::{DateTime, Utc};

/// The columns of `tags`, in the order [`TagRow`] reads them.
pub const TAG_COLUMNS: &str = "slug, label, active, created_at, updated_at";

/// Every tag by slug.
pub const LIST_TAGS: &str =
    "SELECT slug, label, active, created_at, updated_at FROM tags ORDER BY slug";

/// One tag; binds the slug.
pub const GET_TAG: &str =
    "SELECT slug, label, active, created_at, updated_at FROM tags WHERE slug = ?";

/// Adds a tag and returns it; binds slug, label, active, created_at and updated_at.
pub const INSERT_TAG: &str = "INSERT INTO tags (slug, label, active, created_at, updated_at) \
    VALUES (?, ?, ?, ?, ?) RETURNING slug, label, active, created_at, updated_at";

/// Changes a tag and returns it; binds label, active, updated_at and the slug.
pub const UPDATE_TAG: &str = "UPDATE tags SET label = ?, active = ?, updated_at = ? \
    WHERE slug = ? RETURNING slug, label, active, created_at, updated_at";

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_statement_that_returns_rows_reads_the_columns_in_row_order() {
        for sql in [LIST_TAGS, GET_TAG, INSERT_TAG, UPDATE_TAG] {
            let squashed: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(squashed.contains(TAG_COLUMNS), "{sql}");
        }
    }
}

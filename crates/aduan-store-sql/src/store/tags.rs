//! The tag vocabulary; each change is written with its audit entry in one write transaction
//! (on PostgreSQL the tag's row lock and the audit chain's head row order concurrent writers;
//! a concurrent insert of the same slug fails on the primary key: a conflict).

use crate::store::{db_err, sql_impl};
use crate::{Stmt, TagRow, other};
use aduan_store::{
    AUDIT_TAG_ADD, AUDIT_TAG_UPDATE, StoreResult, Tag, TagStore, check_tag, tag_audit_fields,
    tag_subject,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::json;

static LIST_TAGS: Stmt =
    Stmt::new("SELECT slug, label, active, created_at, updated_at FROM tags ORDER BY slug");
static LOCK_TAG: Stmt =
    Stmt::locking("SELECT slug, label, active, created_at, updated_at FROM tags WHERE slug = ?");
static INSERT_TAG: Stmt = Stmt::new(
    "INSERT INTO tags (slug, label, active, created_at, updated_at) \
     VALUES (?, ?, ?, ?, ?) RETURNING slug, label, active, created_at, updated_at",
);
static UPDATE_TAG: Stmt = Stmt::new(
    "UPDATE tags SET label = ?, active = ?, updated_at = ? \
     WHERE slug = ? RETURNING slug, label, active, created_at, updated_at",
);

sql_impl! {
#[async_trait]
impl TagStore for SqlStore {
    async fn list_tags(&self) -> StoreResult<Vec<Tag>> {
        let rows: Vec<TagRow> = sqlx::query_as(LIST_TAGS.sql::<D>())
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        Ok(rows.into_iter().map(Tag::from).collect())
    }

    async fn upsert_tag(
        &self,
        slug: &str,
        label: &str,
        active: bool,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Tag> {
        let label = check_tag(slug, label)?;
        let mut tx = self.write_tx().await?;
        let before: Option<TagRow> = sqlx::query_as(LOCK_TAG.sql::<D>())
            .bind(slug)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let before = before.map(Tag::from);
        let (tag, action, payload) = match before {
            Some(old) if old.label == label && old.active == active => return Ok(old),
            Some(old) => {
                let row: TagRow = sqlx::query_as(UPDATE_TAG.sql::<D>())
                    .bind(&label)
                    .bind(active)
                    .bind(D::ts(at))
                    .bind(slug)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_err)?;
                let tag = Tag::from(row);
                let payload =
                    json!({ "before": tag_audit_fields(&old), "after": tag_audit_fields(&tag) });
                (tag, AUDIT_TAG_UPDATE, payload)
            }
            None => {
                let row: TagRow = sqlx::query_as(INSERT_TAG.sql::<D>())
                    .bind(slug)
                    .bind(&label)
                    .bind(active)
                    .bind(D::ts(at))
                    .bind(D::ts(at))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_err)?;
                let tag = Tag::from(row);
                let payload = json!({ "after": tag_audit_fields(&tag) });
                (tag, AUDIT_TAG_ADD, payload)
            }
        };
        Self::append_audit_in(&mut tx, actor, at, action, &tag_subject(slug), payload).await?;
        tx.commit().await.map_err(other)?;
        Ok(tag)
    }
}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TAG_COLUMNS;

    #[test]
    fn every_statement_that_returns_rows_reads_the_columns_in_row_order() {
        for stmt in [&LIST_TAGS, &LOCK_TAG, &INSERT_TAG, &UPDATE_TAG] {
            let squashed: String = stmt.text().split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(squashed.contains(TAG_COLUMNS), "{squashed}");
        }
    }
}

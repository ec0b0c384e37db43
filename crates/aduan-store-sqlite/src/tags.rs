//! The tag vocabulary on SQLite; each change is written with its audit entry in one
//! transaction that holds the write lock.

use crate::{SqliteStore, audit, db_err, ts};
use aduan_store::{
    AUDIT_TAG_ADD, AUDIT_TAG_UPDATE, StoreResult, Tag, TagStore, check_tag, tag_audit_fields,
    tag_subject,
};
use aduan_store_sql::{GET_TAG, INSERT_TAG, LIST_TAGS, TagRow, UPDATE_TAG, other};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::json;

#[async_trait]
impl TagStore for SqliteStore {
    async fn list_tags(&self) -> StoreResult<Vec<Tag>> {
        let rows: Vec<TagRow> = sqlx::query_as(LIST_TAGS)
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
        let before: Option<TagRow> = sqlx::query_as(GET_TAG)
            .bind(slug)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let before = before.map(Tag::from);
        let (tag, action, payload) = match before {
            Some(old) if old.label == label && old.active == active => return Ok(old),
            Some(old) => {
                let row: TagRow = sqlx::query_as(UPDATE_TAG)
                    .bind(&label)
                    .bind(active)
                    .bind(ts(at))
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
                let row: TagRow = sqlx::query_as(INSERT_TAG)
                    .bind(slug)
                    .bind(&label)
                    .bind(active)
                    .bind(ts(at))
                    .bind(ts(at))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_err)?;
                let tag = Tag::from(row);
                let payload = json!({ "after": tag_audit_fields(&tag) });
                (tag, AUDIT_TAG_ADD, payload)
            }
        };
        audit::append(&mut tx, actor, at, action, &tag_subject(slug), payload).await?;
        tx.commit().await.map_err(other)?;
        Ok(tag)
    }
}

//! The tag vocabulary on PostgreSQL; each change is written with its audit entry in one
//! transaction (the tag's row lock and the audit chain's head row order concurrent writers).

use crate::{PgStore, audit, db_err};
use aduan_store::{
    AUDIT_TAG_ADD, AUDIT_TAG_UPDATE, StoreResult, Tag, TagStore, check_tag, tag_audit_fields,
    tag_subject,
};
use aduan_store_sql::{TagRow, numbered, other};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::json;
use std::sync::LazyLock;

static LIST: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::LIST_TAGS));
static LOCK: LazyLock<String> =
    LazyLock::new(|| format!("{} FOR UPDATE", numbered(aduan_store_sql::GET_TAG)));
static INSERT: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::INSERT_TAG));
static UPDATE: LazyLock<String> = LazyLock::new(|| numbered(aduan_store_sql::UPDATE_TAG));

#[async_trait]
impl TagStore for PgStore {
    async fn list_tags(&self) -> StoreResult<Vec<Tag>> {
        let rows: Vec<TagRow> = sqlx::query_as(LIST.as_str())
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
        let before: Option<TagRow> = sqlx::query_as(LOCK.as_str())
            .bind(slug)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let before = before.map(Tag::from);
        let (tag, action, payload) = match before {
            Some(old) if old.label == label && old.active == active => return Ok(old),
            Some(old) => {
                let row: TagRow = sqlx::query_as(UPDATE.as_str())
                    .bind(&label)
                    .bind(active)
                    .bind(at)
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
                // A concurrent insert of the same slug fails on the primary key: a conflict.
                let row: TagRow = sqlx::query_as(INSERT.as_str())
                    .bind(slug)
                    .bind(&label)
                    .bind(active)
                    .bind(at)
                    .bind(at)
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

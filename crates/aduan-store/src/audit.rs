//! The audit log: every administrative act, in one hash chain.

use crate::StoreResult;
use aduan_domain::event::AuditEntry;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// The audit log's chain.
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Appends an entry to the audit log's chain.
    async fn append_audit(
        &self,
        actor: &str,
        at: DateTime<Utc>,
        action: &str,
        subject: &str,
        payload: serde_json::Value,
    ) -> StoreResult<AuditEntry>;

    /// The whole audit log in order, with its recorded head (count, last hash).
    async fn list_audit(&self) -> StoreResult<(Vec<AuditEntry>, i64, String)>;
}

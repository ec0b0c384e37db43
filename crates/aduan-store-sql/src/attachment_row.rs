//! Attachment rows and the SQL both backends share (written with `?`; PostgreSQL numbers it).

use crate::Stmt;
use crate::rows::parse;
use aduan_domain::TrackingId;
use aduan_domain::actor::Role;
use aduan_store::{Attachment, AttachmentId, EventActor, StoreError};
use chrono::{DateTime, Utc};

/// The columns of `attachments`, in the order [`AttachmentRow`] reads them.
pub const ATTACHMENT_COLUMNS: &str = "id, report_id, uploader, uploader_role, original_key, \
    sanitized_key, mime, size, sanitized_size, sha256, file_name, public, created_at";

/// Inserts an attachment and returns it; binds report, uploader, role, the two keys, mime,
/// size, sanitized size, sha256, file name, public and created_at, in that order.
pub static INSERT_ATTACHMENT: Stmt = Stmt::new(
    "INSERT INTO attachments (report_id, uploader, uploader_role, \
    original_key, sanitized_key, mime, size, sanitized_size, sha256, file_name, public, created_at) \
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, report_id, uploader, uploader_role, \
    original_key, sanitized_key, mime, size, sanitized_size, sha256, file_name, public, created_at",
);

/// A report's attachments in upload order; binds the report.
pub static LIST_ATTACHMENTS: Stmt = Stmt::new(
    "SELECT id, report_id, uploader, uploader_role, original_key, \
    sanitized_key, mime, size, sanitized_size, sha256, file_name, public, created_at \
    FROM attachments WHERE report_id = ? ORDER BY id",
);

/// One attachment; binds the id.
pub static GET_ATTACHMENT: Stmt = Stmt::new(
    "SELECT id, report_id, uploader, uploader_role, original_key, \
    sanitized_key, mime, size, sanitized_size, sha256, file_name, public, created_at \
    FROM attachments WHERE id = ?",
);

/// Sets the public flag and returns the attachment; binds public, then the id.
pub static SET_ATTACHMENT_PUBLIC: Stmt = Stmt::new(
    "UPDATE attachments SET public = ? WHERE id = ? \
    RETURNING id, report_id, uploader, uploader_role, original_key, sanitized_key, mime, size, \
    sanitized_size, sha256, file_name, public, created_at",
);

/// Keys asked about per statement by `unreferenced_blob_keys`: each is bound twice, well
/// under SQLite's and PostgreSQL's limits on bound values.
pub const BLOB_KEYS_PER_QUERY: usize = 400;

/// The statement that finds which of `n` keys an attachment records (as its original or its
/// sanitized copy); binds the `n` keys twice, once for each column.
pub fn referenced_blob_keys_sql(n: usize) -> String {
    let list = crate::placeholders(n);
    format!(
        "SELECT original_key AS blob_key FROM attachments WHERE original_key IN ({list}) \
         UNION SELECT sanitized_key AS blob_key FROM attachments WHERE sanitized_key IN ({list})"
    )
}

/// A row of `attachments`.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct AttachmentRow {
    pub id: i64,
    pub report_id: String,
    pub uploader: String,
    pub uploader_role: String,
    pub original_key: String,
    pub sanitized_key: String,
    pub mime: String,
    pub size: i64,
    pub sanitized_size: i64,
    pub sha256: String,
    pub file_name: String,
    pub public: bool,
    pub created_at: DateTime<Utc>,
}

impl AttachmentRow {
    /// The attachment record.
    pub fn into_attachment(self) -> Result<Attachment, StoreError> {
        Ok(Attachment {
            id: AttachmentId(self.id),
            report: TrackingId::parse(&self.report_id).map_err(crate::corrupt)?,
            uploader: EventActor {
                id: self.uploader,
                role: parse(&self.uploader_role, Role::parse, "role")?,
            },
            original_key: self.original_key,
            sanitized_key: self.sanitized_key,
            mime: self.mime,
            size: self.size,
            sanitized_size: self.sanitized_size,
            sha256: self.sha256,
            file_name: self.file_name,
            public: self.public,
            created_at: self.created_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_statement_reads_the_columns_in_row_order() {
        for stmt in [
            &INSERT_ATTACHMENT,
            &LIST_ATTACHMENTS,
            &GET_ATTACHMENT,
            &SET_ATTACHMENT_PUBLIC,
        ] {
            let sql = stmt.text();
            let squashed: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(squashed.contains(ATTACHMENT_COLUMNS), "{sql}");
        }
    }
}

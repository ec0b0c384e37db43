//! The SQL of imports from a legacy system, shared by both backends: legacy ids kept beside
//! tracking ids, and how far each source got (migration 0022).

use crate::Stmt;
use aduan_store::{ImportMark, StoreResult};
use chrono::{DateTime, Utc};

/// Legacy ids per multi-row INSERT (two values each, far under both backends' limits).
pub const LEGACY_CHUNK: usize = 5_000;

/// Records where a source's import got; binds source, fingerprint, line, byte offset,
/// imported, rejected and the time.
pub static UPSERT_IMPORT_MARK: Stmt = Stmt::new(
    "INSERT INTO import_marks \
     (source, fingerprint, line, byte_offset, imported, rejected, updated_at) \
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source) DO UPDATE SET line = excluded.line, \
     byte_offset = excluded.byte_offset, imported = excluded.imported, \
     rejected = excluded.rejected, updated_at = excluded.updated_at",
);

/// Where a source's import got; binds the source.
pub static GET_IMPORT_MARK: Stmt = Stmt::new(
    "SELECT source, fingerprint, line, byte_offset, imported, rejected, updated_at \
     FROM import_marks WHERE source = ?",
);

/// A row of `import_marks`.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct ImportMarkRow {
    pub source: String,
    pub fingerprint: String,
    pub line: i64,
    pub byte_offset: i64,
    pub imported: i64,
    pub rejected: i64,
    pub updated_at: DateTime<Utc>,
}

impl ImportMarkRow {
    /// The mark it records.
    pub fn into_mark(self) -> StoreResult<ImportMark> {
        let count = |v: i64| u64::try_from(v).map_err(crate::other);
        Ok(ImportMark {
            source: self.source,
            fingerprint: self.fingerprint,
            line: count(self.line)?,
            byte_offset: count(self.byte_offset)?,
            imported: count(self.imported)?,
            rejected: count(self.rejected)?,
            at: self.updated_at,
        })
    }
}

/// A count as both backends bind it.
pub fn as_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

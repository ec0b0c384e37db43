//! Aduan's embedded storage backend on SQLite: one file, WAL journal, `synchronous=FULL` so an
//! acknowledged report survives a crash, and a busy timeout so the CLI and a running server can
//! share the file. The store's logic is `aduan_store_sql`'s, on [`SqliteDialect`]; this crate
//! keeps connecting, the migrations and the bulk loader.

mod bulk;
mod dialect;
mod search;

pub use dialect::SqliteDialect;

/// The embedded migrations of this backend.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The SQLite store.
pub type SqliteStore = aduan_store_sql::SqlStore<SqliteDialect>;

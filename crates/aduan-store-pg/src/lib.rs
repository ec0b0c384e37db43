//! Aduan's production storage backend on PostgreSQL, with `synchronous_commit` on so an
//! acknowledged report survives a crash. Any number of stateless `aduan` instances share one
//! database: transitions are guarded by row versions, the audit chain by a row lock on its head.
//! The store's logic is `aduan_store_sql`'s, on [`PgDialect`]; this crate keeps connecting, the
//! migrations and the bulk loader.

mod bulk;
mod dialect;
mod search;

#[cfg(feature = "testing")]
pub mod testing;

pub use dialect::PgDialect;

/// The embedded migrations of this backend.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The PostgreSQL store.
pub type PgStore = aduan_store_sql::SqlStore<PgDialect>;

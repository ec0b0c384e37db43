//! [`SqlStore`]: the store over one connection pool, its logic written once for every
//! [`Dialect`].

mod access;
mod accounts;
mod attachments;
mod audit;
mod calendar;
mod chat;
mod clocks;
mod community;
mod core;
mod delivery;
mod directory;
mod groups;
mod identities;
mod import;
mod intake;
mod jobs;
mod limits;
mod mail_in;
mod outbox;
mod partners;
mod plain_identities;
mod registrations;
mod reports;
mod residue;
mod reveal;
mod search;
mod second_factor;
mod similar;
mod sms;
mod staff;
mod tags;
mod tally;
mod triage;
mod users;
mod volumes;

use crate::{Dialect, other};
use aduan_store::StoreError;
use sqlx::{Pool, Transaction};
use std::marker::PhantomData;

/// A store on a SQL database of dialect `D`.
pub struct SqlStore<D: Dialect> {
    pool: Pool<D::DB>,
    intake: std::sync::Arc<intake::Intake>,
    keyring: std::sync::Arc<aduan_store::Keyring>,
    dialect: PhantomData<D>,
}

impl<D: Dialect> Clone for SqlStore<D> {
    fn clone(&self) -> Self {
        Self {
            pool: self.pool.clone(),
            intake: self.intake.clone(),
            keyring: self.keyring.clone(),
            dialect: PhantomData,
        }
    }
}

impl<D: Dialect> std::fmt::Debug for SqlStore<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqlStore")
            .field("dialect", &D::NAME)
            .field("pool", &self.pool)
            .finish()
    }
}

impl<D: Dialect> SqlStore<D> {
    /// A store on `pool`, which the backend opened, sealing identities with `keyring`.
    pub fn new(pool: Pool<D::DB>, keyring: std::sync::Arc<aduan_store::Keyring>) -> Self {
        Self {
            pool,
            intake: std::sync::Arc::new(intake::Intake::new(D::INTAKE_LANES)),
            keyring,
            dialect: PhantomData,
        }
    }

    /// The keyring that seals and opens reporters' identities.
    pub fn keyring(&self) -> &aduan_store::Keyring {
        &self.keyring
    }

    fn intake(&self) -> &intake::Intake {
        &self.intake
    }

    /// How many transactions have written new reports, and how many reports they carried
    /// (see the group commit in `store/intake.rs`).
    pub fn intake_counts(&self) -> (u64, u64) {
        self.intake.counts()
    }

    /// The connection pool, for backend-specific tools and tests.
    pub fn pool(&self) -> &Pool<D::DB> {
        &self.pool
    }

    /// Starts a write transaction ([`Dialect::begin_write`]).
    pub async fn write_tx(&self) -> Result<Transaction<'static, D::DB>, StoreError> {
        D::begin_write(&self.pool).await.map_err(other)
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Maps a database error: unique violations become [`StoreError::Conflict`].
pub fn db_err(e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(d) = &e
        && d.is_unique_violation()
    {
        return StoreError::Conflict {
            constraint: d.message().to_owned(),
        };
    }
    other(e)
}

/// Like [`db_err`], but a missing report or account (a foreign key) is [`StoreError::NotFound`].
pub(crate) fn ref_err(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_foreign_key_violation() => StoreError::NotFound,
        _ => db_err(e),
    }
}

/// A row of dialect `D`'s database.
pub(crate) type RowOf<D> = <<D as Dialect>::DB as sqlx::Database>::Row;

/// Writes an impl block for `SqlStore<D>` over every [`Dialect`], with the bounds `sqlx` needs
/// to run the shared statements on `D`'s database (binding these types, reading these rows);
/// they hold for SQLite and PostgreSQL, and are written here once rather than on every block.
/// rustfmt does not reach inside a macro: `scripts/fmt-sql-impl` formats these blocks (the test
/// script checks them).
macro_rules! sql_impl {
    (@impl [$(#[$attr:meta])*] [$($head:tt)*] $body:tt) => {
        $(#[$attr])*
        impl<D: $crate::Dialect> $($head)*
        where
            for<'c> &'c mut <D::DB as sqlx::Database>::Connection:
                sqlx::Executor<'c, Database = D::DB>,
            <D::DB as sqlx::Database>::Arguments: sqlx::IntoArguments<D::DB>,
            for<'a> &'a str: sqlx::Encode<'a, D::DB> + sqlx::Type<D::DB>,
            for<'a> String: sqlx::Encode<'a, D::DB> + sqlx::Type<D::DB>,
            for<'a> i64: sqlx::Encode<'a, D::DB> + sqlx::Type<D::DB>,
            for<'a> i32: sqlx::Encode<'a, D::DB> + sqlx::Type<D::DB>,
            for<'a> bool: sqlx::Encode<'a, D::DB> + sqlx::Type<D::DB>,
            for<'a> chrono::NaiveDate: sqlx::Encode<'a, D::DB> + sqlx::Type<D::DB>,
            for<'a> Option<chrono::NaiveDate>: sqlx::Encode<'a, D::DB> + sqlx::Type<D::DB>,
            for<'a> Option<f64>: sqlx::Encode<'a, D::DB> + sqlx::Type<D::DB>,
            for<'a> f64: sqlx::Encode<'a, D::DB> + sqlx::Type<D::DB>,
            for<'a> Vec<u8>: sqlx::Encode<'a, D::DB> + sqlx::Type<D::DB>,
            for<'a> Option<bool>: sqlx::Encode<'a, D::DB> + sqlx::Type<D::DB>,
            for<'a> Option<&'a str>: sqlx::Encode<'a, D::DB> + sqlx::Type<D::DB>,
            for<'a> Option<String>: sqlx::Encode<'a, D::DB> + sqlx::Type<D::DB>,
            for<'a> Option<i64>: sqlx::Encode<'a, D::DB> + sqlx::Type<D::DB>,
            for<'a> Option<D::Ts>: sqlx::Encode<'a, D::DB> + sqlx::Type<D::DB>,
            $crate::AgencyRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::AttachmentRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::AuditRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::CategoryRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::ChatConversationRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::ClockRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::CommentRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::EventRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::HolidayRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::IdentityRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::IdentityLookRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::JobRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::MailClaimRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::OutboxRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::PartnerRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::PartnerKeyRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::PartnerReportRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::PreferencesRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::ReportRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::ExportRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::PageEndRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::WindowRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::GroupRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::RevealRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::SecondFactorRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (String, Vec<u8>): for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::VolumeRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::BacklogSqlRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::SessionRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::SmsDeliveryRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::TagRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::TriageModelRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::TriageExampleRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::PickCountRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (Option<Vec<u8>>,): for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::UnitRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::UserRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (i64,): for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (bool,): for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (chrono::NaiveDate,): for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (String,): for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (i32, i32): for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (i64, i64, i64): for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (i64, String, String): for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (String, String, String): for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (String, i64): for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (i64, String): for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (Option<bool>,): for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (String, chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>):
                for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (String, String): for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (Option<String>,): for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (Option<chrono::DateTime<chrono::Utc>>,): for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::TallyCountRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::OpenPastDueRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            $crate::ImportMarkRow: for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (String, i64, String): for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (String, Option<String>): for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (i64, i64, Option<i64>, i64): for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (Option<i64>, String, String): for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
            (Option<i64>, Option<String>, Option<String>):
                for<'r> sqlx::FromRow<'r, $crate::store::RowOf<D>>,
        $body
    };
    ($(#[$attr:meta])* impl $tr:ident for SqlStore $body:tt) => {
        sql_impl!(@impl [$(#[$attr])*] [$tr for $crate::SqlStore<D>] $body);
    };
    ($(#[$attr:meta])* impl SqlStore $body:tt) => {
        sql_impl!(@impl [$(#[$attr])*] [$crate::SqlStore<D>] $body);
    };
}
pub(crate) use outbox::{SealedOutbox, open_recipient};
pub(crate) use sql_impl;

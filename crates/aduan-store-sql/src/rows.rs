//! Event, audit and user rows.

use aduan_domain::actor::{Role, SupervisorBody};
use aduan_domain::event::{AuditEntry, Event};
use aduan_domain::lifecycle::ActionKind;
use aduan_domain::{AgencyId, Status, TrackingId, UnitId, UserId};
use aduan_store::{StoreError, User};
use chrono::{DateTime, Utc};

/// A stored value that no longer parses as its domain type.
pub fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

/// Wraps a backend error.
pub fn other(e: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::Other(Box::new(e))
}

pub(crate) fn parse<T>(
    v: &str,
    f: impl Fn(&str) -> Option<T>,
    what: &str,
) -> Result<T, StoreError> {
    f(v).ok_or_else(|| corrupt(format!("{what} `{v}`")))
}

/// A row of `events`.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct EventRow {
    pub report_id: String,
    pub seq: i64,
    pub actor: String,
    pub role: String,
    pub at: DateTime<Utc>,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: Option<String>,
    pub body: Option<String>,
    pub internal: bool,
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
}

impl EventRow {
    /// The domain event.
    pub fn into_event(self) -> Result<Event, StoreError> {
        Ok(Event {
            report: TrackingId::parse(&self.report_id).map_err(corrupt)?,
            seq: self.seq,
            actor: self.actor,
            role: parse(&self.role, Role::parse, "role")?,
            at: self.at,
            action: parse(&self.action, ActionKind::parse, "action")?,
            from: match self.from_status {
                Some(s) => Some(parse(&s, Status::parse, "status")?),
                None => None,
            },
            to: parse(&self.to_status, Status::parse, "status")?,
            reason: self.reason,
            body: self.body,
            internal: self.internal,
            payload: serde_json::from_str(&self.payload).map_err(corrupt)?,
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }
}

/// A row of `identity_looks`.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct IdentityLookRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user_id: i64,
    pub role: String,
    pub report_id: String,
    pub via: String,
    pub what: String,
}

/// A row of `audit_log`.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct AuditRow {
    pub seq: i64,
    pub actor: String,
    pub at: DateTime<Utc>,
    pub action: String,
    pub subject: String,
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRow {
    /// The domain audit entry.
    pub fn into_entry(self) -> Result<AuditEntry, StoreError> {
        Ok(AuditEntry {
            seq: self.seq,
            actor: self.actor,
            at: self.at,
            action: self.action,
            subject: self.subject,
            payload: serde_json::from_str(&self.payload).map_err(corrupt)?,
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }
}

/// A row of `users`.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub nik: Option<String>,
    pub password_hash: Option<String>,
    pub role: String,
    pub agency: Option<String>,
    pub unit: Option<String>,
    pub body: Option<String>,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
    pub key_id: Option<String>,
    pub sealed: Option<String>,
}

/// What an account's sealed identity is bound to: its id.
pub fn account_owner(id: i64) -> String {
    format!("user:{id}")
}

impl UserRow {
    /// The account, its identity opened with `keyring` when sealed (an account from before
    /// issue 20 is read as it is until it is sealed).
    pub fn into_user(self, keyring: &aduan_store::Keyring) -> Result<User, StoreError> {
        let (name, email, phone, nik) = match (&self.key_id, &self.sealed) {
            (Some(key), Some(sealed)) => {
                let who = keyring
                    .open(&account_owner(self.id), key, sealed)
                    .map_err(|e| StoreError::Other(Box::new(e)))?;
                (who.name.unwrap_or_default(), who.email, who.phone, who.nik)
            }
            _ => (self.name, self.email, self.phone, self.nik),
        };
        Ok(User {
            id: UserId(self.id),
            name,
            email,
            phone,
            nik,
            password_hash: self.password_hash,
            role: parse(&self.role, Role::parse, "role")?,
            agency: self.agency.map(AgencyId::new),
            unit: self.unit.map(UnitId::new),
            body: match self.body {
                Some(b) => Some(parse(&b, SupervisorBody::parse, "body")?),
                None => None,
            },
            disabled: self.disabled,
            created_at: self.created_at,
        })
    }
}

/// A row of `sessions` with its account, as the session lookup reads it.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct SessionRow {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub token_hash: String,
    pub s_created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub second_factor_at: Option<DateTime<Utc>>,
}

/// The columns of `reporters` that hold an identity, as [`IdentityRow`] reads them.
pub const IDENTITY_COLUMNS: &str = "id, key_id, sealed, name, email, phone, nik, chat";

/// A row of `reporters`: the identity behind an opaque reporter id, sealed (`key_id`,
/// `sealed`) or, before it was first sealed, in the plain columns.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct IdentityRow {
    pub id: String,
    pub key_id: Option<String>,
    pub sealed: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub nik: Option<String>,
    pub chat: Option<String>,
}

impl IdentityRow {
    /// The identity, opened with `keyring` when sealed.
    pub fn open(
        self,
        keyring: &aduan_store::Keyring,
    ) -> Result<aduan_domain::report::ReporterIdentity, aduan_store::StoreError> {
        match (self.key_id, self.sealed) {
            (Some(key), Some(sealed)) => keyring
                .open(&self.id, &key, &sealed)
                .map_err(|e| aduan_store::StoreError::Other(Box::new(e))),
            _ => Ok(aduan_domain::report::ReporterIdentity {
                name: self.name,
                email: self.email,
                phone: self.phone,
                nik: self.nik,
                chat: self.chat,
            }),
        }
    }
}

/// The key of the report where an export's page ends ([`crate::page_end_query`]).
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct PageEndRow {
    pub submitted_at: chrono::DateTime<chrono::Utc>,
    pub tracking_id: String,
}

/// A row of an export's page ([`crate::export_query`]): the report, its count of public
/// follow-ups, and its reporter's identity (every `reporter_` column empty once erased).
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct ExportRow {
    #[sqlx(flatten)]
    pub report: crate::ReportRow,
    pub follow_ups: i64,
    pub reporter_found: Option<String>,
    pub reporter_key: Option<String>,
    pub reporter_sealed: Option<String>,
    pub reporter_name: Option<String>,
    pub reporter_email: Option<String>,
    pub reporter_phone: Option<String>,
    pub reporter_nik: Option<String>,
    pub reporter_chat: Option<String>,
}

impl ExportRow {
    /// The report with what its export row needs, its identity opened with `keyring`.
    pub fn into_exported(
        self,
        keyring: &aduan_store::Keyring,
    ) -> aduan_store::StoreResult<aduan_store::ExportedReport> {
        let identity = match self.reporter_found {
            Some(id) => Some(
                IdentityRow {
                    id,
                    key_id: self.reporter_key,
                    sealed: self.reporter_sealed,
                    name: self.reporter_name,
                    email: self.reporter_email,
                    phone: self.reporter_phone,
                    nik: self.reporter_nik,
                    chat: self.reporter_chat,
                }
                .open(keyring)?,
            ),
            None => None,
        };
        Ok(aduan_store::ExportedReport {
            report: self.report.into_report()?,
            follow_ups: self.follow_ups.unsigned_abs(),
            identity,
        })
    }
}

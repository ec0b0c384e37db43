//! Accounts and sessions: citizens' and staff accounts, login sessions, password resets,
//! notification preferences, erasure on request; staff administration and the rate limiter.

pub mod limits;
pub mod registrations;
pub mod second_factor;
pub mod staff;

use crate::{Language, NewOutboxMessage, NewUser, StoreResult, User};
use aduan_domain::{ReporterId, UserId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// A stored login session (bearer token and cookie share it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// SHA-256 (hex) of the token.
    pub token_hash: String,
    /// The account.
    pub user: User,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
    /// When its login passed the second factor (none: a password alone).
    pub second_factor_at: Option<DateTime<Utc>>,
}

impl Session {
    /// Whether it still logs its account in at `now`: not revoked, not expired, and the
    /// account not disabled.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at > now && !self.user.disabled
    }
}

/// How a person wants to hear about their reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preferences {
    /// By e-mail.
    pub email: bool,
    /// By SMS.
    pub sms: bool,
    /// In which language.
    pub language: Language,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            email: true,
            sms: false,
            language: Language::Id,
        }
    }
}

/// Accounts, their sessions and their own settings.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Creates an account and records it in the audit log, atomically.
    async fn create_user(
        &self,
        user: &NewUser,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<User>;

    /// An account by e-mail address or phone number.
    async fn find_user_by_login(&self, login: &str) -> StoreResult<Option<User>>;

    /// An account by id.
    async fn get_user(&self, id: UserId) -> StoreResult<Option<User>>;

    /// All accounts, by id.
    async fn list_users(&self) -> StoreResult<Vec<User>>;

    /// Disables or enables an account and records it in the audit log, atomically; disabling
    /// also revokes every session of the account.
    async fn set_user_disabled(
        &self,
        id: UserId,
        disabled: bool,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<User>;

    /// Stores a new session.
    async fn create_session(
        &self,
        user: UserId,
        token_hash: &str,
        created_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// A session by token hash, with its account, whether or not it is still valid.
    async fn find_session(&self, token_hash: &str) -> StoreResult<Option<Session>>;

    /// Revokes one session.
    async fn revoke_session(&self, token_hash: &str, at: DateTime<Utc>) -> StoreResult<()>;

    /// Revokes every session of an account (on disable or password change).
    async fn revoke_user_sessions(&self, user: UserId, at: DateTime<Utc>) -> StoreResult<u64>;

    /// The reporter id of an account, if it has reported before.
    async fn reporter_of_user(&self, user: UserId) -> StoreResult<Option<ReporterId>>;

    /// Stores a password-reset token (its hash) for `user`, valid until `expires_at`, and
    /// the outbox message that carries it, atomically.
    async fn create_password_reset(
        &self,
        user: UserId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        message: &NewOutboxMessage,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Uses a reset token once: when it exists, is unused and unexpired, sets the password,
    /// marks the token used and revokes every session of the account, atomically, and
    /// returns the account. `None` otherwise.
    async fn consume_password_reset(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<UserId>>;

    /// The account's notification preferences (the defaults when never set).
    async fn get_preferences(&self, user: UserId) -> StoreResult<Preferences>;

    /// Replaces the account's notification preferences.
    async fn set_preferences(&self, user: UserId, prefs: &Preferences) -> StoreResult<()>;

    /// Erases the identity behind `user`'s account on their request: the reporter identity
    /// (name, e-mail, phone, NIK) and the account's personal fields, disables the account and
    /// revokes its sessions, and writes an audit entry `identity.erase_request` naming no one,
    /// atomically. Reports and their events stay, anonymised.
    async fn erase_user_identity(&self, user: UserId, at: DateTime<Utc>) -> StoreResult<()>;
}

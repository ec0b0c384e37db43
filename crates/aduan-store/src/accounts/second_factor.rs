//! Staff's second factor as stored: a TOTP secret sealed with the deployment key, the last
//! time step accepted, and one-time recovery codes kept as hashes. Every change that matters
//! (enabled, removed, codes replaced) is written with its audit entry in one transaction.

use crate::{SealedSecret, StoreResult};
use aduan_domain::UserId;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// The audit action when an account's second factor is confirmed.
pub const AUDIT_SECOND_FACTOR_ON: &str = "second_factor.enable";
/// The audit action when an account's second factor is removed.
pub const AUDIT_SECOND_FACTOR_OFF: &str = "second_factor.remove";
/// The audit action when an account's recovery codes are replaced.
pub const AUDIT_RECOVERY_CODES: &str = "second_factor.recovery_codes";

/// An account's second factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondFactor {
    /// The TOTP secret's base32 text, sealed for the account ([`totp_context`]).
    pub secret: SealedSecret,
    /// When it was set up.
    pub created_at: DateTime<Utc>,
    /// When a first code confirmed it; until then it is not asked at login.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The last time step whose code was accepted.
    pub last_step: i64,
    /// Recovery codes not yet used.
    pub recovery_left: i64,
}

/// The context a TOTP secret is sealed for: the account's.
pub fn totp_context(user: UserId) -> String {
    format!("totp:{user}")
}

/// The store's side of staff's second factor.
#[async_trait]
pub trait SecondFactorStore: Send + Sync {
    /// The account's second factor, if it has begun one.
    async fn second_factor(&self, user: UserId) -> StoreResult<Option<SecondFactor>>;

    /// Begins (or begins again) an unconfirmed second factor with `secret`; a confirmed one is
    /// a conflict (it must be removed first).
    async fn begin_second_factor(
        &self,
        user: UserId,
        secret: &SealedSecret,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Confirms the account's waiting second factor with the step of its first code, replaces
    /// its recovery codes with `recovery_hashes`, and writes `second_factor.enable`. No session
    /// is marked as having passed it: the next login does. `false` when nothing waited (or
    /// the step was not later than the last).
    async fn confirm_second_factor(
        &self,
        user: UserId,
        step: i64,
        recovery_hashes: &[String],
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Accepts the code of `step` for a confirmed second factor: `true` once per step and only
    /// for a step later than the last accepted (atomic, so two logins cannot use one code).
    async fn use_second_factor_step(&self, user: UserId, step: i64) -> StoreResult<bool>;

    /// Uses one recovery code (by hash): `true` once.
    async fn use_recovery_code(
        &self,
        user: UserId,
        code_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Replaces the account's recovery codes, with an audit entry by `actor`.
    async fn replace_recovery_codes(
        &self,
        user: UserId,
        hashes: &[String],
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Removes the account's second factor and recovery codes with an audit entry by `actor`,
    /// and no session of the account counts as having passed it any more; `false` (and no
    /// entry) when it had none.
    async fn remove_second_factor(
        &self,
        user: UserId,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Stores a new session whose login passed the second factor at `created_at`.
    async fn create_session_with_second_factor(
        &self,
        user: UserId,
        token_hash: &str,
        created_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()>;
}

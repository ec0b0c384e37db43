//! What the back office's staff pages need from the store: staff accounts by agency, changes
//! of scope and password (each written with its audit entry in one transaction), a person's
//! own live sessions by a handle that is not a secret, and the reporters' latest confirmations
//! and ratings of an agency's reports.

use crate::{StoreResult, User};
use aduan_domain::actor::{Role, StaffRole, SupervisorBody};
use aduan_domain::event::Event;
use aduan_domain::{AgencyId, UnitId, UserId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// The audit action when an account's role or scope changes.
pub const AUDIT_USER_SCOPE: &str = "user.scope";
/// The audit action when staff set a new password on an account.
pub const AUDIT_USER_PASSWORD: &str = "user.password_reset";
/// The audit action when a person ends some of their own sessions.
pub const AUDIT_SESSION_REVOKE: &str = "session.revoke";

/// How many leading hex characters of a session's token hash name it on a page: enough to tell
/// one person's sessions apart, too few to stand in for the token or its hash.
pub const SESSION_HANDLE_CHARS: usize = 12;

/// The handle of a session: the first [`SESSION_HANDLE_CHARS`] characters of its token hash.
pub fn session_handle(token_hash: &str) -> &str {
    token_hash.get(..SESSION_HANDLE_CHARS).unwrap_or(token_hash)
}

/// An account's role with its scope, as stored (the caller checks that it is complete and
/// that the acting admin may grant it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffScope {
    /// Role.
    pub role: Role,
    /// Agency (agency admins, unit officers).
    pub agency: Option<AgencyId>,
    /// Unit (unit officers).
    pub unit: Option<UnitId>,
    /// Oversight body (supervisors).
    pub body: Option<SupervisorBody>,
}

impl StaffScope {
    /// The scope an account has now.
    pub fn of(user: &User) -> Self {
        Self {
            role: user.role,
            agency: user.agency.clone(),
            unit: user.unit.clone(),
            body: user.body,
        }
    }

    /// The scope of a (complete, by construction) staff role.
    pub fn of_role(role: &StaffRole) -> Self {
        let (agency, unit, body) = match role {
            StaffRole::NationalAdmin => (None, None, None),
            StaffRole::AgencyAdmin { agency } => (Some(agency.clone()), None, None),
            StaffRole::UnitOfficer { agency, unit } => {
                (Some(agency.clone()), Some(unit.clone()), None)
            }
            StaffRole::Supervisor { body } => (None, None, Some(*body)),
        };
        Self {
            role: role.role(),
            agency,
            unit,
            body,
        }
    }

    /// The scope as an audit payload.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "role": self.role,
            "agency": self.agency,
            "unit": self.unit,
            "body": self.body,
        })
    }
}

/// A live session as its owner sees it: never its token or whole hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveSession {
    /// [`session_handle`] of its token hash.
    pub handle: String,
    /// When it was created (the login).
    pub created_at: DateTime<Utc>,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

/// The store's side of staff administration, own sessions and the agency overview.
#[async_trait]
pub trait StaffStore: Send + Sync {
    /// Staff accounts (every role but citizen; erased accounts left out), of one agency when
    /// `agency` is given: national admins, agency admins, unit officers, supervisors, each by
    /// name.
    async fn list_staff(&self, agency: Option<&AgencyId>) -> StoreResult<Vec<User>>;

    /// The enabled staff accounts of `role` (erased ones left out), by id: whom a message to
    /// everyone holding a role (the approvers of a reveal) goes to, without opening the rest.
    async fn list_staff_of_role(&self, role: Role) -> StoreResult<Vec<User>>;

    /// Replaces an account's role and scope and writes an audit entry `user.scope` naming
    /// `actor` and the account with the scope before and after, atomically. `NotFound` for an
    /// unknown account.
    async fn update_user_scope(
        &self,
        id: UserId,
        scope: &StaffScope,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<User>;

    /// Sets an account's password (argon2id PHC string), revokes every session of the account
    /// and writes an audit entry `user.password_reset`, atomically. `NotFound` for an unknown
    /// account.
    async fn set_user_password(
        &self,
        id: UserId,
        password_hash: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<User>;

    /// The account's sessions that still work at `now` (not revoked, not expired), newest
    /// first.
    async fn list_live_sessions(
        &self,
        user: UserId,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<LiveSession>>;

    /// Revokes the account's live session with this handle and writes an audit entry
    /// `session.revoke` by the account, atomically; `false` (and no entry) when the account
    /// has no such live session.
    async fn revoke_session_by_handle(
        &self,
        user: UserId,
        handle: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Revokes every live session of the account except the one with `keep_token_hash`, and
    /// writes an audit entry `session.revoke` when any was revoked, atomically. Returns how
    /// many were revoked.
    async fn revoke_other_sessions(
        &self,
        user: UserId,
        keep_token_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<u64>;

    /// The latest confirmations and ratings (events `confirm` and `rate`) of reports the
    /// agency holds, newest first, at most `limit`.
    async fn list_feedback(&self, agency: &AgencyId, limit: u32) -> StoreResult<Vec<Event>>;
}

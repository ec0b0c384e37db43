//! Whoever makes a request, as the use cases know them, and the viewer they are for one report.

use super::{hash_secret, normalise_access_code};
use crate::AppState;
use crate::error::{AppError, AppResult};
use aduan_domain::actor::{Actor, Staff};
use aduan_domain::report::Report;
use aduan_store::User;

/// The path a request came through: what the log of staff looks at identities records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Via {
    /// The JSON API (`/api/v1`).
    #[default]
    Api,
    /// The back office's pages (`/kantor`).
    Office,
    /// The public portal's pages.
    Portal,
}

impl Via {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Api => "api",
            Via::Office => "office",
            Via::Portal => "portal",
        }
    }
}

/// Whoever sent the request: a logged-in account, a holder of an access code, or nobody.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    /// The account behind a valid session.
    pub user: Option<User>,
    /// The session's token hash (for logout).
    pub token_hash: Option<String>,
    /// An access code from the `X-Access-Code` header, normalised.
    pub access_code: Option<String>,
    /// The client's address, for the rate limiter.
    pub client: crate::limiter::ClientAddr,
    /// The path the request came through.
    pub via: Via,
    /// Whether the session's login passed the second factor.
    pub second_factor: bool,
}

impl Caller {
    /// Whether the caller has no identity: no session and no access code.
    pub fn is_anonymous(&self) -> bool {
        self.user.is_none() && self.access_code.is_none()
    }

    /// Someone without a session or an access code, at `client`.
    pub fn anonymous(client: crate::limiter::ClientAddr) -> Caller {
        Caller {
            user: None,
            token_hash: None,
            access_code: None,
            client,
            via: Via::default(),
            second_factor: false,
        }
    }

    /// The caller behind a request's credentials, as an edge found them: a session token (from
    /// `Authorization: Bearer` or the session cookie), an access code (normalised here) and the
    /// client's address. A token that names no live session is refused with `unauthorized`.
    pub async fn from_credentials(
        state: &AppState,
        token: Option<&str>,
        access_code: Option<&str>,
        client: crate::limiter::ClientAddr,
    ) -> AppResult<Caller> {
        let mut caller = Caller {
            access_code: access_code
                .map(normalise_access_code)
                .filter(|c| !c.is_empty()),
            client,
            ..Caller::default()
        };
        if let Some(token) = token {
            let hash = hash_secret(token);
            let session = state
                .store
                .find_session(&hash)
                .await?
                .ok_or(AppError::Unauthorized)?;
            if !session.is_live(state.clock.now()) {
                return Err(AppError::Unauthorized);
            }
            caller.second_factor = session.second_factor_at.is_some();
            caller.user = Some(session.user);
            caller.token_hash = Some(hash);
        }
        Ok(caller)
    }

    /// The logged-in account, or 401.
    pub fn require_user(&self) -> AppResult<&User> {
        self.user.as_ref().ok_or(AppError::Unauthorized)
    }

    /// Staff with a complete scope, as a domain actor.
    pub fn staff(&self) -> Option<Staff> {
        let user = self.user.as_ref()?;
        Some(Staff {
            user: user.id,
            role: user.staff_role()?,
        })
    }

    /// This caller as the submitter of their own report (not on behalf of anyone): a staff
    /// session is dropped, so the report is a citizen's without an account and nothing of the
    /// staff account (id, role, agency, unit) is stored on it. A citizen's session is kept.
    pub fn for_own_submission(self) -> Caller {
        let staff = self
            .user
            .as_ref()
            .is_some_and(|u| u.role != aduan_domain::Role::Citizen);
        if staff {
            Caller {
                access_code: self.access_code,
                client: self.client,
                via: self.via,
                ..Caller::default()
            }
        } else {
            self
        }
    }

    /// What this caller is to `report`: its reporter (by an access code given in the header or
    /// `body_code`, or by account), staff by role, or the public. A code that does not unlock
    /// the report counts against the wrong-code limits; while they refuse, so does this.
    ///
    /// The code comes first: a staff member who filed a report of their own (always as a
    /// citizen, see [`Caller::for_own_submission`]) and shows its code acts on it as its
    /// reporter, not as staff, even where their browser or client holds a staff session, so
    /// that nothing they do on it carries their role, agency or unit.
    pub async fn actor_for(
        &self,
        state: &AppState,
        report: &Report,
        body_code: Option<&str>,
    ) -> AppResult<Actor> {
        let code = body_code
            .map(normalise_access_code)
            .or_else(|| self.access_code.clone());
        if let Some(code) = code
            && let Some(reporter) =
                crate::limiter::check_access_code(state, self.client, &report.tracking_id, &code)
                    .await?
        {
            return Ok(Actor::Reporter(reporter));
        }
        if let Some(staff) = self.staff() {
            return Ok(Actor::Staff(staff));
        }
        if let Some(user) = &self.user
            && state.store.reporter_of_user(user.id).await?.as_ref() == Some(&report.reporter)
        {
            return Ok(Actor::Reporter(report.reporter.clone()));
        }
        Ok(Actor::Public)
    }
}

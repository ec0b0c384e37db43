//! The log of staff looks at reporters' identities. Every report view, list row and reveal that
//! shows staff a reporter's name or contact details is recorded before it is answered: who
//! (the account and its role), which report, when, through which path (`api`, `office`,
//! `portal`) and what showed it (`report`, `list`, `reveal`). A look that cannot be recorded is
//! not shown. The national admin lists the looks per report and per account.

use crate::AppState;
use crate::auth::{Caller, Via};
use crate::error::{AppError, AppResult};
use crate::reports::viewer::Viewed;
use aduan_domain::actor::StaffRole;
use aduan_domain::report::ReporterIdentity;
use aduan_domain::visibility::IdentityView;
use aduan_domain::{TrackingId, UserId};
use aduan_store::{IdentityLook, LooksOf};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;

/// Looks listed per page.
pub const PAGE: u32 = 50;

/// What showed an identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// One report's page or JSON.
    Report,
    /// A row of a list (the queue, the JSON list).
    List,
    /// The reveal of an anonymous reporter's identity.
    Reveal,
}

impl Shown {
    fn as_str(self) -> &'static str {
        match self {
            Shown::Report => "report",
            Shown::List => "list",
            Shown::Reveal => "reveal",
        }
    }
}

/// Whether `identity` holds anything that names or reaches its reporter.
fn names_someone(identity: &ReporterIdentity) -> bool {
    [
        &identity.name,
        &identity.email,
        &identity.phone,
        &identity.nik,
        &identity.chat,
    ]
    .iter()
    .any(|v| v.as_deref().is_some_and(|s| !s.trim().is_empty()))
}

/// The look `seen` makes when it shows `identity`: one by staff shown the full identity (or
/// a reveal) of a reporter it names; `None` for anyone else or nothing shown.
pub(crate) fn look_of(
    state: &AppState,
    seen: &Viewed,
    identity: Option<&ReporterIdentity>,
    shown: Shown,
) -> Option<IdentityLook> {
    let staff = seen.staff()?;
    let full = shown == Shown::Reveal || seen.visibility().identity() == IdentityView::Full;
    // A row of the back office's queue shows the name alone; everything else shows it all.
    let name_only = shown == Shown::List && seen.via() == Via::Office;
    let named = |who: &ReporterIdentity| {
        if name_only {
            who.name.as_deref().is_some_and(|n| !n.trim().is_empty())
        } else {
            names_someone(who)
        }
    };
    if !full || !identity.is_some_and(named) {
        return None;
    }
    Some(IdentityLook {
        at: state.clock.now(),
        user: staff.user,
        role: staff.role.role().as_str().to_owned(),
        report: seen.report().tracking_id,
        via: seen.via().as_str().to_owned(),
        what: shown.as_str().to_owned(),
    })
}

/// Records `looks` (nothing for none).
pub(crate) async fn record(state: &AppState, looks: &[IdentityLook]) -> AppResult<()> {
    state.store.record_identity_looks(looks).await?;
    Ok(())
}

/// One look as the national admin reads it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LookView {
    /// Its place in the log (the `before` of the next page).
    pub id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// The staff account's id.
    pub user_id: i64,
    /// The staff member's name.
    pub user_name: String,
    /// Their role then.
    pub role: String,
    /// The report.
    pub tracking_id: String,
    /// `api`, `office` or `portal`.
    pub via: String,
    /// `report`, `list` or `reveal`.
    pub what: String,
}

/// A page of looks, newest first.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LooksPage {
    /// Whose looks: the report's tracking id, or the staff account's name.
    pub subject: String,
    /// The looks.
    pub items: Vec<LookView>,
    /// The `before` of the next page, when there may be one.
    pub next_before: Option<i64>,
}

/// Whose looks the national admin asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LooksQuery {
    /// At one report's reporter (its tracking id as given).
    Report(String),
    /// By one staff account.
    User(i64),
}

/// Whether `caller` may read the log of looks: the national admin only (`forbidden` for other
/// staff and citizens, `unauthorized` without a session). An edge asks before it reads the
/// query, so that only the national admin learns what is wrong with one.
pub fn may_list(caller: &Caller) -> AppResult<()> {
    let user = caller.require_user()?;
    if user.staff_role() != Some(StaffRole::NationalAdmin) {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// The looks `query` asks for, older than `before`; the national admin's only (`forbidden`
/// for other staff and citizens, `unauthorized` without a session; `not_found` for a malformed
/// tracking id).
pub async fn list(
    state: &AppState,
    caller: &Caller,
    query: &LooksQuery,
    before: Option<i64>,
) -> AppResult<LooksPage> {
    may_list(caller)?;
    let of = match query {
        LooksQuery::Report(id) => {
            LooksOf::Report(TrackingId::parse(id.trim()).map_err(|_| AppError::NotFound)?)
        }
        LooksQuery::User(id) => LooksOf::User(UserId(*id)),
    };
    let mut names: HashMap<UserId, String> = HashMap::new();
    let subject = match &of {
        LooksOf::Report(id) => id.to_string(),
        LooksOf::User(id) => {
            // Only a staff account's looks are asked for; a citizen's name is not told.
            let user = state
                .store
                .get_user(*id)
                .await?
                .filter(|u| u.staff_role().is_some())
                .ok_or(AppError::NotFound)?;
            names.insert(*id, user.name.clone());
            user.name
        }
    };
    let looks = state.store.list_identity_looks(&of, before, PAGE).await?;
    for look in &looks {
        if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(look.look.user) {
            let user = state.store.get_user(look.look.user).await?;
            slot.insert(user.map(|u| u.name).unwrap_or_default());
        }
    }
    let next_before = looks
        .last()
        .filter(|_| looks.len() == PAGE as usize)
        .map(|l| l.id);
    let items = looks
        .into_iter()
        .map(|r| LookView {
            id: r.id,
            at: r.look.at,
            user_id: r.look.user.0,
            user_name: names.get(&r.look.user).cloned().unwrap_or_default(),
            role: r.look.role,
            tracking_id: r.look.report.to_string(),
            via: r.look.via,
            what: r.look.what,
        })
        .collect();
    Ok(LooksPage {
        subject,
        items,
        next_before,
    })
}

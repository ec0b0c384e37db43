//! Making a group, and linking and unlinking its members: staff of the agency that holds the
//! reports (or a national admin), each change audited by the store in its transaction.

use super::{GroupView, manages, view};
use crate::AppState;
use crate::auth::{CROCKFORD, Caller};
use crate::error::{AppError, AppResult};
use crate::input::parse_json;
use crate::reports::viewer::Viewed;
use aduan_domain::actor::{Actor, Staff};
use aduan_domain::report::Report;
use aduan_domain::{AgencyId, TrackingId};
use aduan_store::{Group, GroupActor};
use rand::RngCore;
use serde::Deserialize;
use utoipa::ToSchema;

/// Longest title, in characters.
const MAX_TITLE: usize = 200;
/// Most members given at once.
const MAX_MEMBERS: usize = 200;

/// A new group.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewGroup {
    /// What the reports are about (1 to 200 characters).
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub title: String,
    /// Its first members, by tracking id (1 to 200), all held by one agency.
    #[schema(min_items = 1, max_items = 200)]
    pub members: Vec<String>,
}

/// The group `group` and the staff member `caller` is, when they may change it: `not_found`
/// without the group, `forbidden` for anyone but its agency's staff and national admins.
pub(super) async fn managed(
    state: &AppState,
    caller: &Caller,
    group: &str,
) -> AppResult<(Staff, Group)> {
    let staff = staff_of(caller)?;
    let found = state
        .store
        .get_group(group)
        .await?
        .ok_or(AppError::NotFound)?;
    if !manages(&staff, &found.agency) {
        return Err(AppError::Forbidden);
    }
    Ok((staff, found))
}

/// The user `by` acting on a group now.
pub(super) fn acting<'a>(state: &AppState, by: &'a str) -> GroupActor<'a> {
    GroupActor {
        by,
        at: state.clock.now(),
    }
}

/// The staff member `caller` is; `unauthorized` without a session, `forbidden` for anyone else.
fn staff_of(caller: &Caller) -> AppResult<Staff> {
    caller.require_user()?;
    caller.staff().ok_or(AppError::Forbidden)
}

/// The report `tracking_id` as `staff` may see it (by their role, never an access code), and
/// why not as a field error of `field`:
/// `not_found` when absent or hidden from them, `not_held` when no agency holds it,
/// `already_grouped` when it is in a group.
async fn member(
    state: &AppState,
    staff: &Staff,
    tracking_id: &str,
    field: &str,
) -> AppResult<Report> {
    let missing = || AppError::field(field, "not_found");
    let id = TrackingId::parse(tracking_id.trim()).map_err(|_| missing())?;
    let report = state.store.get_report(&id).await?.ok_or_else(missing)?;
    let seen = Viewed::new(state, Actor::Staff(staff.clone()), report).await?;
    if !seen.visibility().report() {
        return Err(missing());
    }
    if seen.report().state.agency.is_none() {
        return Err(AppError::field(field, "not_held"));
    }
    if state.store.group_of(&id).await?.is_some() {
        return Err(AppError::field(field, "already_grouped"));
    }
    Ok(seen.report().clone())
}

/// A new group id: `KLP-` and ten Crockford symbols (50 bits).
fn group_id() -> String {
    let mut rng = rand::rng();
    let tail: String = (0..10)
        .map(|_| char::from(CROCKFORD[(rng.next_u32() % 32) as usize]))
        .collect();
    format!("KLP-{tail}")
}

/// Makes a group of the reports in `body` ([`NewGroup`]): every member held by one agency,
/// which the caller works for (or a national admin), none in a group already.
pub async fn create(state: &AppState, caller: &Caller, body: &[u8]) -> AppResult<GroupView> {
    let staff = staff_of(caller)?;
    // Supervisors (the Ombudsman and the other overseers) group nothing: refused before the
    // body is read.
    if matches!(
        staff.role,
        aduan_domain::actor::StaffRole::Supervisor { .. }
    ) {
        return Err(AppError::Forbidden);
    }
    let req: NewGroup = parse_json(body)?;
    let title = req.title.trim();
    if title.is_empty() {
        return Err(AppError::field("title", "required"));
    }
    if title.chars().count() > MAX_TITLE {
        return Err(AppError::field("title", "too_long"));
    }
    if req.members.is_empty() {
        return Err(AppError::field("members", "required"));
    }
    if req.members.len() > MAX_MEMBERS {
        return Err(AppError::field("members", "too_many"));
    }
    let mut ids: Vec<TrackingId> = Vec::new();
    let mut agency: Option<AgencyId> = None;
    for given in &req.members {
        let report = member(state, &staff, given, "members").await?;
        let holder = report.state.agency.clone();
        if agency.is_some() && agency != holder {
            return Err(AppError::field("members", "agency_mismatch"));
        }
        agency = holder;
        if !ids.contains(&report.tracking_id) {
            ids.push(report.tracking_id);
        }
    }
    let agency = agency.ok_or_else(|| AppError::field("members", "required"))?;
    if !manages(&staff, &agency) {
        return Err(AppError::Forbidden);
    }
    let id = group_id();
    let by = staff.user.to_string();
    let actor = acting(state, &by);
    state
        .store
        .create_group(&id, &agency, title, &ids, actor)
        .await?;
    super::get(state, caller, &id).await
}

/// Adds `tracking_id` to the group: held by the group's agency (`agency_mismatch` otherwise),
/// in no group yet.
pub async fn link(
    state: &AppState,
    caller: &Caller,
    group: &str,
    tracking_id: &str,
) -> AppResult<GroupView> {
    let (staff, found) = managed(state, caller, group).await?;
    let report = member(state, &staff, tracking_id, "tracking_id").await?;
    if report.state.agency.as_ref() != Some(&found.agency) {
        return Err(AppError::field("tracking_id", "agency_mismatch"));
    }
    let by = staff.user.to_string();
    let actor = acting(state, &by);
    state
        .store
        .link_report(group, &report.tracking_id, actor)
        .await?;
    super::get(state, caller, group).await
}

/// Takes `tracking_id` out of the group; `not_found` when it is not a member.
pub async fn unlink(
    state: &AppState,
    caller: &Caller,
    group: &str,
    tracking_id: &str,
) -> AppResult<GroupView> {
    let (staff, _) = managed(state, caller, group).await?;
    let id = TrackingId::parse(tracking_id.trim()).map_err(|_| AppError::NotFound)?;
    // Only a report the caller may see: membership of another is not theirs to learn.
    let report = state
        .store
        .get_report(&id)
        .await?
        .ok_or(AppError::NotFound)?;
    let seen = Viewed::new(state, Actor::Staff(staff.clone()), report).await?;
    if !seen.visibility().report() {
        return Err(AppError::NotFound);
    }
    let by = staff.user.to_string();
    let actor = acting(state, &by);
    state.store.unlink_report(group, &id, actor).await?;
    let now = state
        .store
        .get_group(group)
        .await?
        .ok_or(AppError::NotFound)?;
    view(state, caller, now).await
}

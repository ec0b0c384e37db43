//! Recurring problems (docs/domain.md, "Recurring problems"): reports of the same substance
//! (same kabupaten/kota, similar words, the same category once verified) are offered for
//! grouping; a group holds reports of one agency; its staff link and unlink reports, every
//! change audited; the group's answer is a `follow_up` on each member through the lifecycle,
//! and the members that refuse it are listed. The public sees a group's public members and its
//! answer.

mod answer;
mod manage;

pub use answer::{AnswerOutcome, GroupAnswer, Refusal, answer};
pub use manage::{NewGroup, create, link, unlink};

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::reports::viewer::Viewed;
use aduan_domain::TrackingId;
use aduan_domain::actor::{Actor, Staff, StaffRole};
use aduan_domain::report::Report;
use aduan_store::Group;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// Reports at least this similar (estimated Jaccard similarity of their words) are offered.
pub const MIN_SIMILARITY: f64 = 0.4;
/// Most similar reports offered at once.
pub const MAX_SIMILAR: u32 = 10;

/// A report as a group or a similarity list shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MemberView {
    /// Tracking id.
    pub tracking_id: String,
    /// Title (the chronology's first words when it has none).
    pub title: String,
    /// Status.
    pub status: String,
    /// Category, once verified.
    pub category: Option<String>,
    /// The holding agency.
    pub agency: Option<String>,
    /// Submitted at.
    pub submitted_at: DateTime<Utc>,
    /// How similar it is to the report asked about (similar lists only), 0 to 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// The group it is in, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

impl MemberView {
    fn of(report: &Report) -> Self {
        let st = &report.state;
        Self {
            tracking_id: report.tracking_id.to_string(),
            title: report.shown_title(),
            status: st.status.as_str().into(),
            category: st.category.as_ref().map(|c| c.as_str().to_owned()),
            agency: st.agency.as_ref().map(|a| a.as_str().to_owned()),
            submitted_at: report.submitted_at,
            similarity: None,
            group: None,
        }
    }
}

/// A group as its viewer may see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupView {
    /// Its id.
    pub id: String,
    /// The agency that holds its members.
    pub agency: String,
    /// The agency's name.
    pub agency_name: Option<String>,
    /// What the members are about.
    pub title: String,
    /// Made at.
    pub created_at: DateTime<Utc>,
    /// The answer given to every member, once given.
    pub answer: Option<String>,
    /// When it was given.
    pub answered_at: Option<DateTime<Utc>>,
    /// The members the viewer may see.
    pub members: Vec<MemberView>,
    /// Whether the viewer may link, unlink and answer.
    pub manage: bool,
}

/// Whether `staff` may change groups of `agency`: its own staff and the national admins.
fn manages(staff: &Staff, agency: &aduan_domain::AgencyId) -> bool {
    match &staff.role {
        StaffRole::NationalAdmin => true,
        StaffRole::AgencyAdmin { agency: a } | StaffRole::UnitOfficer { agency: a, .. } => {
            a == agency
        }
        StaffRole::Supervisor { .. } => false,
    }
}

/// The viewer `caller` is, as the policy knows them.
fn actor_of(caller: &Caller) -> Actor {
    caller.staff().map_or(Actor::Public, Actor::Staff)
}

/// The reports of `ids` that `actor` may see, in order, each as the policy shows it.
async fn visible(state: &AppState, actor: &Actor, ids: &[TrackingId]) -> AppResult<Vec<Viewed>> {
    let mut reports = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(r) = state.store.get_report(id).await? {
            reports.push((actor.clone(), r));
        }
    }
    Ok(Viewed::many(state, reports)
        .await?
        .into_iter()
        .filter(|seen| seen.visibility().report())
        .collect())
}

/// The group `id` as `caller` may see it: staff who may see any member see those members; the
/// public, the public members and the answer. `not_found` when the caller sees no member.
pub async fn get(state: &AppState, caller: &Caller, id: &str) -> AppResult<GroupView> {
    let group = state.store.get_group(id).await?.ok_or(AppError::NotFound)?;
    view(state, caller, group).await
}

/// The group `id` as the public sees it (its public page): its public members and its answer,
/// with the member reports read for it (for the page's items); `not_found` when no member is
/// public.
pub async fn public(state: &AppState, id: &str) -> AppResult<(GroupView, Vec<Report>)> {
    let group = state.store.get_group(id).await?.ok_or(AppError::NotFound)?;
    let (view, seen) = view_as(state, &Actor::Public, false, group).await?;
    Ok((view, seen.iter().map(|s| s.report().clone()).collect()))
}

async fn view(state: &AppState, caller: &Caller, group: Group) -> AppResult<GroupView> {
    let manage = caller.staff().is_some_and(|s| manages(&s, &group.agency));
    Ok(view_as(state, &actor_of(caller), manage, group).await?.0)
}

async fn view_as(
    state: &AppState,
    actor: &Actor,
    manage: bool,
    group: Group,
) -> AppResult<(GroupView, Vec<Viewed>)> {
    let seen = visible(state, actor, &group.members).await?;
    if seen.is_empty() && !manage {
        return Err(AppError::NotFound);
    }
    let directory = state.directory().await?;
    let view = GroupView {
        agency_name: directory.names.get(&group.agency).cloned(),
        agency: group.agency.to_string(),
        id: group.id,
        title: group.title,
        created_at: group.created_at,
        answer: group.answer,
        answered_at: group.answered_at,
        members: seen.iter().map(|s| MemberView::of(s.report())).collect(),
        manage,
    };
    Ok((view, seen))
}

/// The groups of the caller's agency (every agency's for the national admin and supervisors),
/// newest first. Staff only.
pub async fn list(state: &AppState, caller: &Caller) -> AppResult<Vec<GroupView>> {
    caller.require_user()?;
    let staff = caller.staff().ok_or(AppError::Forbidden)?;
    let agency = match &staff.role {
        StaffRole::AgencyAdmin { agency } | StaffRole::UnitOfficer { agency, .. } => Some(agency),
        StaffRole::NationalAdmin | StaffRole::Supervisor { .. } => None,
    };
    let mut out = Vec::new();
    for group in state.store.list_groups(agency, 100).await? {
        match view(state, caller, group).await {
            Ok(v) => out.push(v),
            Err(AppError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// The reports like `tracking_id` that `caller` may see: same kabupaten/kota, similar words,
/// and the same category where both have one; most similar first. Staff who may see the
/// report only (`not_found` otherwise, as for the report itself).
pub async fn similar(
    state: &AppState,
    caller: &Caller,
    tracking_id: &str,
) -> AppResult<Vec<MemberView>> {
    caller.require_user()?;
    let staff = caller.staff().ok_or(AppError::Forbidden)?;
    let id = TrackingId::parse(tracking_id).map_err(|_| AppError::NotFound)?;
    let report = state
        .store
        .get_report(&id)
        .await?
        .ok_or(AppError::NotFound)?;
    let seen = Viewed::new(state, Actor::Staff(staff), report).await?;
    if !seen.visibility().report() {
        return Err(AppError::NotFound);
    }
    let hits = state
        .store
        .similar_reports(&id, MIN_SIMILARITY, MAX_SIMILAR * 3)
        .await?;
    let ids: Vec<TrackingId> = hits.iter().map(|h| h.tracking_id).collect();
    let category = seen.report().state.category.clone();
    let mut out = Vec::new();
    for other in visible(state, &actor_of(caller), &ids).await? {
        let theirs = other.report();
        if category.is_some()
            && theirs.state.category.is_some()
            && theirs.state.category != category
        {
            continue;
        }
        let mut line = MemberView::of(theirs);
        line.similarity = hits
            .iter()
            .find(|h| h.tracking_id == theirs.tracking_id)
            .map(|h| (h.similarity * 100.0).round() / 100.0);
        line.group = state.store.group_of(&theirs.tracking_id).await?;
        out.push(line);
        if out.len() == MAX_SIMILAR as usize {
            break;
        }
    }
    Ok(out)
}

/// The group the report `seen` is of is in, for staff who see it.
pub async fn group_of(state: &AppState, seen: &Viewed) -> AppResult<Option<String>> {
    if seen.staff().is_none() || !seen.visibility().report() {
        return Ok(None);
    }
    Ok(state.store.group_of(&seen.report().tracking_id).await?)
}

/// Whether the staff viewer of `seen` may put its report in a group: it is held by an agency
/// they work for (or they are a national admin).
pub fn may_group(seen: &Viewed) -> bool {
    match (seen.staff(), &seen.report().state.agency) {
        (Some(staff), Some(agency)) => manages(staff, agency),
        _ => false,
    }
}

//! The two-person reveal of an anonymous reporter's identity (docs/domain.md, *Revealing an
//! anonymous identity*). A national admin asks, with a reason; a second authorised person (another
//! national admin, or the Ombudsman where the deployment says so) approves or refuses. Both
//! need a session whose login passed the second factor. An approval is carried out at once, in
//! one transaction: the report's internal `reveal_identity` event (by the requester, naming the
//! approver), the audit entries, and the notice to the reporter telling them their identity was
//! revealed and why, unless the approver records a legal reason to defer it (itself audited);
//! a national admin sends a deferred notice later. Only the requester is then shown the
//! identity, and every showing is a look in the log.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::facts::report_facts;
use crate::reports::looks::{self, Shown};
use crate::reports::viewer::Viewed;
use crate::view::ReporterView;
use aduan_domain::actor::{Actor, Staff, StaffRole, SupervisorBody};
use aduan_domain::lifecycle::{Action, ActionKind, decide};
use aduan_domain::visibility::IdentityView;
use aduan_domain::{Role, TrackingId};
use aduan_store::{
    Commit, Effects, EventActor, NewRevealRequest, RevealDecision, RevealRequest, RevealsOf,
    StoreError,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

/// Who approves a reveal (`reveal_approver`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Approver {
    /// Another national admin.
    #[default]
    NationalAdmin,
    /// The Ombudsman (a supervisor of the Ombudsman).
    Ombudsman,
}

impl Approver {
    /// The role of the staff who approve.
    pub fn role(self) -> aduan_domain::Role {
        match self {
            Approver::NationalAdmin => aduan_domain::Role::NationalAdmin,
            Approver::Ombudsman => aduan_domain::Role::Supervisor,
        }
    }
}

/// Longest reason or note, in characters.
const MAX_TEXT: usize = 2000;
/// Requests per page.
const PAGE: u32 = 100;

/// `POST /reports/{id}/reveal-requests` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevealRequestBody {
    /// Why the identity must be revealed (the legal ground).
    pub reason: String,
}

/// `POST /reveal-requests/{id}/decision` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    /// Approve (`true`) or refuse.
    pub approve: bool,
    /// A note; required to refuse.
    #[serde(default)]
    pub note: Option<String>,
    /// The legal reason not to tell the reporter yet (approval only); without it the reporter
    /// is told at once.
    #[serde(default)]
    pub defer_reason: Option<String>,
}

/// A request as staff see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevealView {
    /// Its number.
    pub id: i64,
    /// The report.
    pub tracking_id: String,
    /// Why.
    pub reason: String,
    /// The national admin who asked (account id).
    pub requested_by: i64,
    /// When.
    pub requested_at: DateTime<Utc>,
    /// `pending`, `approved` or `refused`.
    pub status: String,
    /// Who decided (account id).
    pub decided_by: Option<i64>,
    /// Their role.
    pub decided_role: Option<String>,
    /// When.
    pub decided_at: Option<DateTime<Utc>>,
    /// The decider's note.
    pub note: Option<String>,
    /// The legal reason the reporter's notice is deferred.
    pub defer_reason: Option<String>,
    /// When the reporter's notice was written (none: deferred or not approved).
    pub notified_at: Option<DateTime<Utc>>,
    /// The identity: only for the requester, once approved (each showing is logged).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<ReporterView>,
}

impl RevealView {
    fn of(r: RevealRequest, identity: Option<ReporterView>) -> Self {
        Self {
            id: r.id,
            tracking_id: r.report.to_string(),
            reason: r.reason,
            requested_by: r.requested_by.0,
            requested_at: r.requested_at,
            status: r.status,
            decided_by: r.decided_by.map(|u| u.0),
            decided_role: r.decided_role.map(|r| r.as_str().to_owned()),
            decided_at: r.decided_at,
            note: r.note,
            defer_reason: r.defer_reason,
            notified_at: r.notified_at,
            identity,
        }
    }
}

/// The caller as staff: 401 without a session, 403 for anyone else.
fn staff_of(caller: &Caller) -> AppResult<Staff> {
    caller.staff().ok_or(match caller.user {
        None => AppError::Unauthorized,
        Some(_) => AppError::Forbidden,
    })
}

/// The caller as a national admin.
fn national_admin(caller: &Caller) -> AppResult<Staff> {
    let staff = staff_of(caller)?;
    if !matches!(staff.role, StaffRole::NationalAdmin) {
        return Err(AppError::Forbidden);
    }
    Ok(staff)
}

/// Whether staff in `role` may approve under the deployment's rule (never their own request,
/// nor one of an admin who made their account, changed its scope or set its password).
pub fn approves(state: &AppState, role: &StaffRole) -> bool {
    match state.config.reveal_approver {
        Approver::NationalAdmin => matches!(role, StaffRole::NationalAdmin),
        Approver::Ombudsman => matches!(
            role,
            StaffRole::Supervisor {
                body: SupervisorBody::Ombudsman
            }
        ),
    }
}

/// What `caller` may do next with request `r`, as the decisions' rules say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choices {
    /// Decide it now: an approver, not its requester, while it waits, with a session that
    /// passed the second factor.
    pub decide: bool,
    /// Would decide it, but the session did not pass the second factor.
    pub needs_second_factor: bool,
    /// Send its deferred notice: a national admin, once approved and deferred, not sent yet.
    pub notify: bool,
}

/// [`Choices`] of `caller` for `r`.
pub fn choices(state: &AppState, caller: &Caller, r: &RevealView) -> Choices {
    let Some(staff) = caller.staff() else {
        return Choices {
            decide: false,
            needs_second_factor: false,
            notify: false,
        };
    };
    let decides =
        approves(state, &staff.role) && r.status == "pending" && r.requested_by != staff.user.0;
    Choices {
        decide: decides && caller.second_factor,
        needs_second_factor: decides && !caller.second_factor,
        notify: matches!(staff.role, StaffRole::NationalAdmin)
            && r.status == "approved"
            && r.defer_reason.is_some()
            && r.notified_at.is_none(),
    }
}

/// Staff who may read requests: national admins and the approvers.
fn reader(state: &AppState, caller: &Caller) -> AppResult<Staff> {
    let staff = staff_of(caller)?;
    if !(matches!(staff.role, StaffRole::NationalAdmin) || approves(state, &staff.role)) {
        return Err(AppError::Forbidden);
    }
    Ok(staff)
}

fn second_factor(caller: &Caller) -> AppResult<()> {
    match caller.second_factor {
        true => Ok(()),
        false => Err(AppError::SecondFactorSession),
    }
}

fn text(field: &str, value: Option<&str>, required: bool) -> AppResult<Option<String>> {
    let value = value.map(str::trim).filter(|v| !v.is_empty());
    match value {
        None if required => Err(AppError::field(field, "required")),
        Some(v) if v.chars().count() > MAX_TEXT => Err(AppError::field(field, "too_long")),
        v => Ok(v.map(str::to_owned)),
    }
}

/// A national admin asks to reveal the identity of the anonymous reporter of `tracking_id`.
pub async fn request(
    state: &AppState,
    caller: &Caller,
    tracking_id: &str,
    body: RevealRequestBody,
) -> AppResult<RevealView> {
    let staff = national_admin(caller)?;
    second_factor(caller)?;
    let reason = text("reason", Some(&body.reason), true)?.unwrap_or_default();
    let id = TrackingId::parse(tracking_id).map_err(|_| AppError::NotFound)?;
    let report = state
        .store
        .get_report(&id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !report.anonymous {
        return Err(AppError::field("tracking_id", "not_anonymous"));
    }
    let new = NewRevealRequest {
        report: &id,
        requested_by: staff.user,
        reason: &reason,
        at: state.clock.now(),
    };
    let role = state.config.reveal_approver.role();
    let approvers: Vec<aduan_store::User> = state
        .store
        .list_staff_of_role(role)
        .await?
        .into_iter()
        .filter(|u| u.id != staff.user)
        .filter(|u| u.staff_role().is_some_and(|r| approves(state, &r)))
        .collect();
    let outbox = crate::notify::reveal_requested(state, &approvers, &id, new.at).await?;
    let made = state
        .store
        .create_reveal_request(&new, &outbox)
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => {
                AppError::Exists("a request to reveal this identity is already waiting".into())
            }
            e => e.into(),
        })?;
    tracing::info!(tracking_id = %id, request = made.id, "identity reveal requested");
    Ok(RevealView::of(made, None))
}

/// Requests waiting for a decision (or, with `status`, in that status), newest first.
pub async fn list(state: &AppState, caller: &Caller, status: &str) -> AppResult<Vec<RevealView>> {
    reader(state, caller)?;
    if !matches!(status, "pending" | "approved" | "refused") {
        return Err(AppError::field("status", "invalid"));
    }
    let found = state
        .store
        .list_reveal_requests(RevealsOf::Status(status), PAGE)
        .await?;
    Ok(found.into_iter().map(|r| RevealView::of(r, None)).collect())
}

/// Every request of one report, newest first.
pub async fn of_report(
    state: &AppState,
    caller: &Caller,
    tracking_id: &TrackingId,
) -> AppResult<Vec<RevealView>> {
    reader(state, caller)?;
    let found = state
        .store
        .list_reveal_requests(RevealsOf::Report(tracking_id), PAGE)
        .await?;
    Ok(found.into_iter().map(|r| RevealView::of(r, None)).collect())
}

/// One request; its requester, once it is approved and with a second-factor session, is shown
/// the identity, and the showing is logged as a look.
pub async fn show(state: &AppState, caller: &Caller, id: i64) -> AppResult<RevealView> {
    let staff = reader(state, caller)?;
    let found = state
        .store
        .get_reveal_request(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let identity =
        if found.status == "approved" && found.requested_by == staff.user && caller.second_factor {
            let report = state
                .store
                .get_report(&found.report)
                .await?
                .ok_or(AppError::NotFound)?;
            let seen = Viewed::of(state, caller, report).await?;
            let who = state.store.get_identity(&seen.report().reporter).await?;
            let look = looks::look_of(state, &seen, who.as_ref(), Shown::Reveal);
            looks::record(state, look.as_slice()).await?;
            Some(ReporterView::new(IdentityView::Full, who.as_ref()))
        } else {
            None
        };
    Ok(RevealView::of(found, identity))
}

/// The second person decides. An approval reveals the identity to the requester, in the same
/// transaction as the report's event and the reporter's notice (unless deferred).
pub async fn decide_request(
    state: &AppState,
    caller: &Caller,
    id: i64,
    body: DecisionBody,
) -> AppResult<RevealView> {
    let staff = staff_of(caller)?;
    if !approves(state, &staff.role) {
        return Err(AppError::Forbidden);
    }
    second_factor(caller)?;
    let note = text("note", body.note.as_deref(), !body.approve)?;
    let defer = text("defer_reason", body.defer_reason.as_deref(), false)?;
    if defer.is_some() && !body.approve {
        return Err(AppError::field("defer_reason", "approval_only"));
    }
    let waiting = state
        .store
        .get_reveal_request(id)
        .await?
        .ok_or(AppError::NotFound)?;
    if waiting.status != "pending" {
        return Err(AppError::Conflict);
    }
    // The second person must be someone else in earnest: not the requester, nor an account
    // the requester made, re-scoped, re-enabled or set the password of, nor the one who did
    // that to the requester's account.
    if waiting.requested_by == staff.user
        || state
            .store
            .shaped_by(waiting.requested_by, staff.user)
            .await?
        || state
            .store
            .shaped_by(staff.user, waiting.requested_by)
            .await?
    {
        return Err(AppError::SamePerson);
    }
    let now = state.clock.now();
    let decision = RevealDecision {
        id,
        by: staff.user,
        role: staff.role.role(),
        approve: body.approve,
        note: note.as_deref(),
        defer_reason: defer.as_deref(),
        at: now,
    };
    let decided = if body.approve {
        carry_out(state, &waiting, &decision).await?
    } else {
        state.store.decide_reveal_request(&decision, None).await?
    };
    tracing::info!(
        request = id,
        approved = body.approve,
        "identity reveal decided"
    );
    Ok(RevealView::of(decided, None))
}

/// The approval with the report's `reveal_identity` transition by the requester.
async fn carry_out(
    state: &AppState,
    waiting: &RevealRequest,
    decision: &RevealDecision<'_>,
) -> AppResult<RevealRequest> {
    let report = state
        .store
        .get_report(&waiting.report)
        .await?
        .ok_or(AppError::NotFound)?;
    let requester = state
        .store
        .get_user(waiting.requested_by)
        .await?
        .and_then(|u| u.staff_role().map(|role| Staff { user: u.id, role }))
        .filter(|s| matches!(s.role, StaffRole::NationalAdmin))
        .ok_or(AppError::Forbidden)?;
    let clocks = state.store.list_clocks(&report.tracking_id).await?;
    let facts = report_facts(state, &report, &clocks).await?;
    let action = Action::RevealIdentity {
        reason: waiting.reason.clone(),
    };
    let decided = decide(&facts, &Actor::Staff(requester.clone()), &action)?;
    let mut draft = decided.event;
    crate::reports::act::stamp_staff(&mut draft.payload, &requester.role);
    if let Some(map) = draft.payload.as_object_mut() {
        map.insert("request".into(), json!(waiting.id));
        map.insert("approved_by".into(), json!(decision.by.0));
        map.insert("approver_role".into(), json!(decision.role.as_str()));
    }
    let at = decision.at;
    let clocks = crate::deadlines::moved(
        state,
        clocks,
        ActionKind::RevealIdentity,
        at,
        Some(&report.state),
        &decided.state,
    )
    .await?;
    let outbox = match decision.defer_reason {
        Some(_) => Vec::new(),
        None => crate::notify::identity_revealed(state, &report, waiting).await?,
    };
    let actor = EventActor {
        id: requester.user.to_string(),
        role: Role::NationalAdmin,
    };
    let transition = Commit::Transition {
        id: &report.tracking_id,
        expected_version: report.version,
        state: &decided.state,
        event: draft,
        actor: &actor,
        at,
        effects: Some(Effects {
            clocks: &clocks,
            calendar: &state.calendar(),
            outbox: &outbox,
            picks: &[],
        }),
    };
    Ok(state
        .store
        .decide_reveal_request(decision, Some(transition))
        .await?)
}

/// A reveal of the reporter's identity as they are told of it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RevealNotice {
    /// When it was approved.
    pub at: DateTime<Utc>,
    /// Why.
    pub reason: String,
}

/// The reveals of the reporter's identity on the report `seen` is of that they have been told
/// of (approved and not deferred, or told since): for the report's reporter only, none for
/// anyone else.
pub async fn told_to_reporter(state: &AppState, seen: &Viewed) -> AppResult<Vec<RevealNotice>> {
    if !seen.is_reporter() {
        return Ok(Vec::new());
    }
    let all = state
        .store
        .list_reveal_requests(RevealsOf::Report(&seen.report().tracking_id), PAGE)
        .await?;
    Ok(all
        .into_iter()
        .filter(|r| r.status == "approved" && r.notified_at.is_some())
        .map(|r| RevealNotice {
            at: r.decided_at.unwrap_or(r.requested_at),
            reason: r.reason,
        })
        .collect())
}

/// A national admin sends the reporter the notice an approver deferred, once the legal reason
/// has passed.
pub async fn notify_deferred(state: &AppState, caller: &Caller, id: i64) -> AppResult<RevealView> {
    let staff = national_admin(caller)?;
    second_factor(caller)?;
    let found = state
        .store
        .get_reveal_request(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let report = state
        .store
        .get_report(&found.report)
        .await?
        .ok_or(AppError::NotFound)?;
    let outbox = crate::notify::identity_revealed(state, &report, &found).await?;
    let done = state
        .store
        .notify_deferred_reveal(id, &outbox, &staff.user.to_string(), state.clock.now())
        .await?;
    Ok(RevealView::of(done, None))
}

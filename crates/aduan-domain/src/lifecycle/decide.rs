//! The transition function: one `match` per action, checks in the documented order.

use super::scope::{holds, holds_as_agency_admin, may_dispatch_to, verifies};
use super::{Action, ActionKind, Decision, EventDraft, Rating, ReportFacts, TransitionError};
use crate::actor::{Actor, StaffRole, SupervisorBody};
use crate::report::{ArchiveReason, HandlingClass, Kind, NewReport, ReportState};
use crate::status::{ArchiveReasonCode, CompletionKind, EscalationLevel, Status};
use crate::visibility::{VisibilityFacts, visibility};
use serde_json::{Value, json};

use ActionKind as K;
use Status as S;
use TransitionError as E;

/// Decides whether `actor` may submit `new`, on behalf of someone else when `on_behalf`.
pub fn decide_submit(actor: &Actor, new: &NewReport, on_behalf: bool) -> Result<Decision, E> {
    let allowed = match actor {
        Actor::System => false,
        // Supervisors only read: they never type in reports for others.
        Actor::Staff(s) if matches!(s.role, StaffRole::Supervisor { .. }) => !on_behalf,
        Actor::Staff(_) => !on_behalf || new.channel.is_staff_intake(),
        Actor::Public | Actor::Reporter(_) => !on_behalf && !new.channel.is_staff_intake(),
    };
    if !allowed {
        return Err(E::ActionForbidden { action: K::Submit });
    }
    require_text(&new.body, E::BodyRequired)?;
    let state = ReportState::submitted(new);
    let payload = json!({ "channel": new.channel.as_string(), "on_behalf": on_behalf });
    Ok(Decision {
        event: draft(K::Submit, None, S::Submitted, None, None, payload),
        state,
    })
}

/// Whether the report's status and `actor`'s role and scope admit an action of `kind` at all,
/// before any of its inputs is read: the first two checks of [`decide`], so that a caller who
/// may not act is told so before what their input lacks (or which agency it names) is judged.
pub fn admits(facts: &ReportFacts, actor: &Actor, kind: K) -> Result<(), E> {
    if !status_allows(kind, facts) {
        return Err(E::IllegalTransition {
            action: kind,
            from: facts.state.status,
        });
    }
    if !actor_allows(kind, facts, actor) {
        return Err(E::ActionForbidden { action: kind });
    }
    Ok(())
}

/// Decides whether `actor` may perform `action` on a report with `facts`, and what follows.
pub fn decide(facts: &ReportFacts, actor: &Actor, action: &Action) -> Result<Decision, E> {
    let kind = action.kind();
    let from = facts.state.status;
    admits(facts, actor, kind)?;
    let mut next = facts.state.clone();
    let mut reason = None;
    let mut body = None;
    let mut internal = false;
    let mut payload = Value::Null;
    match action {
        Action::AddInfo { body: b } => {
            require_text(b, E::BodyRequired)?;
            next.status = S::Submitted;
            body = Some(b.clone());
        }
        Action::Withdraw => {
            next.status = S::Archived;
            next.archive_reason = Some(ArchiveReason {
                code: ArchiveReasonCode::Withdrawn,
                duplicate_of: None,
                text: None,
            });
        }
        Action::VerifyDispatch {
            target,
            handling_class,
            kind: new_kind,
            title,
            category,
            tags,
        } => {
            let target = target.as_ref().ok_or(E::TargetRequired)?;
            if let Some(StaffRole::AgencyAdmin { agency }) = actor.staff_role()
                && *agency != target.agency
            {
                return Err(E::ActionForbidden { action: kind });
            }
            let kind_after = new_kind.unwrap_or(next.kind);
            if kind_after == Kind::Complaint && handling_class.is_none() {
                return Err(E::HandlingClassRequired);
            }
            next.kind = kind_after;
            next.handling_class = if kind_after == Kind::Complaint {
                *handling_class
            } else {
                None
            };
            if let Some(t) = title {
                require_text(t, E::BodyRequired)?;
                next.title = Some(t.trim().to_owned());
            }
            if let Some(c) = category {
                next.category = Some(c.clone());
            }
            if let Some(t) = tags {
                next.tags = t.clone();
            }
            next.status = S::Dispatched;
            next.agency = Some(target.agency.clone());
            next.unit = match next.handling_class {
                Some(HandlingClass::Supervisory) => target.inspectorate.clone(),
                _ => None,
            };
            next.rerouted = false;
            payload = json!({ "agency": target.agency, "unit": next.unit, "kind": next.kind, "title": next.title,
                "handling_class": next.handling_class, "category": next.category, "tags": next.tags });
        }
        Action::Postpone { reason: r } => {
            reason = Some(require_text(r, E::ReasonRequired)?);
            next.status = S::Postponed;
        }
        Action::Archive { reason: r } | Action::Delete { reason: r } => {
            let r = valid_archive_reason(r.as_ref())?;
            reason = Some(r.code.as_str().to_owned());
            payload =
                json!({ "reason": r.code, "duplicate_of": r.duplicate_of, "reason_text": r.text });
            next.status = if kind == K::Archive {
                S::Archived
            } else {
                S::Deleted
            };
            next.archive_reason = Some(r.clone());
        }
        Action::Appeal { reason: r } => {
            once(facts.state.appeal_used, kind)?;
            window(facts.windows.appeal_open, kind)?;
            reason = Some(require_text(r, E::ReasonRequired)?);
            next.status = S::Submitted;
            next.appeal_used = true;
            next.archive_reason = None;
        }
        Action::DispatchUnit { unit } => {
            let target = unit.as_ref().ok_or(E::TargetRequired)?;
            let role = actor
                .staff_role()
                .ok_or(E::ActionForbidden { action: kind })?;
            if target.unit().is_none() || !may_dispatch_to(role, facts, target) {
                return Err(E::ActionForbidden { action: kind });
            }
            next.unit = target.unit().cloned();
            payload = json!({ "unit": next.unit });
        }
        Action::Reroute {
            reason: r,
            suggested_agency,
        } => {
            reason = Some(require_text(r, E::ReasonRequired)?);
            if next.requested_agency == next.agency {
                next.requested_agency = None;
            }
            payload = json!({ "rerouted_by": next.agency, "suggested_agency": suggested_agency });
            next.status = S::Submitted;
            next.rerouted = true;
            next.agency = None;
            next.unit = None;
        }
        Action::FollowUp { body: b } => {
            body = Some(require_text(b, E::BodyRequired)?);
            next.status = S::InProgress;
        }
        Action::Reply { body: b } => {
            body = Some(require_text(b, E::BodyRequired)?);
            next.status = S::InProgress;
            next.completion_kind = None;
        }
        Action::Note { body: b } => {
            body = Some(require_text(b, E::BodyRequired)?);
            internal = true;
        }
        Action::Complete { body: b } => {
            body = Some(require_text(b, E::BodyRequired)?);
            next.status = S::Completed;
            next.completion_kind = Some(CompletionKind::AgencyClosed);
        }
        Action::Confirm { rating } => {
            if let Some(r) = rating {
                valid_rating(r)?;
            }
            next.completion_kind = Some(CompletionKind::ReporterConfirmed);
            payload = json!({ "rating": rating });
        }
        Action::Rate { rating } => {
            valid_rating(rating)?;
            payload = json!({ "rating": rating });
        }
        Action::AutoClose => {
            if !facts.windows.auto_close_due {
                return Err(E::NotDue { action: kind });
            }
            next.status = S::Completed;
            next.completion_kind = Some(CompletionKind::AutoClosed);
        }
        Action::Reopen { reason: r } => {
            once(facts.state.reopen_used, kind)?;
            window(facts.windows.reopen_open, kind)?;
            reason = Some(require_text(r, E::ReasonRequired)?);
            next.status = S::InProgress;
            next.completion_kind = None;
            next.reopen_used = true;
        }
        Action::Escalate => {
            next.escalation_level = escalate(facts, actor)?;
            payload = json!({ "from_level": facts.state.escalation_level, "to_level": next.escalation_level });
        }
        Action::RevealIdentity { reason: r } => {
            reason = Some(require_text(r, E::ReasonRequired)?);
            internal = true;
        }
        Action::OmbudsmanAcknowledge { body: b } | Action::RecordFinding { body: b } => {
            body = Some(require_text(b, E::BodyRequired)?);
        }
        Action::RequestInformation { body: b } => {
            body = Some(require_text(b, E::BodyRequired)?);
            next.information_requested = true;
        }
        Action::AnswerInformation { body: b } => {
            body = Some(require_text(b, E::BodyRequired)?);
            next.information_requested = false;
        }
    }
    let to = next.status;
    Ok(Decision {
        event: EventDraft {
            action: kind,
            from: Some(from),
            to,
            reason,
            body,
            internal,
            payload,
        },
        state: next,
    })
}

/// The "from" column of the table.
fn status_allows(kind: K, facts: &ReportFacts) -> bool {
    let st = &facts.state;
    let s = st.status;
    let agency_closed =
        s == S::Completed && st.completion_kind == Some(CompletionKind::AgencyClosed);
    let held = matches!(s, S::Dispatched | S::InProgress);
    let before = matches!(s, S::Submitted | S::Postponed);
    let at_ombudsman = st.escalation_level == EscalationLevel::Ombudsman && s != S::Deleted;
    match kind {
        K::Submit | K::DeadlineMoved => false,
        K::AddInfo | K::Withdraw | K::Archive | K::Delete => before,
        K::VerifyDispatch | K::Postpone => s == S::Submitted,
        K::Appeal => {
            s == S::Archived
                && st.archive_reason.as_ref().map(|r| r.code) != Some(ArchiveReasonCode::Withdrawn)
        }
        K::DispatchUnit | K::Reroute | K::FollowUp | K::Escalate => held,
        K::Reply | K::AutoClose => s == S::InProgress || agency_closed,
        K::Note => s.is_open(),
        K::Complete => s == S::InProgress,
        K::Confirm => agency_closed,
        K::Rate | K::Reopen => s == S::Completed,
        K::RevealIdentity => true,
        K::OmbudsmanAcknowledge | K::RequestInformation | K::RecordFinding => at_ombudsman,
        K::AnswerInformation => at_ombudsman && st.information_requested,
    }
}

/// The "who" column of the table, with scopes.
fn actor_allows(kind: K, facts: &ReportFacts, actor: &Actor) -> bool {
    let is_reporter = matches!(actor, Actor::Reporter(id) if *id == facts.reporter);
    let role = actor.staff_role();
    let national = matches!(role, Some(StaffRole::NationalAdmin));
    match kind {
        K::Submit | K::DeadlineMoved => false,
        K::AddInfo | K::Withdraw | K::Appeal | K::Reply | K::Confirm | K::Rate | K::Reopen => {
            is_reporter
        }
        K::VerifyDispatch | K::Postpone | K::Archive => role.is_some_and(|r| verifies(r, facts)),
        K::Delete | K::RevealIdentity => national,
        K::DispatchUnit => matches!(
            role,
            Some(r @ (StaffRole::AgencyAdmin { .. } | StaffRole::UnitOfficer { .. }))
                if holds_as_agency_admin(r, facts) || unit_path_holder(r, facts)
        ),
        K::Reroute | K::AnswerInformation => role.is_some_and(|r| holds_as_agency_admin(r, facts)),
        K::FollowUp | K::Complete => role.is_some_and(|r| holds(r, facts)),
        K::Note => match role {
            None | Some(StaffRole::Supervisor { .. }) => false,
            Some(_) => visibility(actor, &visibility_facts(facts)).report(),
        },
        K::AutoClose => matches!(actor, Actor::System),
        K::Escalate => matches!(actor, Actor::System) || is_reporter,
        K::OmbudsmanAcknowledge | K::RequestInformation | K::RecordFinding => matches!(
            role,
            Some(StaffRole::Supervisor {
                body: SupervisorBody::Ombudsman
            })
        ),
    }
}

/// A unit officer whose unit holds the report or is an ancestor of the holding unit.
fn unit_path_holder(role: &StaffRole, facts: &ReportFacts) -> bool {
    matches!(role, StaffRole::UnitOfficer { agency, unit }
        if facts.state.agency.as_ref() == Some(agency) && facts.unit_path.contains(unit))
}

fn escalate(facts: &ReportFacts, actor: &Actor) -> Result<EscalationLevel, E> {
    let level = facts.state.escalation_level;
    let not_due = E::NotDue {
        action: K::Escalate,
    };
    match actor {
        Actor::System => {
            let next = match level {
                EscalationLevel::None => EscalationLevel::AgencyAdmin,
                EscalationLevel::AgencyAdmin => EscalationLevel::NationalAdmin,
                EscalationLevel::NationalAdmin | EscalationLevel::Ombudsman => return Err(not_due),
            };
            if facts.windows.escalation_due {
                Ok(next)
            } else {
                Err(not_due)
            }
        }
        _ => {
            if level == EscalationLevel::Ombudsman {
                return Err(E::AlreadyUsed {
                    action: K::Escalate,
                });
            }
            if facts.windows.completion_missed {
                Ok(EscalationLevel::Ombudsman)
            } else {
                Err(not_due)
            }
        }
    }
}

/// The visibility facts of a report described by decision facts.
pub(crate) fn visibility_facts(facts: &ReportFacts) -> VisibilityFacts {
    VisibilityFacts {
        status: facts.state.status,
        confidential: facts.confidential,
        anonymous: facts.anonymous,
        show_name: facts.show_name,
        requested_agency: facts.state.requested_agency.clone(),
        agency: facts.state.agency.clone(),
        unit_path: facts.unit_path.clone(),
        reporter: facts.reporter.clone(),
        escalation_level: facts.state.escalation_level,
    }
}

fn valid_archive_reason(r: Option<&ArchiveReason>) -> Result<&ArchiveReason, E> {
    let r = r.ok_or(E::ReasonRequired)?;
    match r.code {
        ArchiveReasonCode::Withdrawn => {
            Err(E::InvalidReason("withdrawn is set only by the reporter"))
        }
        ArchiveReasonCode::Duplicate if r.duplicate_of.is_none() => {
            Err(E::InvalidReason("duplicate needs duplicate_of"))
        }
        ArchiveReasonCode::Other if r.text.as_deref().is_none_or(|t| t.trim().is_empty()) => {
            Err(E::InvalidReason("other needs reason_text"))
        }
        _ => Ok(r),
    }
}

fn valid_rating(r: &Rating) -> Result<(), E> {
    if (1..=5).contains(&r.stars) {
        Ok(())
    } else {
        Err(E::InvalidRating)
    }
}

fn once(used: bool, action: K) -> Result<(), E> {
    if used {
        Err(E::AlreadyUsed { action })
    } else {
        Ok(())
    }
}

fn window(open: bool, action: K) -> Result<(), E> {
    if open {
        Ok(())
    } else {
        Err(E::WindowClosed { action })
    }
}

fn require_text(text: &str, missing: E) -> Result<String, E> {
    let t = text.trim();
    if t.is_empty() {
        Err(missing)
    } else {
        Ok(t.to_owned())
    }
}

fn draft(
    action: K,
    from: Option<S>,
    to: S,
    reason: Option<String>,
    body: Option<String>,
    payload: Value,
) -> EventDraft {
    EventDraft {
        action,
        from,
        to,
        reason,
        body,
        internal: false,
        payload,
    }
}

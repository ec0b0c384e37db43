//! The messages a submission or a transition causes, written to the outbox in the same
//! transaction: the reporter hears of every step that concerns them (and the partner system
//! that filed the report, by webhook, of every step the reporter sees); staff hear of what
//! they must act on: the holders of a dispatch, a reply or an answer, the holding agency of an Ombudsman's
//! request for information, and the level each escalation reaches. Staff messages never carry a
//! reporter's identity.
//!
//! Each person hears on the channels they chose, in their language: an account holder as
//! their preferences say (`/akun/preferensi`), a reporter without an account as they chose
//! when reporting (e-mail, SMS or both), one message per channel. The e-mail keeps the step's
//! dedup key (its Message-ID); another channel's message adds the channel to it.

use crate::AppState;
use crate::error::AppResult;
use aduan_domain::EscalationLevel;
use aduan_domain::actor::{StaffRole, SupervisorBody};
use aduan_domain::lifecycle::{ActionKind, EventDraft};
use aduan_domain::report::{Report, ReportState, ReporterIdentity};
use aduan_domain::sla::Phase;
use aduan_store::{Language, NewOutboxMessage, NotifyChannel, RecipientKind, ReporterNotify, User};
use serde_json::json;

mod routes;

use routes::{Route, account_routes, reporter_routes};
pub use routes::{channel_key, chosen_channels};

/// The receipt of a new report: to the reporter's account as its preferences say, or to the
/// addresses they gave as they chose, with the access code sealed (reporters without an
/// account).
pub async fn receipt(
    state: &AppState,
    report: &Report,
    who: &ReporterIdentity,
    code: Option<&str>,
    account: Option<&User>,
    notify: Option<ReporterNotify>,
) -> AppResult<Vec<NewOutboxMessage>> {
    let base_key = format!("{}:received", report.tracking_id);
    let payload = json!({ "tracking_id": report.tracking_id, "status": report.state.status });
    let routes = match account {
        Some(user) => account_routes(state, user).await?,
        None => {
            let language = notify.map_or(Language::Id, |n| n.language);
            chosen_channels(
                notify.map(|n| n.via),
                who.email.is_some(),
                who.phone.is_some(),
            )
            .into_iter()
            .filter_map(|channel| {
                let address = match channel {
                    NotifyChannel::Email => who.email.clone(),
                    _ => who.phone.clone(),
                }?;
                Some(Route {
                    kind: RecipientKind::Address,
                    recipient: address,
                    channel,
                    language,
                })
            })
            .collect()
        }
    };
    let code = code.filter(|_| account.is_none());
    Ok(routes
        .iter()
        .map(|r| r.message("report_received", &payload, &base_key, code, state))
        .collect())
}

/// The reporter's template for an action, if the reporter should hear of it.
fn reporter_template(action: ActionKind) -> Option<&'static str> {
    Some(match action {
        ActionKind::VerifyDispatch => "report_dispatched",
        ActionKind::Postpone => "report_postponed",
        ActionKind::Archive => "report_archived",
        ActionKind::Delete => "report_deleted",
        ActionKind::FollowUp => "follow_up_posted",
        ActionKind::Complete => "report_completed",
        ActionKind::AutoClose => "report_auto_closed",
        ActionKind::OmbudsmanAcknowledge
        | ActionKind::RequestInformation
        | ActionKind::RecordFinding => "ombudsman_update",
        _ => return None,
    })
}

/// The messages a transition causes (`draft` is its event, made at `at`): to the reporter,
/// to the staff who must act, and to the webhook of the partner system that filed it.
pub async fn for_transition(
    state: &AppState,
    report: &Report,
    draft: &EventDraft,
    after: &ReportState,
    at: chrono::DateTime<chrono::Utc>,
) -> AppResult<Vec<NewOutboxMessage>> {
    let action = draft.action;
    let version = report.version + 1;
    let id = report.tracking_id;
    let mut out = Vec::new();
    let agency_name = match &after.agency {
        Some(a) => state.store.get_agency(a).await?.map(|a| a.name),
        None => None,
    };
    let payload = json!({
        "tracking_id": id, "status": after.status, "agency": after.agency,
        "agency_name": agency_name, "escalation": after.escalation_level, "action": action,
    });
    if let Some(template) = reporter_template(action) {
        let key = format!("{id}:v{version}:{template}");
        for route in reporter_routes(state, &report.reporter).await? {
            out.push(route.message(template, &payload, &key, None, state));
        }
    }
    let staff = match action {
        ActionKind::Reply | ActionKind::AnswerInformation => {
            Some(("reply_received", holders(state, after).await?))
        }
        ActionKind::Escalate => Some(("report_escalated", escalated_to(state, after).await?)),
        // The holders' clocks start at dispatch: the agency's admins and, when a unit (the
        // inspectorate) holds it, that unit's officers.
        ActionKind::VerifyDispatch => Some(("report_assigned", holders(state, after).await?)),
        // Inside the agency, the unit it now sits with.
        ActionKind::DispatchUnit => Some(("report_assigned", unit_officers(state, after).await?)),
        // The holding agency's admins answer the Ombudsman.
        ActionKind::RequestInformation => Some((
            "information_requested",
            agency_admins(state, after.agency.as_ref()).await?,
        )),
        _ => None,
    };
    if let Some((template, users)) = staff {
        for user in users {
            let key = format!("{id}:v{version}:{template}:{}", user.id);
            for route in account_routes(state, &user).await? {
                out.push(route.message(template, &payload, &key, None, state));
            }
        }
    }
    out.extend(crate::partners::webhooks::for_transition(state, report, draft, after, at).await?);
    Ok(out)
}

/// An e-mail to the bare address `address` (an answer to the reporter's own e-mail, sent
/// there whatever became of their identity since), in `language`, with `secret` sealed in it.
pub fn email_to_address(
    state: &AppState,
    address: &str,
    language: Language,
    template: &str,
    payload: &serde_json::Value,
    dedup_key: &str,
    secret: Option<&str>,
) -> NewOutboxMessage {
    Route {
        kind: RecipientKind::Address,
        recipient: address.to_owned(),
        channel: NotifyChannel::Email,
        language,
    }
    .message(template, payload, dedup_key, secret, state)
}

/// The message to each of `approvers` that a request to reveal the identity of report `id`'s
/// reporter, made at `at`, waits for their decision (no identity, no reason: they read it in
/// the back office).
pub async fn reveal_requested(
    state: &AppState,
    approvers: &[User],
    id: &aduan_domain::TrackingId,
    at: chrono::DateTime<chrono::Utc>,
) -> AppResult<Vec<NewOutboxMessage>> {
    let payload = json!({ "tracking_id": id });
    let mut out = Vec::new();
    for user in approvers {
        let key = format!("{id}:reveal-request:{}:{}", at.timestamp_micros(), user.id);
        for route in account_routes(state, user).await? {
            out.push(route.message("reveal_requested", &payload, &key, None, state));
        }
    }
    Ok(out)
}

/// The notice that tells a reporter their identity was revealed to staff and why (the
/// reveal request `request`, approved), on the channels they are reached on.
pub async fn identity_revealed(
    state: &AppState,
    report: &Report,
    request: &aduan_store::RevealRequest,
) -> AppResult<Vec<NewOutboxMessage>> {
    let id = report.tracking_id;
    let key = format!("{id}:reveal{}:identity_revealed", request.id);
    let payload = json!({ "tracking_id": id, "reason": request.reason });
    Ok(reporter_routes(state, &report.reporter)
        .await?
        .iter()
        .map(|route| route.message("identity_revealed", &payload, &key, None, state))
        .collect())
}

/// Reminders a working day before (or on the day of) a deadline, once per deadline each: to
/// those who answer for a time limit (the national admins, or the agency's admins and the
/// officers of the unit holding the report), and to the reporter before an auto-close (so they
/// can still answer); none for windows, breached or paused clocks.
pub async fn reminder(
    state: &AppState,
    report: &aduan_domain::TrackingId,
    clock: &aduan_domain::sla::Clock,
    cal: &aduan_domain::workdays::WorkCalendar,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Vec<NewOutboxMessage>> {
    let Some(due) = clock.due_at else {
        return Ok(Vec::new());
    };
    let warns = clock.phase == Phase::AutoClose;
    if !(clock.phase.is_limit() || warns)
        || now > due
        || aduan_domain::workdays::working_days_left(cal, clock.zone, now, due) > 1
    {
        return Ok(Vec::new());
    }
    let at = aduan_domain::event::canonical_time(due);
    let payload = json!({
        "tracking_id": report, "phase": clock.phase, "due_at": due, "zone": clock.zone.code(),
    });
    if warns {
        let Some(stored) = state.store.get_report(report).await? else {
            return Ok(Vec::new());
        };
        let key = format!("{report}:autoclose-warning:{at}");
        return Ok(reporter_routes(state, &stored.reporter)
            .await?
            .iter()
            .map(|r| r.message("auto_close_warning", &payload, &key, None, state))
            .collect());
    }
    let recipients = if clock.responsible == aduan_domain::sla::NATIONAL_ADMIN {
        staff_where(state, |r| matches!(r, StaffRole::NationalAdmin)).await?
    } else {
        let agency = aduan_domain::AgencyId::new(clock.responsible.clone());
        staff_where(state, |r| match r {
            StaffRole::AgencyAdmin { agency: a } => *a == agency,
            StaffRole::UnitOfficer { agency: a, unit } => {
                *a == agency && clock.unit.as_ref() == Some(unit)
            }
            _ => false,
        })
        .await?
    };
    let mut out = Vec::new();
    for user in recipients {
        let key = format!("{report}:reminder:{}:{at}:{}", clock.phase, user.id);
        for route in account_routes(state, &user).await? {
            out.push(route.message("deadline_reminder", &payload, &key, None, state));
        }
    }
    Ok(out)
}

async fn staff_where(state: &AppState, keep: impl Fn(&StaffRole) -> bool) -> AppResult<Vec<User>> {
    let users = state.store.list_users().await?;
    Ok(users
        .into_iter()
        .filter(|u| !u.disabled && u.staff_role().as_ref().is_some_and(&keep))
        .collect())
}

/// The active staff who hold the report: its agency's admins and its unit's officers.
async fn holders(state: &AppState, after: &ReportState) -> AppResult<Vec<User>> {
    staff_where(state, |role| match role {
        StaffRole::AgencyAdmin { agency } => after.agency.as_ref() == Some(agency),
        StaffRole::UnitOfficer { agency, unit } => {
            after.agency.as_ref() == Some(agency) && after.unit.as_ref() == Some(unit)
        }
        _ => false,
    })
    .await
}

/// The active officers of the unit holding the report (none when no unit holds it).
async fn unit_officers(state: &AppState, after: &ReportState) -> AppResult<Vec<User>> {
    staff_where(state, |role| match role {
        StaffRole::UnitOfficer { agency, unit } => {
            after.agency.as_ref() == Some(agency) && after.unit.as_ref() == Some(unit)
        }
        _ => false,
    })
    .await
}

/// The active admins of `agency`.
async fn agency_admins(
    state: &AppState,
    agency: Option<&aduan_domain::AgencyId>,
) -> AppResult<Vec<User>> {
    staff_where(
        state,
        |role| matches!(role, StaffRole::AgencyAdmin { agency: a } if Some(a) == agency),
    )
    .await
}

/// Who hears of an escalation: the agency's admins, the national admins, or the Ombudsman.
async fn escalated_to(state: &AppState, after: &ReportState) -> AppResult<Vec<User>> {
    staff_where(state, |role| match (after.escalation_level, role) {
        (EscalationLevel::AgencyAdmin, StaffRole::AgencyAdmin { agency }) => {
            after.agency.as_ref() == Some(agency)
        }
        (EscalationLevel::NationalAdmin, StaffRole::NationalAdmin) => true,
        (EscalationLevel::Ombudsman, StaffRole::Supervisor { body }) => {
            *body == SupervisorBody::Ombudsman
        }
        _ => false,
    })
    .await
}

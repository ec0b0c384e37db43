//! The messages a submission or a transition causes, written to the outbox in the same
//! transaction: the reporter hears of every step that concerns them, the holding agency of a
//! reply, and staff of each escalation. Staff messages never carry a reporter's identity.

use crate::AppState;
use crate::error::AppResult;
use aduan_domain::actor::{StaffRole, SupervisorBody};
use aduan_domain::lifecycle::ActionKind;
use aduan_domain::report::{Report, ReportState, ReporterIdentity};
use aduan_domain::{EscalationLevel, UserId};
use aduan_store::{Language, NewOutboxMessage, NotifyChannel, RecipientKind};
use serde_json::json;

/// The reporter's channel: e-mail when they gave one, else SMS when they gave a phone.
fn reporter_channel(who: &ReporterIdentity) -> Option<(NotifyChannel, String)> {
    match (&who.email, &who.phone) {
        (Some(e), _) => Some((NotifyChannel::Email, e.clone())),
        (None, Some(p)) => Some((NotifyChannel::Sms, p.clone())),
        (None, None) => None,
    }
}

/// The receipt of a new report: to the reporter's address, with the access code sealed
/// (reporters without an account), or to their account.
pub fn receipt(
    state: &AppState,
    report: &Report,
    who: &ReporterIdentity,
    code: Option<&str>,
    account: Option<UserId>,
) -> Vec<NewOutboxMessage> {
    let dedup_key = format!("{}:received", report.tracking_id);
    let payload = json!({ "tracking_id": report.tracking_id, "status": report.state.status });
    let (kind, recipient, channel) = match (account, reporter_channel(who)) {
        (Some(user), _) => (RecipientKind::User, user.to_string(), NotifyChannel::Email),
        (None, Some((channel, address))) => (RecipientKind::Address, address, channel),
        (None, None) => return Vec::new(),
    };
    let secret = code
        .filter(|_| account.is_none())
        .map(|c| state.deployment_key.seal(c, &dedup_key));
    vec![NewOutboxMessage {
        recipient_kind: kind,
        recipient,
        channel,
        template: "report_received".into(),
        language: Language::Id,
        payload,
        secret,
        dedup_key,
    }]
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

/// The messages a transition causes.
pub async fn for_transition(
    state: &AppState,
    report: &Report,
    action: ActionKind,
    after: &ReportState,
) -> AppResult<Vec<NewOutboxMessage>> {
    let version = report.version + 1;
    let id = report.tracking_id;
    let mut out = Vec::new();
    let payload = json!({ "tracking_id": id, "status": after.status, "agency": after.agency, "action": action });
    if let Some(template) = reporter_template(action) {
        out.push(NewOutboxMessage {
            recipient_kind: RecipientKind::Reporter,
            recipient: report.reporter.to_string(),
            channel: NotifyChannel::Email,
            template: template.into(),
            language: Language::Id,
            payload: payload.clone(),
            secret: None,
            dedup_key: format!("{id}:v{version}:{template}"),
        });
    }
    let staff = match action {
        ActionKind::Reply | ActionKind::AnswerInformation => {
            Some(("reply_received", holders(state, after).await?))
        }
        ActionKind::Escalate => Some(("report_escalated", escalated_to(state, after).await?)),
        _ => None,
    };
    if let Some((template, users)) = staff {
        for user in users {
            out.push(NewOutboxMessage {
                recipient_kind: RecipientKind::User,
                recipient: user.to_string(),
                channel: NotifyChannel::Email,
                template: template.into(),
                language: Language::Id,
                payload: payload.clone(),
                secret: None,
                dedup_key: format!("{id}:v{version}:{template}:{user}"),
            });
        }
    }
    Ok(out)
}

/// Reminders to the admins who answer for `clock` when its deadline is one working day away
/// (or today), once per deadline each; none for windows, timers, breached or paused clocks.
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
    if !clock.phase.is_limit()
        || now > due
        || aduan_domain::workdays::working_days_left(cal, clock.zone, now, due) > 1
    {
        return Ok(Vec::new());
    }
    let recipients = if clock.responsible == aduan_domain::sla::NATIONAL_ADMIN {
        staff_where(state, |r| matches!(r, StaffRole::NationalAdmin)).await?
    } else {
        let agency = aduan_domain::AgencyId::new(clock.responsible.clone());
        staff_where(
            state,
            |r| matches!(r, StaffRole::AgencyAdmin { agency: a } if *a == agency),
        )
        .await?
    };
    let at = aduan_domain::event::canonical_time(due);
    Ok(recipients
        .into_iter()
        .map(|user| NewOutboxMessage {
            recipient_kind: RecipientKind::User,
            recipient: user.to_string(),
            channel: NotifyChannel::Email,
            template: "deadline_reminder".into(),
            language: Language::Id,
            payload: json!({ "tracking_id": report, "phase": clock.phase, "due_at": due }),
            secret: None,
            dedup_key: format!("{report}:reminder:{}:{at}:{user}", clock.phase),
        })
        .collect())
}

async fn staff_where(
    state: &AppState,
    keep: impl Fn(&StaffRole) -> bool,
) -> AppResult<Vec<UserId>> {
    let users = state.store.list_users().await?;
    Ok(users
        .iter()
        .filter(|u| !u.disabled && u.staff_role().as_ref().is_some_and(&keep))
        .map(|u| u.id)
        .collect())
}

/// The active staff who hold the report: its agency's admins and its unit's officers.
async fn holders(state: &AppState, after: &ReportState) -> AppResult<Vec<UserId>> {
    staff_where(state, |role| match role {
        StaffRole::AgencyAdmin { agency } => after.agency.as_ref() == Some(agency),
        StaffRole::UnitOfficer { agency, unit } => {
            after.agency.as_ref() == Some(agency) && after.unit.as_ref() == Some(unit)
        }
        _ => false,
    })
    .await
}

/// Who hears of an escalation: the agency's admins, the national admins, or the Ombudsman.
async fn escalated_to(state: &AppState, after: &ReportState) -> AppResult<Vec<UserId>> {
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

//! Generated histories against the transition table and the clocks.

use crate::fixture::ten_thousand;
use aduan_domain::Role;
use aduan_domain::lifecycle::ActionKind;
use aduan_domain::status::{ArchiveReasonCode, CompletionKind, EscalationLevel, Status};
use aduan_domain::workdays::Zone;
use aduan_gen::replay;
use chrono::{Timelike, Utc};
use std::collections::BTreeSet;

#[test]
fn every_generated_history_replays_through_the_transition_table() {
    let (g, histories) = ten_thousand();
    let failures: Vec<String> = histories
        .iter()
        .filter_map(|h| replay(&g.world, &g.roster, h).err())
        .map(|e| e.to_string())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} histories do not replay, e.g. {:#?}",
        failures.len(),
        histories.len(),
        &failures[..failures.len().min(3)]
    );
}

#[test]
fn every_status_completion_kind_escalation_level_action_and_reason_appears() {
    let (_, histories) = ten_thousand();
    let mut statuses = BTreeSet::new();
    let mut completions = BTreeSet::new();
    let mut levels = BTreeSet::new();
    let mut actions = BTreeSet::new();
    let mut reasons = BTreeSet::new();
    let mut duplicates_name_an_earlier_report = true;
    for h in histories {
        let last = &h.steps.last().unwrap().state;
        statuses.insert(last.status);
        completions.extend(last.completion_kind);
        levels.insert(last.escalation_level);
        for s in &h.steps {
            actions.insert(s.event.action);
            if let Some(r) = &s.state.archive_reason
                && matches!(
                    s.event.action,
                    ActionKind::Archive | ActionKind::Delete | ActionKind::Withdraw
                )
            {
                reasons.insert(r.code);
                if r.code == ArchiveReasonCode::Duplicate {
                    duplicates_name_an_earlier_report &=
                        r.duplicate_of.is_some_and(|d| d != h.report.tracking_id);
                }
            }
        }
    }
    assert_eq!(statuses, Status::ALL.iter().copied().collect());
    assert_eq!(completions, CompletionKind::ALL.iter().copied().collect());
    assert_eq!(levels, EscalationLevel::ALL.iter().copied().collect());
    // Every action of the table, and the submission; a calendar change is not generated.
    let table: BTreeSet<ActionKind> = ActionKind::ALL
        .iter()
        .copied()
        .filter(|k| k.in_table() || *k == ActionKind::Submit)
        .collect();
    assert_eq!(actions, table);
    assert_eq!(reasons, ArchiveReasonCode::ALL.iter().copied().collect());
    assert!(duplicates_name_an_earlier_report);
}

#[test]
fn staff_act_in_office_hours_on_working_days_and_the_system_on_the_scheduler_tick() {
    let (g, histories) = ten_thousand();
    let cal = &g.world.calendar;
    let mut staff_events = 0;
    for h in histories {
        for s in h.steps.iter().skip(1) {
            let role = s.actor.role;
            if role == Role::System {
                assert_eq!(
                    (s.at.minute() % 15, s.at.second(), s.at.nanosecond()),
                    (0, 0, 0),
                    "{} {} at {}",
                    h.report.tracking_id,
                    s.event.action,
                    s.at
                );
                continue;
            }
            if matches!(role, Role::Reporter | Role::Public | Role::Citizen) {
                continue;
            }
            staff_events += 1;
            let zone = match g.roster.role_of(&s.actor.id).unwrap() {
                aduan_domain::StaffRole::AgencyAdmin { agency }
                | aduan_domain::StaffRole::UnitOfficer { agency, .. } => {
                    g.world.zone_of(Some(&agency))
                }
                _ => Zone::Wib,
            };
            let local = s.at.with_timezone(&zone.tz());
            assert!(
                cal.is_working_day(local.date_naive()) && (8..16).contains(&local.hour()),
                "{} {} by {} at {local}",
                h.report.tracking_id,
                s.event.action,
                s.actor.id
            );
        }
        assert!(
            h.steps.windows(2).all(|w| w[0].at < w[1].at),
            "events in time order"
        );
        assert!(
            h.steps.last().unwrap().at <= g_end(),
            "nothing after the end of the period"
        );
    }
    assert!(staff_events > 20_000, "{staff_events}");
}

fn g_end() -> chrono::DateTime<Utc> {
    let end = crate::fixture::until().and_hms_opt(23, 59, 59).unwrap();
    Zone::Wib
        .tz()
        .from_local_datetime(&end)
        .unwrap()
        .with_timezone(&Utc)
        + chrono::Duration::seconds(1)
}

use chrono::TimeZone;

/// The live service decides the reporter's windows, auto-closes and escalations from the stored
/// clocks (`aduan_domain::sla`); every generated reopen, appeal, auto-close and escalation must
/// be one those clocks allow at its time: the reopen window runs in full from the latest
/// complete or auto-close, and the national admin hears two working days after the breach.
#[test]
fn every_timed_move_is_allowed_by_the_clocks_the_service_keeps() {
    use aduan_domain::sla::{Phase, SlaContext, SlaLimits, national_escalation_due, window_open};
    let (g, histories) = ten_thousand();
    let limits = SlaLimits::default();
    let zone_of = |a: &aduan_domain::AgencyId| g.world.zone_of(Some(a));
    let ctx = SlaContext {
        calendar: &g.world.calendar,
        limits: &limits,
        zone_of: &zone_of,
    };
    let mut checked = BTreeSet::new();
    let mut refused = Vec::new();
    for h in histories {
        for i in 1..h.steps.len() {
            let step = &h.steps[i];
            let clocks = aduan_store::derive_clocks(&h.steps[..i], &ctx);
            let before = &h.steps[i - 1].state;
            let past_due = |phase: Phase| {
                clocks.iter().any(|c| {
                    c.phase == phase && c.is_open() && c.due_at.is_some_and(|d| step.at > d)
                })
            };
            let national_due = || {
                clocks.iter().any(|c| {
                    matches!(c.phase, Phase::FirstFollowUp | Phase::Completion)
                        && c.is_open()
                        && c.due_at.is_some_and(|d| {
                            step.at > national_escalation_due(&g.world.calendar, c.zone, d)
                        })
                })
            };
            let allowed = match (step.event.action, step.actor.role) {
                (ActionKind::Reopen, _) => window_open(&clocks, Phase::ReopenWindow, step.at),
                (ActionKind::Appeal, _) => window_open(&clocks, Phase::AppealWindow, step.at),
                (ActionKind::AutoClose, _) => past_due(Phase::AutoClose),
                (ActionKind::Escalate, Role::System) => match before.escalation_level {
                    EscalationLevel::None => {
                        past_due(Phase::FirstFollowUp) || past_due(Phase::Completion)
                    }
                    _ => national_due(),
                },
                _ => continue,
            };
            checked.insert(step.event.action);
            if !allowed {
                refused.push(format!(
                    "{} {} at {}",
                    h.report.tracking_id, step.event.action, step.at
                ));
            }
        }
    }
    assert!(
        refused.is_empty(),
        "{} timed moves the stored clocks refuse, e.g. {:?}",
        refused.len(),
        &refused[..refused.len().min(5)]
    );
    assert_eq!(
        checked.len(),
        4,
        "reopen, appeal, auto-close and escalation all occur"
    );
}

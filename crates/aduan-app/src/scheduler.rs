//! The scheduler: a periodic scan of the clocks that enqueues, once each, the escalations and
//! auto-closes that deadlines call for, and the jobs that carry them out through the same
//! transition table and clocks as every person's action.

use crate::AppState;
use crate::error::AppError;
use crate::facts::report_facts;
use aduan_domain::actor::Actor;
use aduan_domain::lifecycle::{Action, decide};
use aduan_domain::sla::{Clock, NATIONAL_ADMIN, Phase, national_escalation_due};
use aduan_domain::{EscalationLevel, Status, TrackingId};
use aduan_jobs::{Every, Job, JobContext, JobError, JobHandler, Registry, enqueue};
use aduan_store::{Commit, Effects};
use aduan_store::{EventActor, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Working days after the breach of an agency's deadline before the national admin is alerted.
pub use aduan_domain::sla::NATIONAL_AFTER_DAYS;

/// Looks at the clocks that have fallen due, one page per run: a full page queues the scan of
/// the next, so no run outlives its lease however many reports are late.
#[derive(Debug, Serialize, Deserialize)]
pub struct ScanDeadlines {
    /// The period this scan belongs to.
    pub slot: DateTime<Utc>,
    /// Continue after this clock (report, seq); from the start when none.
    pub after: Option<(String, i64)>,
}

impl Job for ScanDeadlines {
    const NAME: &'static str = "scan_deadlines";
    const PRIORITY: i32 = 5;
    fn dedup_key(&self) -> Option<String> {
        let at = aduan_domain::event::canonical_time(self.slot);
        Some(match &self.after {
            Some((report, seq)) => format!("scan_deadlines@{at}:{report}:{seq}"),
            None => format!("scan_deadlines@{at}"),
        })
    }
}

/// How far ahead the scan looks for deadlines to remind of (covers a long weekend).
pub const REMINDER_HORIZON_DAYS: i64 = 5;

/// Clocks looked at per run of the scan.
pub const SCAN_PAGE: u32 = 50;

/// Raises a report's escalation level up to `to` (never past the national admin).
#[derive(Debug, Serialize, Deserialize)]
pub struct EscalateReport {
    /// The report.
    pub report: String,
    /// The level to reach.
    pub to: EscalationLevel,
}

impl Job for EscalateReport {
    const NAME: &'static str = "escalate_report";
    const PRIORITY: i32 = 10;
    fn dedup_key(&self) -> Option<String> {
        Some(format!("escalate:{}:{}", self.report, self.to))
    }
}

/// Closes a report whose auto-close timer (started at `timer_started`) ran out.
#[derive(Debug, Serialize, Deserialize)]
pub struct AutoCloseReport {
    /// The report.
    pub report: String,
    /// When the timer started (a later follow-up starts another timer, and another job).
    pub timer_started: DateTime<Utc>,
}

impl Job for AutoCloseReport {
    const NAME: &'static str = "auto_close_report";
    const PRIORITY: i32 = 10;
    fn dedup_key(&self) -> Option<String> {
        Some(format!(
            "auto_close:{}:{}",
            self.report,
            aduan_domain::event::canonical_time(self.timer_started)
        ))
    }
}

fn job_err(e: impl std::fmt::Display) -> JobError {
    JobError::failed(e)
}

/// Registers the scheduler's jobs (and access recovery's) and the scan every minute.
pub fn register(registry: &mut Registry, state: AppState) {
    registry
        .register(Scanner(state.clone()))
        .register(Escalator(state.clone()))
        .register(crate::recovery::Recoverer(state.clone()))
        .register(AutoCloser(state))
        .schedule(Every::minutes(1), |slot| ScanDeadlines {
            slot,
            after: None,
        });
}

struct Scanner(AppState);

#[async_trait]
impl JobHandler for Scanner {
    type Job = ScanDeadlines;

    async fn run(&self, ctx: &JobContext, job: ScanDeadlines) -> Result<(), JobError> {
        let now = ctx.now();
        let cal = self.0.calendar.get();
        let after = match &job.after {
            Some((report, seq)) => Some((TrackingId::parse(report).map_err(job_err)?, *seq)),
            None => None,
        };
        // Clocks due within the next few days too: their holders get a reminder one working
        // day before the deadline.
        let horizon = now + chrono::Duration::days(REMINDER_HORIZON_DAYS);
        let page = ctx
            .store
            .open_clocks_due_before(horizon, after.as_ref(), SCAN_PAGE)
            .await?;
        for ((report, _), clock) in &page {
            let reminders = crate::notify::reminder(&self.0, report, clock, &cal, now)
                .await
                .map_err(job_err)?;
            if !reminders.is_empty() {
                ctx.store.insert_outbox(&reminders, now).await?;
            }
            for due in due_jobs(report, clock, &cal, now) {
                match due {
                    Due::Escalate(j) => enqueue(ctx.store.as_ref(), &j, now, now).await?,
                    Due::AutoClose(j) => enqueue(ctx.store.as_ref(), &j, now, now).await?,
                };
            }
        }
        // A full page: the next one is another job, so no run outlives its lease.
        if page.len() == SCAN_PAGE as usize
            && let Some(((report, seq), _)) = page.last()
        {
            let next = ScanDeadlines {
                slot: job.slot,
                after: Some((report.to_string(), *seq)),
            };
            enqueue(ctx.store.as_ref(), &next, now, now).await?;
        }
        Ok(())
    }
}

enum Due {
    Escalate(EscalateReport),
    AutoClose(AutoCloseReport),
}

/// What a clock past its deadline calls for.
fn due_jobs(
    report: &TrackingId,
    clock: &Clock,
    cal: &aduan_domain::workdays::WorkCalendar,
    now: DateTime<Utc>,
) -> Vec<Due> {
    let Some(due) = clock.due_at.filter(|d| now > *d) else {
        return vec![];
    };
    let report = report.to_string();
    match clock.phase {
        Phase::FirstFollowUp | Phase::Completion if clock.responsible != NATIONAL_ADMIN => {
            let mut out = vec![Due::Escalate(EscalateReport {
                report: report.clone(),
                to: EscalationLevel::AgencyAdmin,
            })];
            // Two working days after the breach, not after the due date.
            if now > national_escalation_due(cal, clock.zone, due) {
                out.push(Due::Escalate(EscalateReport {
                    report,
                    to: EscalationLevel::NationalAdmin,
                }));
            }
            out
        }
        Phase::AutoClose => vec![Due::AutoClose(AutoCloseReport {
            report,
            timer_started: clock.started_at,
        })],
        _ => vec![],
    }
}

/// Whether the scan would take the system action `action` on a report at escalation `level`
/// with `clocks` at `now`: an escalation to a level above `level`, or an auto-close. What a
/// system event of an imported history must have been due for.
pub fn system_action_due(
    report: &TrackingId,
    clocks: &[Clock],
    level: EscalationLevel,
    action: aduan_domain::lifecycle::ActionKind,
    cal: &aduan_domain::workdays::WorkCalendar,
    now: DateTime<Utc>,
) -> bool {
    use aduan_domain::lifecycle::ActionKind as K;
    // The scan reads running clocks only: a stopped clock calls for nothing.
    clocks
        .iter()
        .filter(|c| c.is_open())
        .flat_map(|c| due_jobs(report, c, cal, now))
        .any(|due| match due {
            Due::Escalate(e) => action == K::Escalate && e.to > level,
            Due::AutoClose(_) => action == K::AutoClose,
        })
}

/// Applies a system action to a report, retrying when a person moved it meanwhile; returns
/// false when the action is no longer called for.
async fn apply_system(
    state: &AppState,
    id: &TrackingId,
    action: &Action,
    due: impl Fn(&aduan_domain::report::Report, &[Clock]) -> bool,
) -> Result<bool, JobError> {
    for _attempt in 0..3 {
        let Some(report) = state.store.get_report(id).await? else {
            return Ok(false);
        };
        let clocks = state.store.list_clocks(id).await?;
        if !due(&report, &clocks) {
            return Ok(false);
        }
        let mut facts = report_facts(state, &report, &clocks)
            .await
            .map_err(job_err)?;
        facts.windows.escalation_due = true;
        let decision = match decide(&facts, &Actor::System, action) {
            Ok(d) => d,
            Err(e) => {
                tracing::info!(tracking_id = %id, action = %action.kind(), reason = %e, "system action no longer applies");
                return Ok(false);
            }
        };
        let now = state.clock.now();
        let clocks = crate::deadlines::moved(
            state,
            clocks,
            action.kind(),
            now,
            Some(&report.state),
            &decision.state,
        )
        .await
        .map_err(job_err)?;
        let outbox =
            crate::notify::for_transition(state, &report, &decision.event, &decision.state, now)
                .await
                .map_err(job_err)?;
        match state
            .store
            .commit(Commit::Transition {
                id,
                expected_version: report.version,
                state: &decision.state,
                event: decision.event,
                actor: &EventActor::system(),
                at: now,
                effects: Some(Effects {
                    clocks: &clocks,
                    calendar: &state.calendar(),
                    outbox: &outbox,
                    picks: &[],
                }),
            })
            .await
        {
            Ok(_) => {
                tracing::info!(tracking_id = %id, action = %action.kind(), "system action taken");
                return Ok(true);
            }
            Err(StoreError::Conflict { .. }) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(job_err(AppError::Conflict))
}

struct Escalator(AppState);

#[async_trait]
impl JobHandler for Escalator {
    type Job = EscalateReport;

    async fn run(&self, _ctx: &JobContext, job: EscalateReport) -> Result<(), JobError> {
        let id = TrackingId::parse(&job.report).map_err(job_err)?;
        let target = job.to.min(EscalationLevel::NationalAdmin);
        // One level per step, so each level leaves its own event.
        let below = |r: &aduan_domain::report::Report, _: &[Clock]| {
            r.state.escalation_level < target
                && matches!(r.state.status, Status::Dispatched | Status::InProgress)
        };
        while apply_system(&self.0, &id, &Action::Escalate, below).await? {}
        Ok(())
    }
}

struct AutoCloser(AppState);

#[async_trait]
impl JobHandler for AutoCloser {
    type Job = AutoCloseReport;

    async fn run(&self, ctx: &JobContext, job: AutoCloseReport) -> Result<(), JobError> {
        let id = TrackingId::parse(&job.report).map_err(job_err)?;
        let now = ctx.now();
        let timer_ran_out = |_: &aduan_domain::report::Report, clocks: &[Clock]| {
            clocks.iter().any(|c| {
                c.phase == Phase::AutoClose
                    && c.is_open()
                    && c.started_at == job.timer_started
                    && c.due_at.is_some_and(|d| now > d)
            })
        };
        apply_system(&self.0, &id, &Action::AutoClose, timer_ran_out).await?;
        Ok(())
    }
}

//! The working-day clocks of docs/domain.md §3: which clocks a transition starts, pauses, resumes
//! and stops, when each is due, and how a report's clocks read at a given moment.
//!
//! Pure: the calendar, the limits and each agency's time zone are passed in.

pub mod figures;
pub mod tally;

use crate::ids::{AgencyId, UnitId};
use crate::lifecycle::ActionKind;
use crate::report::{HandlingClass, Kind, ReportState};
use crate::status::{CompletionKind, Status};
use crate::text_enum;
use crate::workdays::{WorkCalendar, Zone, deadline, working_days_left};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

text_enum!(
    /// What a clock measures.
    Phase {
        /// From submission (or appeal, or reroute) to verification.
        Verification => "verification",
        /// From dispatch to the agency's first follow-up.
        FirstFollowUp => "first_follow_up",
        /// From dispatch (or reopen) to completion.
        Completion => "completion",
        /// Silence after a follow-up or completion, before the system closes the report.
        AutoClose => "auto_close",
        /// The reporter's window to reopen a completion.
        ReopenWindow => "reopen_window",
        /// The reporter's window to appeal an archive.
        AppealWindow => "appeal_window",
    }
);

impl Phase {
    /// Whether this phase is a legal time limit on a party (the others are windows and timers,
    /// which expire rather than breach).
    pub fn is_limit(self) -> bool {
        matches!(
            self,
            Phase::Verification | Phase::FirstFollowUp | Phase::Completion
        )
    }
}

/// The limits in working days; each deployment may set its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SlaLimits {
    /// Verification.
    pub verification: u32,
    /// First follow-up.
    pub first_follow_up: u32,
    /// Completion of an aspiration.
    pub completion_aspiration: u32,
    /// Completion of an information request.
    pub completion_information_request: u32,
    /// Completion of an ordinary complaint.
    pub completion_ordinary: u32,
    /// Completion of a supervisory complaint.
    pub completion_supervisory: u32,
    /// Silence before auto-close.
    pub auto_close: u32,
    /// The reporter's reopen and appeal windows.
    pub reporter_window: u32,
}

impl Default for SlaLimits {
    fn default() -> Self {
        Self {
            verification: 3,
            first_follow_up: 5,
            completion_aspiration: 5,
            completion_information_request: 5,
            completion_ordinary: 14,
            completion_supervisory: 60,
            auto_close: 10,
            reporter_window: 10,
        }
    }
}

impl SlaLimits {
    /// The completion limit for a report of this kind and handling class.
    pub fn completion(&self, kind: Kind, class: Option<HandlingClass>) -> u32 {
        match (kind, class) {
            (Kind::Complaint, Some(HandlingClass::Supervisory)) => self.completion_supervisory,
            (Kind::Complaint, _) => self.completion_ordinary,
            (Kind::Aspiration, _) => self.completion_aspiration,
            (Kind::InformationRequest, _) => self.completion_information_request,
        }
    }
}

/// Who answers for a clock: an agency (by slug), the national admin, the reporter or the system.
pub const NATIONAL_ADMIN: &str = "national_admin";
/// The reporter answers for the reopen and appeal windows.
pub const REPORTER: &str = "reporter";
/// The system answers for auto-close.
pub const SYSTEM: &str = "system";

/// One clock of one report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    /// What it measures.
    pub phase: Phase,
    /// Who answers for it: an agency slug, `national_admin`, `reporter` or `system`.
    pub responsible: String,
    /// The unit holding the report while the clock ran, if any.
    pub unit: Option<UnitId>,
    /// The zone its days end in.
    pub zone: Zone,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// Its limit in working days.
    pub limit_days: u32,
    /// Counting (re)started here, with `days_remaining` left.
    pub resumed_at: DateTime<Utc>,
    /// Working days left to count from `resumed_at`.
    pub days_remaining: u32,
    /// The deadline: end of the last working day, local time; none while paused.
    pub due_at: Option<DateTime<Utc>>,
    /// Paused since (verification during a postponement).
    pub paused_at: Option<DateTime<Utc>>,
    /// Stopped at.
    pub stopped_at: Option<DateTime<Utc>>,
    /// The action that stopped it: the figures count a clock stopped by the party's own act
    /// apart from one the reporter (`withdraw`) or the system (`auto_close`) ended.
    #[serde(default)]
    pub stopped_by: Option<ActionKind>,
    /// For a completion clock: how the completion it ended in stands (`agency_closed`, then
    /// `reporter_confirmed` or `auto_closed`), so the figures show each kind apart.
    #[serde(default)]
    pub completion: Option<CompletionKind>,
    /// The deadline it had already missed when it was paused: a breach stays a breach through
    /// a postponement and whatever deadline the resumption sets.
    #[serde(default)]
    pub missed_due: Option<DateTime<Utc>>,
}

/// A clock as a caller reads it at some moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClockReading {
    /// What it measures.
    pub phase: Phase,
    /// Who answers for it.
    pub responsible: String,
    /// Deadline in the responsible party's local time (RFC 3339 with offset when serialised).
    pub due_at: Option<DateTime<chrono::FixedOffset>>,
    /// Working days left; negative once breached.
    pub working_days_left: Option<i64>,
    /// Past its deadline (open) or stopped after it.
    pub breached: bool,
    /// Still running (not stopped).
    pub open: bool,
    /// Paused.
    pub paused: bool,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it stopped.
    pub stopped_at: Option<DateTime<Utc>>,
}

impl Clock {
    /// A clock starting at `at`.
    pub fn start(
        phase: Phase,
        responsible: impl Into<String>,
        zone: Zone,
        at: DateTime<Utc>,
        limit: u32,
        cal: &WorkCalendar,
    ) -> Self {
        Clock {
            phase,
            responsible: responsible.into(),
            unit: None,
            zone,
            started_at: at,
            limit_days: limit,
            resumed_at: at,
            days_remaining: limit,
            due_at: Some(deadline(cal, zone, at, limit)),
            paused_at: None,
            stopped_at: None,
            stopped_by: None,
            completion: None,
            missed_due: None,
        }
    }

    /// Running (not stopped).
    pub fn is_open(&self) -> bool {
        self.stopped_at.is_none()
    }

    /// Stopped after its deadline, open and past it at `now`, or breached before a pause.
    pub fn is_breached(&self, now: DateTime<Utc>) -> bool {
        if self.missed_due.is_some() {
            return true;
        }
        match (self.due_at, self.stopped_at) {
            (Some(due), Some(stop)) => stop > due,
            (Some(due), None) => now > due,
            (None, _) => false,
        }
    }

    /// Recomputes the deadline on `cal` (after a calendar change); true if it moved.
    pub fn recompute(&mut self, cal: &WorkCalendar) -> bool {
        if !self.is_open() || self.paused_at.is_some() {
            return false;
        }
        let due = Some(deadline(
            cal,
            self.zone,
            self.resumed_at,
            self.days_remaining,
        ));
        let moved = due != self.due_at;
        self.due_at = due;
        moved
    }

    /// Whether this window or timer is running and not yet expired at `now` (a clock past its
    /// deadline is expired even before anything stops it).
    pub fn is_running(&self, now: DateTime<Utc>) -> bool {
        self.is_open() && self.due_at.is_some_and(|d| now <= d)
    }

    /// How the clock reads at `now`.
    pub fn reading(&self, cal: &WorkCalendar, now: DateTime<Utc>) -> ClockReading {
        let offset = self.zone.tz();
        ClockReading {
            phase: self.phase,
            responsible: self.responsible.clone(),
            due_at: self.due_at.map(|d| d.with_timezone(&offset).fixed_offset()),
            // A breach kept through a pause counts from the deadline it missed.
            working_days_left: match (self.missed_due.or(self.due_at), self.stopped_at) {
                (Some(due), None) => Some(working_days_left(cal, self.zone, now, due)),
                _ => None,
            },
            breached: self.phase.is_limit() && self.is_breached(now),
            open: self.is_open(),
            paused: self.paused_at.is_some(),
            started_at: self.started_at,
            stopped_at: self.stopped_at,
        }
    }
}

/// The open limit or timer due soonest, as the report's headline `sla`.
pub fn headline(clocks: &[Clock], cal: &WorkCalendar, now: DateTime<Utc>) -> Option<ClockReading> {
    clocks
        .iter()
        .filter(|c| {
            c.is_open()
                && c.due_at.is_some()
                && c.phase != Phase::AppealWindow
                && c.phase != Phase::ReopenWindow
        })
        .min_by_key(|c| c.due_at)
        .map(|c| c.reading(cal, now))
}

/// What the clocks need to know about the world.
pub struct SlaContext<'a> {
    /// Working days.
    pub calendar: &'a WorkCalendar,
    /// Limits.
    pub limits: &'a SlaLimits,
    /// An agency's time zone (WIB when unknown).
    pub zone_of: &'a dyn Fn(&AgencyId) -> Zone,
}

/// Moves a report's clocks for one transition: `action` at `at`, from `before` to `after`.
pub fn advance(
    clocks: &mut Vec<Clock>,
    action: ActionKind,
    at: DateTime<Utc>,
    before: Option<&ReportState>,
    after: &ReportState,
    ctx: &SlaContext<'_>,
) {
    let cal = ctx.calendar;
    let limits = ctx.limits;
    let stop = |clocks: &mut Vec<Clock>, phases: &[Phase]| {
        for c in clocks
            .iter_mut()
            .filter(|c| c.is_open() && phases.contains(&c.phase))
        {
            c.stopped_at = Some(at);
            c.stopped_by = Some(action);
        }
    };
    let agency_zone = |a: &Option<AgencyId>| a.as_ref().map_or(Zone::Wib, |a| (ctx.zone_of)(a));
    let start_verification = |clocks: &mut Vec<Clock>| {
        let (who, zone) = match &after.requested_agency {
            Some(a) => (a.to_string(), (ctx.zone_of)(a)),
            None => (NATIONAL_ADMIN.to_owned(), Zone::Wib),
        };
        clocks.push(Clock::start(
            Phase::Verification,
            who,
            zone,
            at,
            limits.verification,
            cal,
        ));
    };
    let holder = after
        .agency
        .as_ref()
        .map(|a| a.to_string())
        .unwrap_or_else(|| NATIONAL_ADMIN.to_owned());
    let start_holder = |clocks: &mut Vec<Clock>, phase: Phase, limit: u32| {
        let mut c = Clock::start(
            phase,
            holder.clone(),
            agency_zone(&after.agency),
            at,
            limit,
            cal,
        );
        c.unit = after.unit.clone();
        clocks.push(c);
    };
    // The reporter's full reopen window from the latest complete or auto-close, counted in the
    // holding agency's zone (WIB when none); an earlier window ends there.
    let restart_reopen_window = |clocks: &mut Vec<Clock>| {
        stop(clocks, &[Phase::ReopenWindow]);
        clocks.push(Clock::start(
            Phase::ReopenWindow,
            REPORTER,
            agency_zone(&after.agency),
            at,
            limits.reporter_window,
            cal,
        ));
    };
    let restart_auto_close = |clocks: &mut Vec<Clock>| {
        stop(clocks, &[Phase::AutoClose]);
        let mut c = Clock::start(
            Phase::AutoClose,
            SYSTEM,
            agency_zone(&after.agency),
            at,
            limits.auto_close,
            cal,
        );
        c.unit = after.unit.clone();
        clocks.push(c);
    };
    match action {
        ActionKind::Submit => start_verification(clocks),
        ActionKind::Appeal => {
            stop(clocks, &[Phase::AppealWindow]);
            start_verification(clocks);
        }
        ActionKind::Postpone => {
            for c in clocks
                .iter_mut()
                .filter(|c| c.is_open() && c.phase == Phase::Verification && c.paused_at.is_none())
            {
                let used = cal
                    .working_days_between(c.zone.local_date(c.resumed_at), c.zone.local_date(at))
                    .max(0);
                c.days_remaining = c
                    .days_remaining
                    .saturating_sub(u32::try_from(used).unwrap_or(u32::MAX));
                c.paused_at = Some(at);
                // Postponing after the deadline does not undo the breach.
                if c.missed_due.is_none() {
                    c.missed_due = c.due_at.filter(|due| at > *due);
                }
                c.due_at = None;
            }
        }
        ActionKind::AddInfo => {
            for c in clocks
                .iter_mut()
                .filter(|c| c.is_open() && c.phase == Phase::Verification && c.paused_at.is_some())
            {
                c.paused_at = None;
                c.resumed_at = at;
                c.due_at = Some(deadline(cal, c.zone, at, c.days_remaining));
            }
        }
        ActionKind::VerifyDispatch => {
            stop(clocks, &[Phase::Verification]);
            start_holder(clocks, Phase::FirstFollowUp, limits.first_follow_up);
            start_holder(
                clocks,
                Phase::Completion,
                limits.completion(after.kind, after.handling_class),
            );
        }
        ActionKind::Archive | ActionKind::Delete | ActionKind::Withdraw => {
            stop(clocks, &[Phase::Verification]);
            if action == ActionKind::Archive {
                clocks.push(Clock::start(
                    Phase::AppealWindow,
                    REPORTER,
                    Zone::Wib,
                    at,
                    limits.reporter_window,
                    cal,
                ));
            }
        }
        ActionKind::Reroute => {
            stop(
                clocks,
                &[Phase::FirstFollowUp, Phase::Completion, Phase::AutoClose],
            );
            start_verification(clocks);
        }
        ActionKind::DispatchUnit => {
            for c in clocks
                .iter_mut()
                .filter(|c| c.is_open() && c.responsible == holder)
            {
                c.unit = after.unit.clone();
            }
        }
        ActionKind::FollowUp => {
            stop(clocks, &[Phase::FirstFollowUp]);
            restart_auto_close(clocks);
        }
        // A reply takes the report out of its completion: the window belongs to that one.
        ActionKind::Reply => stop(clocks, &[Phase::AutoClose, Phase::ReopenWindow]),
        ActionKind::Confirm => stop(clocks, &[Phase::AutoClose]),
        ActionKind::Complete => {
            stop(clocks, &[Phase::Completion, Phase::FirstFollowUp]);
            restart_auto_close(clocks);
            restart_reopen_window(clocks);
        }
        ActionKind::AutoClose => {
            // An agency that never completed has its completion clock ended by the system:
            // `stopped_by` tells the figures it is no completion by the agency.
            stop(
                clocks,
                &[Phase::AutoClose, Phase::Completion, Phase::FirstFollowUp],
            );
            restart_reopen_window(clocks);
        }
        ActionKind::Reopen => {
            stop(clocks, &[Phase::ReopenWindow, Phase::AutoClose]);
            start_holder(
                clocks,
                Phase::Completion,
                limits.completion(after.kind, after.handling_class),
            );
        }
        _ => {}
    }
    // The completion clock carries the kind of the completion it ended in, as it changes.
    if after.status == Status::Completed
        && let Some(c) = clocks
            .iter_mut()
            .rev()
            .find(|c| c.phase == Phase::Completion && !c.is_open())
    {
        c.completion = after.completion_kind;
    }
    // A closed report has no running limits (a deletion, say, ends every clock).
    if matches!(after.status, Status::Deleted)
        || (before.is_some() && after.status == Status::Archived)
    {
        stop(
            clocks,
            &[
                Phase::Verification,
                Phase::FirstFollowUp,
                Phase::Completion,
                Phase::AutoClose,
            ],
        );
    }
}

/// Working days after the breach of an agency's clock before the national admin is alerted.
pub const NATIONAL_AFTER_DAYS: u32 = 2;

/// When a breached agency clock reaches the national admin: two working days after the breach,
/// counted in the clock's zone. The breach is the first instant after `due` (the end of the due
/// day), so the working days after it begin with the next working day: a deadline on Monday is
/// breached at Tuesday 00:00 and reaches the national admin at Thursday 00:00.
pub fn national_escalation_due(
    cal: &WorkCalendar,
    zone: Zone,
    due: DateTime<Utc>,
) -> DateTime<Utc> {
    deadline(cal, zone, due, NATIONAL_AFTER_DAYS)
}

/// Whether a window of `phase` (the reporter's reopen or appeal window, or the auto-close
/// timer) is running at `now`: started, not stopped, and not yet expired.
pub fn window_open(clocks: &[Clock], phase: Phase, now: DateTime<Utc>) -> bool {
    clocks.iter().any(|c| c.phase == phase && c.is_running(now))
}

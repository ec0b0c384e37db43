//! The clocks of docs/domain.md §3 as far as the transition table needs them: which windows are
//! open and which deadlines have passed at a given instant, computed only from the events so
//! far. The generator and the replay check share this, so every time-dependent move in a
//! history is justified by the times of the events before it.

use aduan_domain::lifecycle::{ActionKind, Windows};
use aduan_domain::report::{HandlingClass, Kind, ReportState};
use aduan_domain::status::EscalationLevel;
use aduan_domain::workdays::{WorkCalendar, Zone, deadline};
use chrono::{DateTime, Duration, DurationRound, Utc};

/// Working days of the limits (docs/domain.md §3 defaults).
pub const FIRST_FOLLOW_UP_DAYS: u32 = 5;
/// Silence before auto-close, and the reopen and appeal windows.
pub const WINDOW_DAYS: u32 = 10;
/// Working days between the agency-admin and the national-admin escalation.
pub const NEXT_LEVEL_DAYS: u32 = 2;

/// The completion limit of a report: 5 for aspirations and information requests, 14 for
/// ordinary complaints, 60 for supervisory ones.
pub fn completion_days(state: &ReportState) -> u32 {
    match (state.kind, state.handling_class) {
        (Kind::Complaint, Some(HandlingClass::Supervisory)) => 60,
        (Kind::Complaint, _) => 14,
        _ => 5,
    }
}

/// The running clocks of one report.
#[derive(Debug, Clone, PartialEq)]
pub struct Clocks {
    /// The zone of the party responsible (the holding agency's, WIB before dispatch).
    pub zone: Zone,
    /// Due time of the first follow-up, while it runs.
    pub first_follow_up: Option<DateTime<Utc>>,
    /// Due time of the completion, while it runs.
    pub completion: Option<DateTime<Utc>>,
    /// Start of the reporter's silence after a follow-up or completion.
    pub silence_since: Option<DateTime<Utc>>,
    /// When the report was last completed (reopen window).
    pub completed_at: Option<DateTime<Utc>>,
    /// When the report was last archived (appeal window).
    pub archived_at: Option<DateTime<Utc>>,
}

impl Default for Clocks {
    fn default() -> Self {
        Clocks {
            zone: Zone::Wib,
            first_follow_up: None,
            completion: None,
            silence_since: None,
            completed_at: None,
            archived_at: None,
        }
    }
}

/// The next quarter hour at or after `at`: the scheduler's cadence for system moves.
pub fn scheduler_tick(at: DateTime<Utc>) -> DateTime<Utc> {
    let quarter = Duration::minutes(15);
    let floor = at.duration_trunc(quarter).unwrap_or(at);
    if floor == at { at } else { floor + quarter }
}

impl Clocks {
    /// Updates the clocks for an event `action` at `at` that left the report in `after`;
    /// `zone` is the zone of the agency holding it afterwards (WIB if none).
    pub fn observe(
        &mut self,
        cal: &WorkCalendar,
        action: ActionKind,
        at: DateTime<Utc>,
        after: &ReportState,
        zone: Zone,
    ) {
        use ActionKind as K;
        match action {
            K::VerifyDispatch => {
                self.zone = zone;
                self.first_follow_up = Some(deadline(cal, zone, at, FIRST_FOLLOW_UP_DAYS));
                self.completion = Some(deadline(cal, zone, at, completion_days(after)));
                self.silence_since = None;
            }
            K::Reroute => {
                self.zone = Zone::Wib;
                self.first_follow_up = None;
                self.completion = None;
                self.silence_since = None;
            }
            K::FollowUp => {
                self.first_follow_up = None;
                self.silence_since = Some(at);
            }
            K::Complete => {
                self.first_follow_up = None;
                self.completion = None;
                self.silence_since = Some(at);
                self.completed_at = Some(at);
            }
            K::Reply | K::Confirm => self.silence_since = None,
            K::AutoClose => {
                self.first_follow_up = None;
                self.completion = None;
                self.silence_since = None;
                self.completed_at = Some(at);
            }
            K::Reopen => {
                self.completion = Some(deadline(cal, self.zone, at, completion_days(after)));
                self.silence_since = None;
                self.completed_at = None;
            }
            K::Archive => self.archived_at = Some(at),
            K::Appeal => self.archived_at = None,
            _ => {}
        }
    }

    /// The windows at `now` for a report in `state`.
    pub fn windows(&self, cal: &WorkCalendar, now: DateTime<Utc>, state: &ReportState) -> Windows {
        let within = |start: Option<DateTime<Utc>>| {
            start.is_some_and(|s| now <= deadline(cal, self.zone, s, WINDOW_DAYS))
        };
        Windows {
            appeal_open: within(self.archived_at),
            reopen_open: within(self.completed_at),
            completion_missed: self.completion.is_some_and(|d| now > d),
            auto_close_due: self
                .silence_since
                .is_some_and(|s| now > deadline(cal, self.zone, s, WINDOW_DAYS)),
            escalation_due: self
                .escalation_from(cal, state.escalation_level)
                .is_some_and(|t| now >= t),
        }
    }

    /// The earliest due time of a running agency clock.
    fn breach(&self) -> Option<DateTime<Utc>> {
        match (self.first_follow_up, self.completion) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// From when the next system escalation is due, if it can be (never past national_admin).
    pub fn escalation_from(
        &self,
        cal: &WorkCalendar,
        level: EscalationLevel,
    ) -> Option<DateTime<Utc>> {
        let breach = self.breach()?;
        let after = Duration::microseconds(1);
        match level {
            EscalationLevel::None => Some(breach + after),
            EscalationLevel::AgencyAdmin => {
                Some(deadline(cal, self.zone, breach, NEXT_LEVEL_DAYS) + after)
            }
            EscalationLevel::NationalAdmin | EscalationLevel::Ombudsman => None,
        }
    }

    /// From when the report may be auto-closed, if its silence clock runs.
    pub fn auto_close_from(&self, cal: &WorkCalendar) -> Option<DateTime<Utc>> {
        self.silence_since
            .map(|s| deadline(cal, self.zone, s, WINDOW_DAYS) + Duration::microseconds(1))
    }
}

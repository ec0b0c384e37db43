//! Taking one report through its lifecycle. Each party (the verifier, the reporter, the
//! holding agency, the Ombudsman) holds at most one intention — an action and when it means to
//! take it — re-planned when something happens that it would react to; the system acts when a
//! clock says so. The earliest intention is offered to [`decide`], and only what it allows is
//! recorded, until the end of the period.

mod answer;
mod clocks;
mod plan;
mod react;
mod time;
mod verify;

pub use clocks::{Clocks, completion_days, scheduler_tick};
pub use plan::{Plan, pick};
pub use time::{citizen_time, office_time};

use crate::Generator;
use crate::text::{Ctx, Pattern};
use crate::world::Region;
use aduan_domain::actor::Actor;
use aduan_domain::lifecycle::{Action, ActionKind, ReportFacts, decide};
use aduan_domain::report::ReportState;
use aduan_domain::status::{CompletionKind, EscalationLevel, Status};
use aduan_domain::{AgencyId, ReporterId};
use aduan_store::{EventActor, HistoryStep};
use chrono::{DateTime, Duration, Utc};

/// At most this many events per report (a guard; real histories stay far below it).
const MAX_STEPS: usize = 60;

/// An action someone means to take, and when.
#[derive(Debug, Clone)]
pub(crate) struct Intent {
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub recorded: EventActor,
    pub action: Action,
}

/// The parties that hold intentions, in the order ties are broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Party {
    Verifier = 0,
    Agency = 1,
    Staff = 2,
    Answer = 3,
    Ombudsman = 4,
    Reporter = 5,
}

const PARTIES: usize = 6;

/// One report being simulated.
pub(crate) struct Sim<'a> {
    pub g: &'a Generator,
    pub ctx: Ctx<'a>,
    pub pattern: &'a Pattern,
    pub region: &'a Region,
    /// The agency with authority over the matter.
    pub handler: AgencyId,
    pub reporter: ReporterId,
    pub reporter_actor: EventActor,
    pub anonymous: bool,
    pub confidential: bool,
    pub show_name: bool,
    pub index: u64,
    pub plan: Plan,
    pub state: ReportState,
    pub clocks: Clocks,
    pub steps: Vec<HistoryStep>,
    pub intents: [Option<Intent>; PARTIES],
    pub end: DateTime<Utc>,
    /// Follow-ups since the last dispatch or reopen.
    pub follow_ups: u32,
    /// Verification rounds so far.
    pub rounds: u32,
}

impl<'a> Sim<'a> {
    /// The time of the last event.
    pub fn last_at(&self) -> DateTime<Utc> {
        self.steps.last().map_or(self.end, |s| s.at)
    }

    /// Sets `party`'s intention.
    pub fn intend(
        &mut self,
        party: Party,
        at: DateTime<Utc>,
        who: (Actor, EventActor),
        action: Action,
    ) {
        self.intents[party as usize] = Some(Intent {
            at,
            actor: who.0,
            recorded: who.1,
            action,
        });
    }

    /// Drops `party`'s intention.
    pub fn forget(&mut self, party: Party) {
        self.intents[party as usize] = None;
    }

    fn facts(&self, at: DateTime<Utc>) -> ReportFacts {
        ReportFacts {
            state: self.state.clone(),
            reporter: self.reporter.clone(),
            confidential: self.confidential,
            anonymous: self.anonymous,
            show_name: self.show_name,
            unit_path: self.g.world.unit_path(self.state.unit.as_ref()),
            windows: self.clocks.windows(&self.g.world.calendar, at, &self.state),
        }
    }

    /// The moves the clocks call for now: auto-close, escalation, the reporter's escalation
    /// to the Ombudsman.
    fn clock_moves(&self) -> Vec<Intent> {
        let cal = &self.g.world.calendar;
        let s = &self.state;
        let held = matches!(s.status, Status::Dispatched | Status::InProgress);
        let mut out = Vec::new();
        let system = (Actor::System, EventActor::system());
        let agency_closed = s.completion_kind == Some(CompletionKind::AgencyClosed);
        if (s.status == Status::InProgress || agency_closed)
            && let Some(t) = self.clocks.auto_close_from(cal)
        {
            out.push(Intent {
                at: scheduler_tick(t),
                actor: system.0.clone(),
                recorded: system.1.clone(),
                action: Action::AutoClose,
            });
        }
        if held && let Some(t) = self.clocks.escalation_from(cal, s.escalation_level) {
            out.push(Intent {
                at: scheduler_tick(t),
                actor: system.0,
                recorded: system.1,
                action: Action::Escalate,
            });
        }
        if held
            && self.plan.to_ombudsman
            && s.escalation_level != EscalationLevel::Ombudsman
            && let Some(due) = self.clocks.completion
        {
            let t = citizen_time(
                self.clocks.zone,
                due,
                self.plan.ombudsman_after_days,
                &mut self.rng_copy(),
            );
            out.push(Intent {
                at: t.max(due + Duration::seconds(1)),
                actor: Actor::Reporter(self.reporter.clone()),
                recorded: self.reporter_actor.clone(),
                action: Action::Escalate,
            });
        }
        out
    }

    /// A random source for times that must not disturb the report's main sequence (the same
    /// state always gives the same time).
    fn rng_copy(&self) -> rand::rngs::SmallRng {
        use rand::SeedableRng;
        rand::rngs::SmallRng::seed_from_u64(crate::ids::mix(self.index ^ self.steps.len() as u64))
    }

    /// Runs the report to the end of the period.
    pub fn run(mut self) -> Vec<HistoryStep> {
        self.react(ActionKind::Submit);
        while self.steps.len() < MAX_STEPS {
            let clock_moves = self.clock_moves();
            let mut best: Option<(DateTime<Utc>, Option<usize>, Intent)> = None;
            for (i, intent) in self.intents.iter().enumerate() {
                if let Some(intent) = intent
                    && best.as_ref().is_none_or(|(t, _, _)| intent.at < *t)
                {
                    best = Some((intent.at, Some(i), intent.clone()));
                }
            }
            for intent in clock_moves {
                if best.as_ref().is_none_or(|(t, _, _)| intent.at < *t) {
                    best = Some((intent.at, None, intent));
                }
            }
            let Some((at, party, intent)) = best else {
                break;
            };
            if at > self.end {
                break;
            }
            if let Some(p) = party {
                self.intents[p] = None;
            }
            let at = at.max(self.last_at() + Duration::seconds(1));
            match decide(&self.facts(at), &intent.actor, &intent.action) {
                Ok(d) => {
                    let kind = intent.action.kind();
                    self.state = d.state.clone();
                    let zone = self.g.world.zone_of(self.state.agency.as_ref());
                    self.clocks
                        .observe(&self.g.world.calendar, kind, at, &self.state, zone);
                    self.steps.push(HistoryStep {
                        event: d.event,
                        actor: intent.recorded,
                        at,
                        state: d.state,
                    });
                    self.react(kind);
                }
                // A party's plan overtaken by events is dropped; a clock move the table
                // refuses would be offered again and again, so the report stops there.
                Err(_) if party.is_some() => {}
                Err(_) => break,
            }
        }
        self.steps
    }
}

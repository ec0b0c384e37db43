//! The holding agency's answers and the reporter's reactions to them, and escalations.

use super::plan::{AfterDone, pick};
use super::{Party, Sim};
use aduan_domain::lifecycle::{Action, Rating, UnitTarget};
use aduan_domain::report::Kind;
use aduan_domain::status::{CompletionKind, EscalationLevel, Status};
use aduan_domain::workdays::Zone;
use aduan_domain::{AgencyId, UnitId};
use rand::Rng;

impl Sim<'_> {
    pub(crate) fn plan_after_dispatch(&mut self) {
        self.follow_ups = 0;
        let Some(agency) = self.state.agency.clone() else {
            return;
        };
        let zone = self.clocks.zone;
        if self.plan.note {
            let wd = self.days(0, 3);
            let at = self.office(zone, wd);
            if let Some(who) = self.holder(true) {
                let body = self.say("note", at);
                self.intend(Party::Staff, at, who, Action::Note { body });
            }
        }
        if self.plan.reveal {
            let at = self.office(Zone::Wib, 4);
            let who = self.g.roster.national_admin(&mut self.ctx.rng);
            let reason = self.say("reveal", at);
            self.intend(Party::Staff, at, who, Action::RevealIdentity { reason });
        }
        let wrong = agency != self.handler;
        if (wrong && self.ctx.rng.random_bool(0.9))
            || (!wrong && self.plan.needless_reroute && !self.state.rerouted)
        {
            let wd = self.days(1, 4);
            let at = self.office(zone, wd);
            let who = self.g.roster.agency_admin(&agency, &mut self.ctx.rng);
            let reason = self.say("reroute", at);
            let suggested_agency = wrong.then(|| self.handler.clone());
            self.intend(
                Party::Agency,
                at,
                who,
                Action::Reroute {
                    reason,
                    suggested_agency,
                },
            );
            return;
        }
        if self.plan.silent_agency {
            return;
        }
        if self.state.unit.is_none()
            && self.plan.unit_dispatch
            && let Some(unit) = self.unit_for(&agency)
        {
            let wd = self.days(0, 1);
            let at = self.office(zone, wd);
            let who = self.g.roster.agency_admin(&agency, &mut self.ctx.rng);
            let path = self.g.world.unit_path(Some(&unit));
            self.intend(
                Party::Agency,
                at,
                who,
                Action::DispatchUnit {
                    unit: Some(UnitTarget { agency, path }),
                },
            );
            return;
        }
        self.plan_answer(3);
    }

    /// A unit of `agency` that handles the pattern, if the directory has one.
    pub(crate) fn unit_for(&mut self, agency: &AgencyId) -> Option<UnitId> {
        let info = self.g.world.agencies.get(agency)?;
        let hints = &self.pattern.unit_hints;
        let mut fits: Vec<&UnitId> = info
            .units
            .iter()
            .filter(|(u, _)| {
                !u.inspectorate && hints.iter().any(|h| u.id.as_str().contains(h.as_str()))
            })
            .map(|(u, _)| &u.id)
            .collect();
        if fits.is_empty() {
            let kecamatan = format!("Kecamatan {}", self.ctx.get(crate::text::Slot::Kecamatan));
            fits = info
                .units
                .iter()
                .filter(|(u, _)| u.name == kecamatan)
                .map(|(u, _)| &u.id)
                .collect();
        }
        if fits.is_empty() {
            return None;
        }
        let i = self.ctx.rng.random_range(0..fits.len());
        Some(fits[i].clone())
    }

    /// The holder's next answer: another follow-up, or the completion, within about `max`
    /// working days (scaled by the agency's speed).
    pub(crate) fn plan_answer(&mut self, max: u32) {
        if self.plan.silent_agency && self.state.escalation_level != EscalationLevel::NationalAdmin
        {
            return;
        }
        let zone = self.clocks.zone;
        let done = self.follow_ups >= self.plan.follow_ups
            || (self.pattern.kind != Kind::Complaint && self.follow_ups >= 1);
        let first = self.follow_ups == 0;
        let wd = match (first, done) {
            (true, _) => {
                let wd = pick(
                    &mut self.ctx.rng,
                    &[(0, 20), (1, 30), (2, 20), (3, 10), (5, 10), (9, 6), (15, 4)],
                );
                (f64::from(wd) * self.plan.speed.max(0.7)).round() as u32
            }
            (false, true) => self.days(1, max + 2),
            (false, false) => self.days(2, max),
        };
        let at = self.office(zone, wd);
        let Some(who) = self.holder(false) else {
            return;
        };
        let action = if done && self.state.status == Status::InProgress {
            let body = match self.pattern.done.len() {
                0 => self.say("done_generic", at),
                n if self.ctx.rng.random_bool(0.8) => {
                    let i = self.ctx.rng.random_range(0..n);
                    self.ctx.today = self.clocks.zone.local_date(at);
                    self.pattern.done[i].to_text(&mut self.ctx)
                }
                _ => self.say("done_generic", at),
            };
            Action::Complete { body }
        } else {
            let list = if first { "acknowledge" } else { "progress" };
            Action::FollowUp {
                body: self.say(list, at),
            }
        };
        self.intend(Party::Agency, at, who, action);
    }

    pub(crate) fn plan_reply(&mut self, negative: bool) {
        let at = self.citizen(0, 4);
        let list = if negative || self.ctx.rng.random_bool(0.4) {
            "reply_negative"
        } else {
            "reply_positive"
        };
        let body = self.say(list, at);
        self.intend(Party::Reporter, at, self.reporter(), Action::Reply { body });
    }

    pub(crate) fn plan_rating(&mut self, after_confirm: bool) {
        let at = self.citizen(1, 20);
        let rating = self.rating(!after_confirm);
        self.intend(
            Party::Reporter,
            at,
            self.reporter(),
            Action::Rate { rating },
        );
    }

    pub(crate) fn rating(&mut self, unhappy: bool) -> Rating {
        let stars = if unhappy {
            pick(&mut self.ctx.rng, &[(1, 45), (2, 30), (3, 20), (4, 5)])
        } else {
            pick(&mut self.ctx.rng, &[(2, 5), (3, 15), (4, 35), (5, 45)])
        };
        Rating {
            stars,
            resolved: stars >= 4 || (stars == 3 && self.ctx.rng.random_bool(0.5)),
        }
    }

    pub(crate) fn plan_after_done(&mut self) {
        match self.plan.after_done {
            AfterDone::Confirm(rated) => {
                let at = self.citizen(0, 6);
                let rating = rated.then(|| self.rating(false));
                self.intend(
                    Party::Reporter,
                    at,
                    self.reporter(),
                    Action::Confirm { rating },
                );
            }
            AfterDone::Reply
                if self.state.completion_kind == Some(CompletionKind::AgencyClosed) =>
            {
                self.plan.after_done = AfterDone::Confirm(true);
                self.follow_ups = self.plan.follow_ups.saturating_sub(1);
                self.plan_reply(true);
            }
            AfterDone::Reopen if !self.state.reopen_used => {
                let at = self.citizen(1, 9);
                let reason = self.say("reopen", at);
                self.plan.after_done = AfterDone::Silent;
                self.follow_ups = self.plan.follow_ups.saturating_sub(1);
                self.intend(
                    Party::Reporter,
                    at,
                    self.reporter(),
                    Action::Reopen { reason },
                );
            }
            _ => {}
        }
    }

    pub(crate) fn plan_escalation(&mut self) {
        match self.state.escalation_level {
            EscalationLevel::Ombudsman => {
                let at = self.office(Zone::Wib, 3);
                let who = self.g.roster.ombudsman(&mut self.ctx.rng);
                let body = self.say("ombudsman_acknowledge", at);
                self.intend(
                    Party::Ombudsman,
                    at,
                    who,
                    Action::OmbudsmanAcknowledge { body },
                );
            }
            // A breach wakes up most agencies that had not planned anything.
            _ if self.intents[Party::Agency as usize].is_none()
                && (!self.plan.silent_agency || self.ctx.rng.random_bool(0.3)) =>
            {
                self.plan.silent_agency = false;
                self.plan_answer(3);
            }
            _ => {}
        }
    }
}

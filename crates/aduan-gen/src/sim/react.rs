//! How each party reacts to what just happened: it plans its next move and when.

use super::plan::AfterDone;
use super::{Party, Sim, citizen_time, office_time};
use aduan_domain::actor::Actor;
use aduan_domain::lifecycle::{Action, ActionKind};
use aduan_domain::status::{ArchiveReasonCode, Status};
use aduan_domain::workdays::Zone;
use aduan_store::EventActor;
use chrono::{DateTime, Utc};
use rand::Rng;

type Who = (Actor, EventActor);

impl Sim<'_> {
    /// Renders a list of `templates/agency.toml` as written at `at`.
    pub(crate) fn say(&mut self, list: &str, at: DateTime<Utc>) -> String {
        let s = &self.state;
        self.ctx.instansi = s
            .agency
            .as_ref()
            .and_then(|a| self.g.world.agencies.get(a))
            .map_or_else(|| "instansi terkait".into(), |i| i.short_name().to_owned());
        self.ctx.unit = self.g.world.holder_name(s.agency.as_ref(), s.unit.as_ref());
        self.ctx.today = self.clocks.zone.local_date(at);
        self.ctx.forget_dates();
        self.g.texts.agency.one(list, &mut self.ctx)
    }

    pub(crate) fn days(&mut self, lo: u32, hi: u32) -> u32 {
        let d = self.ctx.rng.random_range(lo..=hi) as f64 * self.plan.speed;
        d.round() as u32
    }

    pub(crate) fn reporter(&self) -> Who {
        (
            Actor::Reporter(self.reporter.clone()),
            self.reporter_actor.clone(),
        )
    }

    /// The holder's staff: an officer of the holding unit, or the agency's admin.
    pub(crate) fn holder(&mut self, admin_only: bool) -> Option<Who> {
        let agency = self.state.agency.clone()?;
        let roster = &self.g.roster;
        match self.state.unit.clone() {
            Some(unit) if !admin_only && self.ctx.rng.random_bool(0.85) => {
                Some(roster.unit_officer(&agency, &unit, &mut self.ctx.rng))
            }
            _ => Some(roster.agency_admin(&agency, &mut self.ctx.rng)),
        }
    }

    pub(crate) fn citizen(&mut self, lo: u32, hi: u32) -> DateTime<Utc> {
        let d = self.ctx.rng.random_range(lo..=hi);
        citizen_time(self.region.zone, self.last_at(), d, &mut self.ctx.rng)
    }

    pub(crate) fn office(&mut self, zone: Zone, workdays: u32) -> DateTime<Utc> {
        office_time(
            &self.g.world.calendar,
            zone,
            self.last_at(),
            workdays,
            &mut self.ctx.rng,
        )
    }

    /// Plans everyone's next move after an event of `kind`.
    pub(crate) fn react(&mut self, kind: ActionKind) {
        use ActionKind as K;
        let status = self.state.status;
        if !matches!(status, Status::Submitted | Status::Postponed) {
            self.forget(Party::Verifier);
        }
        if !matches!(status, Status::Dispatched | Status::InProgress) {
            self.forget(Party::Agency);
        }
        match kind {
            K::Submit | K::AddInfo | K::Appeal | K::Reroute => self.plan_verification(kind),
            K::Postpone => self.plan_postponed(),
            K::Archive => {
                let reason = self.state.archive_reason.as_ref().map(|r| r.code);
                if self.plan.appeal && reason != Some(ArchiveReasonCode::Withdrawn) {
                    let at = self.citizen(0, 9);
                    let body = self.say("appeal", at);
                    self.intend(
                        Party::Reporter,
                        at,
                        self.reporter(),
                        Action::Appeal { reason: body },
                    );
                }
            }
            K::VerifyDispatch => self.plan_after_dispatch(),
            K::DispatchUnit | K::Reopen => self.plan_answer(2),
            K::FollowUp => {
                self.follow_ups += 1;
                self.plan_answer(6);
                if self.ctx.rng.random_bool(self.plan.reply_chance) {
                    self.plan_reply(false);
                }
            }
            K::Reply if status == Status::InProgress => self.plan_answer(4),
            K::Complete => self.plan_after_done(),
            K::AutoClose => {
                if self.plan.after_done == AfterDone::Reopen && !self.state.reopen_used {
                    let at = self.citizen(0, 9);
                    let reason = self.say("reopen", at);
                    self.intend(
                        Party::Reporter,
                        at,
                        self.reporter(),
                        Action::Reopen { reason },
                    );
                } else if self.ctx.rng.random_bool(0.15) {
                    self.plan_rating(false);
                }
            }
            K::Confirm if self.ctx.rng.random_bool(0.1) => self.plan_rating(true),
            K::Escalate => self.plan_escalation(),
            K::OmbudsmanAcknowledge => {
                let at = self.office(Zone::Wib, 3);
                let who = self.g.roster.ombudsman(&mut self.ctx.rng);
                if self.ctx.rng.random_bool(0.6) {
                    let body = self.say("ombudsman_request", at);
                    self.intend(
                        Party::Ombudsman,
                        at,
                        who,
                        Action::RequestInformation { body },
                    );
                } else {
                    let at = self.office(Zone::Wib, 15);
                    let body = self.say("ombudsman_finding", at);
                    self.intend(Party::Ombudsman, at, who, Action::RecordFinding { body });
                }
            }
            K::RequestInformation => {
                if let Some(agency) = self.state.agency.clone() {
                    let zone = self.clocks.zone;
                    let wd = self.days(2, 8);
                    let at = self.office(zone, wd);
                    let who = self.g.roster.agency_admin(&agency, &mut self.ctx.rng);
                    let body = self.say("ombudsman_answer", at);
                    self.intend(Party::Answer, at, who, Action::AnswerInformation { body });
                }
            }
            K::AnswerInformation if self.ctx.rng.random_bool(0.7) => {
                let at = self.office(Zone::Wib, 10);
                let who = self.g.roster.ombudsman(&mut self.ctx.rng);
                let body = self.say("ombudsman_finding", at);
                self.intend(Party::Ombudsman, at, who, Action::RecordFinding { body });
            }
            _ => {}
        }
    }
}

//! Verification: what the verifier decides and when, and what happens to a postponed report.

use super::plan::{Outcome, pick};
use super::{Party, Sim};
use aduan_domain::AgencyId;
use aduan_domain::lifecycle::{Action, ActionKind, AgencyTarget};
use aduan_domain::report::{ArchiveReason, HandlingClass, Kind};
use aduan_domain::status::{ArchiveReasonCode, Status};
use aduan_domain::workdays::Zone;
use chrono::{DateTime, Utc};
use rand::Rng;

impl Sim<'_> {
    pub(crate) fn plan_verification(&mut self, kind: ActionKind) {
        self.rounds += 1;
        let first = self.rounds == 1;
        let requested = self.state.requested_agency.clone();
        let by_agency = requested.filter(|_| self.plan.agency_verifies && !self.state.rerouted);
        let wd = if first && self.plan.slow_verification {
            self.ctx.rng.random_range(3..=8)
        } else {
            pick(&mut self.ctx.rng, &[(0, 40), (1, 35), (2, 25)])
        };
        let outcome = if first {
            self.plan.outcome
        } else if kind == ActionKind::Appeal && self.ctx.rng.random_bool(0.3) {
            Outcome::Archive(ArchiveReasonCode::TooGeneral)
        } else {
            Outcome::Dispatch
        };
        let outcome = match outcome {
            Outcome::Postpone
                if self
                    .steps
                    .iter()
                    .any(|s| s.state.status == Status::Postponed) =>
            {
                Outcome::Dispatch
            }
            o => o,
        };
        let national = by_agency.is_none() || matches!(outcome, Outcome::Delete(_));
        let (who, zone) = match (&by_agency, national) {
            (Some(a), false) => (
                self.g.roster.agency_admin(a, &mut self.ctx.rng),
                self.g.world.zone_of(Some(a)),
            ),
            _ => (self.g.roster.national_admin(&mut self.ctx.rng), Zone::Wib),
        };
        let at = self.office(zone, wd);
        let action = match outcome {
            Outcome::Dispatch => self.verify_action(if national { None } else { by_agency }),
            Outcome::Postpone => Action::Postpone {
                reason: self.say("postpone", at),
            },
            Outcome::Archive(code) => Action::Archive {
                reason: Some(self.archive_reason(code, at)),
            },
            Outcome::Delete(code) => Action::Delete {
                reason: Some(self.archive_reason(code, at)),
            },
        };
        if first && self.plan.note && national {
            let note_at = self.office(zone, 0);
            let body = self.say("note", note_at);
            let admin = self.g.roster.national_admin(&mut self.ctx.rng);
            self.intend(Party::Staff, note_at, admin, Action::Note { body });
        }
        self.intend(Party::Verifier, at, who, action);
        if first && self.plan.withdraw {
            let at = self.citizen(0, 3);
            self.intend(Party::Reporter, at, self.reporter(), Action::Withdraw);
        } else if first && self.plan.add_info {
            let at = self.citizen(0, 2);
            let body = self.say("add_info", at);
            self.intend(
                Party::Reporter,
                at,
                self.reporter(),
                Action::AddInfo { body },
            );
        }
    }

    pub(crate) fn archive_reason(
        &mut self,
        code: ArchiveReasonCode,
        at: DateTime<Utc>,
    ) -> ArchiveReason {
        let (code, duplicate_of) = match code {
            ArchiveReasonCode::Duplicate if self.index > 0 => {
                let back = self.ctx.rng.random_range(1..=self.index.min(300));
                let earlier = crate::ids::tracking_id(self.g.config.seed, self.index - back);
                (code, Some(earlier))
            }
            ArchiveReasonCode::Duplicate => (ArchiveReasonCode::TooGeneral, None),
            c => (c, None),
        };
        let text = (code == ArchiveReasonCode::Other).then(|| self.say("archive_other", at));
        ArchiveReason {
            code,
            duplicate_of,
            text,
        }
    }

    /// Verify-and-dispatch to the agency with authority, or to `own` (an agency admin's own).
    pub(crate) fn verify_action(&mut self, own: Option<AgencyId>) -> Action {
        let target = own.unwrap_or_else(|| self.handler.clone());
        let kind = self.pattern.kind;
        let supervisory = self.pattern.supervisory && kind == Kind::Complaint;
        let inspectorate = self
            .g
            .world
            .agencies
            .get(&target)
            .and_then(|i| i.inspectorate())
            .filter(|_| supervisory)
            .map(|(u, _)| u.id.clone());
        let mut tags = vec![slug::slugify(
            self.pattern.sub.as_deref().unwrap_or(&self.pattern.topic),
        )];
        if self.ctx.rng.random_bool(0.3) {
            tags.push(slug::slugify(&self.region.place.short_name));
        }
        Action::VerifyDispatch {
            target: Some(AgencyTarget {
                agency: target,
                inspectorate,
            }),
            handling_class: (kind == Kind::Complaint).then_some(if supervisory {
                HandlingClass::Supervisory
            } else {
                HandlingClass::Ordinary
            }),
            kind: (self.state.kind != kind).then_some(kind),
            title: None,
            category: Some(self.g.category_of(self.pattern)),
            tags: Some(tags),
        }
    }

    pub(crate) fn plan_postponed(&mut self) {
        if self.plan.answers_postpone {
            let at = self.citizen(0, 6);
            let body = self.say("add_info", at);
            self.intend(
                Party::Reporter,
                at,
                self.reporter(),
                Action::AddInfo { body },
            );
        } else if self.ctx.rng.random_bool(0.1) {
            let at = self.citizen(1, 10);
            self.intend(Party::Reporter, at, self.reporter(), Action::Withdraw);
        }
        let wd = self.ctx.rng.random_range(10..=15);
        let at = self.office(Zone::Wib, wd);
        let who = self.g.roster.national_admin(&mut self.ctx.rng);
        let reason = Some(self.archive_reason(ArchiveReasonCode::ReporterUnreachable, at));
        self.intend(Party::Verifier, at, who, Action::Archive { reason });
    }
}

//! Who looks at one report and what they may see of it. A [`Viewed`] is made only in this crate,
//! from credentials an edge found (a [`Caller`]: session, access code) or a proof a channel
//! holds (the sender's phone number, a reply from the reporter's own address, the filing it
//! has just made); the use cases that show or change a report take one. An edge cannot name
//! itself a report's reporter or staff: no function here accepts a bare actor or visibility.
//!
//! An edge holding a report may look at it as the public:
//!
//! ```no_run
//! # use aduan_app::reports::viewer::Viewed;
//! # async fn feed(state: &aduan_app::AppState, report: aduan_domain::report::Report) {
//! let seen = Viewed::public(state, report).await.unwrap();
//! # }
//! ```
//!
//! but it cannot name itself the report's reporter (nor staff) to see or do more:
//!
//! ```compile_fail
//! # use aduan_app::reports::viewer::Viewed;
//! # async fn forge(state: &aduan_app::AppState, report: aduan_domain::report::Report) {
//! let me = aduan_domain::actor::Actor::Reporter(report.reporter.clone());
//! let seen = Viewed::new(state, me, report).await.unwrap();
//! # }
//! ```
//!
//! nor put a viewer together from the policy's own parts:
//!
//! ```compile_fail
//! # use aduan_app::reports::viewer::Viewed;
//! # fn forge(report: aduan_domain::report::Report, vis: aduan_domain::visibility::Visibility) {
//! let me = aduan_domain::actor::Actor::Reporter(report.reporter.clone());
//! let seen = Viewed { report, actor: me, vis };
//! # }
//! ```

use crate::AppState;
use crate::auth::{Caller, Via};
use crate::error::{AppError, AppResult};
use crate::facts::{visibility_facts, visibility_facts_of_many};
use aduan_domain::actor::{Actor, Staff};
use aduan_domain::contact::PhoneNumber;
use aduan_domain::report::{Report, ReporterIdentity};
use aduan_domain::visibility::{Visibility, visibility};

/// A report, the viewer the credentials prove, and what the one visibility policy lets them
/// see of it.
#[derive(Debug, Clone)]
pub struct Viewed {
    report: Report,
    actor: Actor,
    vis: Visibility,
    /// The path the viewer came through (for the log of staff looks at identities).
    via: Via,
}

impl Viewed {
    /// The policy's answer for `actor`; only this crate decides who the actor is.
    pub(crate) async fn new(state: &AppState, actor: Actor, report: Report) -> AppResult<Self> {
        let vis = visibility(&actor, &visibility_facts(state, &report).await?);
        Ok(Self {
            report,
            actor,
            vis,
            via: Via::default(),
        })
    }

    /// Each report with the policy's answer for its actor, the facts of all of them read at
    /// once (a list page); only this crate decides who the actors are.
    pub(crate) async fn many(state: &AppState, seen: Vec<(Actor, Report)>) -> AppResult<Vec<Self>> {
        let reports: Vec<Report> = seen.iter().map(|(_, r)| r.clone()).collect();
        let facts = visibility_facts_of_many(state, &reports).await?;
        Ok(seen
            .into_iter()
            .zip(facts)
            .map(|((actor, report), facts)| Self {
                vis: visibility(&actor, &facts),
                report,
                actor,
                via: Via::default(),
            })
            .collect())
    }

    /// `report` as `caller` may see it (an access code in the caller unlocks it as its
    /// reporter; see [`Caller::actor_for`]).
    pub async fn of(state: &AppState, caller: &Caller, report: Report) -> AppResult<Self> {
        let actor = caller.actor_for(state, &report, None).await?;
        Ok(Self::new(state, actor, report).await?.through(caller.via))
    }

    /// This viewer, come through `via`.
    pub(crate) fn through(mut self, via: Via) -> Self {
        self.via = via;
        self
    }

    /// The path the viewer came through.
    pub fn via(&self) -> Via {
        self.via
    }

    /// `report` as the public sees it: the feed, and anyone without credentials.
    pub async fn public(state: &AppState, report: Report) -> AppResult<Self> {
        Self::new(state, Actor::Public, report).await
    }

    /// Reports as the public sees them (a public list page), their facts read at once.
    pub async fn public_many(state: &AppState, reports: Vec<Report>) -> AppResult<Vec<Self>> {
        let seen = reports.into_iter().map(|r| (Actor::Public, r)).collect();
        Self::many(state, seen).await
    }

    /// `report` as the sender of an SMS from `phone` sees it: its reporter when the number is
    /// the one the reporter gave, the public otherwise.
    pub async fn by_phone(
        state: &AppState,
        report: Report,
        phone: &PhoneNumber,
    ) -> AppResult<Self> {
        let given = state.store.get_identity(&report.reporter).await?;
        let theirs = given.and_then(|w| w.phone).as_deref() == Some(phone.as_str());
        let actor = if theirs {
            Actor::Reporter(report.reporter.clone())
        } else {
            Actor::Public
        };
        Self::new(state, actor, report).await
    }

    /// `report` as its reporter when `handle` (`<network>:<id>`, which the chat edge's
    /// network vouched for) is the chat handle the reporter filed it from; as the public
    /// otherwise.
    pub async fn by_chat(state: &AppState, report: Report, handle: &str) -> AppResult<Self> {
        let given = state.store.get_identity(&report.reporter).await?;
        let theirs = given.and_then(|w| w.chat).as_deref() == Some(handle);
        let actor = if theirs {
            Actor::Reporter(report.reporter.clone())
        } else {
            Actor::Public
        };
        Self::new(state, actor, report).await
    }

    /// `report` as its reporter, when `address` (which the e-mail edge found its MTA vouching
    /// for) is the address the reporter gave, with the identity they gave (for the edge to
    /// strip from their words); `None` for anyone else.
    pub async fn by_email(
        state: &AppState,
        report: Report,
        address: &str,
    ) -> AppResult<Option<(Self, ReporterIdentity)>> {
        let given = state.store.get_identity(&report.reporter).await?;
        let Some(given) = given.filter(|w| {
            w.email
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case(address))
        }) else {
            return Ok(None);
        };
        let actor = Actor::Reporter(report.reporter.clone());
        Ok(Some((Self::new(state, actor, report).await?, given)))
    }

    /// The report a partner system filed, as its reporter: the partner acts for the reporter
    /// who came to it. Only the partners' use cases make one, from the stored record of the
    /// partner's own filing (see [`crate::partners::filing`]).
    pub(crate) async fn for_filing_partner(
        state: &AppState,
        filed: aduan_store::PartnerReport,
    ) -> AppResult<Self> {
        let report = state
            .store
            .get_report(&filed.tracking_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let actor = Actor::Reporter(report.reporter.clone());
        Self::new(state, actor, report).await
    }

    /// The report.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// Who looks at it.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// What they may see of it.
    pub fn visibility(&self) -> &Visibility {
        &self.vis
    }

    /// Whether the viewer is the report's reporter.
    pub fn is_reporter(&self) -> bool {
        matches!(self.actor, Actor::Reporter(_))
    }

    /// The viewer as staff, if they are.
    pub fn staff(&self) -> Option<&Staff> {
        match &self.actor {
            Actor::Staff(s) => Some(s),
            _ => None,
        }
    }

    /// The same viewer on the report as it is now (after an action changed it).
    pub async fn refreshed(self, state: &AppState) -> AppResult<Self> {
        let report = state
            .store
            .get_report(&self.report.tracking_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(Self::new(state, self.actor, report)
            .await?
            .through(self.via))
    }
}

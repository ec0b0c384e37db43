//! Report `i` of a run: who writes, about what and where, through which channel, and the
//! history that follows.

use crate::arrival::local_hour;
use crate::ids::{identity, report_rng, tracking_id};
use crate::sim::{Clocks, Plan, Sim};
use crate::text::{Ctx, Handler, Pattern, write_report};
use crate::{GenError, Generator};
use aduan_domain::actor::Actor;
use aduan_domain::lifecycle::decide_submit;
use aduan_domain::report::{Channel, Kind, Location, NewReport, Report};
use aduan_domain::{AgencyId, CategoryId, ReporterId, Role};
use aduan_store::{EventActor, History, HistoryStep};
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use rand::distr::Distribution;

/// Provinces whose regional complaint application pushes reports through the partner API.
const PARTNER_PROVINCES: [&str; 6] = ["31", "32", "33", "35", "36", "73"];

impl Generator {
    /// The category a pattern's reports belong to: its sub-topic, or its topic.
    pub fn category_of(&self, pattern: &Pattern) -> CategoryId {
        let w = &self.world;
        let key = (pattern.topic.clone(), pattern.sub.clone());
        w.category_names
            .get(&key)
            .or_else(|| w.category_names.get(&(pattern.topic.clone(), None)))
            .cloned()
            .unwrap_or_else(|| CategoryId::new(slug::slugify(&pattern.topic)))
    }

    fn pick_pattern(&self, rng: &mut rand::rngs::SmallRng, at: DateTime<Utc>) -> &Pattern {
        let day = aduan_domain::workdays::Zone::Wib.local_date(at);
        // A campaign topic that has not started yet gets no reports; one that has ended still
        // gets reports about its aftermath.
        let open = |p: &Pattern| {
            let cat = self.world.categories.get(&self.category_of(p));
            cat.and_then(|c| c.active_from)
                .is_none_or(|from| from <= day)
        };
        let weights: Vec<f64> = self
            .topics
            .iter()
            .map(|(w, idx)| {
                if idx.iter().any(|&i| open(&self.texts.patterns[i])) {
                    *w
                } else {
                    0.0
                }
            })
            .collect();
        let t = weighted(rng, &weights);
        let idx = &self.topics[t].1;
        let pw: Vec<f64> = idx
            .iter()
            .map(|&i| {
                let p = &self.texts.patterns[i];
                if open(p) { p.weight } else { 0.0 }
            })
            .collect();
        &self.texts.patterns[idx[weighted(rng, &pw)]]
    }

    fn channel(&self, rng: &mut rand::rngs::SmallRng, province: &str, name: &str) -> Channel {
        let table: [(u32, u32); 10] = [
            (0, 420),
            (1, 300),
            (2, 70),
            (3, 40),
            (4, 50),
            (5, 30),
            (6, 20),
            (7, 15),
            (8, 5),
            (9, 50),
        ];
        match crate::sim::pick(rng, &table) {
            1 => Channel::Mobile,
            2 => Channel::Sms,
            3 => Channel::Email,
            4 => Channel::Social,
            5 => Channel::Chat,
            6 => Channel::WalkIn,
            7 => Channel::Phone,
            8 => Channel::Paper,
            9 if PARTNER_PROVINCES.contains(&province) => {
                Channel::Api(format!("aduan-{}", slug::slugify(name)))
            }
            _ => Channel::Web,
        }
    }

    /// Report `index` and its whole history, up to the end of the period.
    pub fn report(&self, index: u64) -> Result<History, GenError> {
        let mut rng = report_rng(self.config.seed, index);
        let at = self.arrivals.at(index, self.config.reports, &mut rng);
        let pattern = self.pick_pattern(&mut rng, at);
        let region = &self.world.regions[self.regions.sample(&mut rng)];
        let handler = match &pattern.handler {
            Handler::Local => region.agency.clone(),
            Handler::Province => region.province.clone(),
            Handler::Agency(a) => a.clone(),
        };
        let channel = self.channel(&mut rng, &region.province_code, &region.place.province_name);
        let category = self.category_of(pattern);
        let cat = self.world.categories.get(&category);
        let sensitive = cat.is_some_and(|c| c.sensitive);
        let anonymous = rng.random_bool(0.15);
        let confidential = sensitive || rng.random_bool(0.05);
        let show_name = !anonymous && rng.random_bool(0.2);
        let written_kind = if rng.random_bool(0.05) {
            [Kind::Complaint, Kind::Aspiration, Kind::InformationRequest][rng.random_range(0..3)]
        } else {
            pattern.kind
        };
        let requested = (!channel.is_free_text() && rng.random_bool(0.45)).then(|| {
            if rng.random_bool(0.85) {
                handler.clone()
            } else {
                self.wrong_agency(&mut rng, &handler, region)
            }
        });
        let today = region.zone.local_date(at);
        let chosen_category = (rng.random_bool(0.7) && cat.is_some_and(|c| c.is_active(today)))
            .then(|| category.clone());
        let plan = Plan::draw(&mut rng, anonymous);
        let identity = (!anonymous || rng.random_bool(0.7))
            .then(|| identity(&mut rng, &self.texts.words, &channel));
        let reporter = ReporterId::generate(&mut rng);
        let mut ctx = Ctx::new(rng, &self.texts.words, &region.place, today);
        let written = write_report(
            &self.texts,
            pattern,
            &mut ctx,
            &channel,
            local_hour(at, region.zone),
            written_kind,
        );
        let free = channel.is_free_text();
        let incident = today - Duration::days(ctx.rng.random_range(0..30));
        let new = NewReport {
            kind: written_kind,
            title: written.title,
            body: written.body,
            incident_date: (!free || ctx.rng.random_bool(0.3)).then_some(incident),
            location: (!free || ctx.rng.random_bool(0.4)).then(|| Location {
                text: written.location,
                region_code: Some(region.code.clone()),
                lat: None,
                lon: None,
            }),
            requested_agency: requested,
            category: chosen_category,
            anonymous,
            confidential,
            // Generated reporters leave confidentiality to the category.
            confidential_choice: None,
            show_name,
            channel: channel.clone(),
        };
        let reporter_actor = EventActor {
            id: reporter.to_string(),
            role: Role::Reporter,
        };
        let (submitter, recorded, on_behalf) = if channel.is_staff_intake() {
            let (a, r) = self.roster.agency_admin(&region.agency, &mut ctx.rng);
            (a, r, true)
        } else {
            (Actor::Public, reporter_actor.clone(), false)
        };
        let submit = decide_submit(&submitter, &new, on_behalf)?;
        let report = Report::submitted(
            tracking_id(self.config.seed, index),
            reporter.clone(),
            new.clone(),
            submit.state.clone(),
            at,
        );
        let sim = Sim {
            g: self,
            ctx,
            pattern,
            region,
            handler,
            reporter,
            reporter_actor,
            anonymous,
            confidential,
            show_name,
            index,
            plan,
            state: submit.state.clone(),
            clocks: Clocks::default(),
            steps: vec![HistoryStep {
                event: submit.event,
                actor: recorded,
                at: report.submitted_at,
                state: submit.state,
            }],
            intents: Default::default(),
            end: self.end,
            follow_ups: 0,
            rounds: 0,
        };
        let steps = sim.run();
        let limits = aduan_domain::sla::SlaLimits::default();
        let zone_of = |a: &aduan_domain::AgencyId| self.world.zone_of(Some(a));
        let ctx = aduan_domain::sla::SlaContext {
            calendar: &self.world.calendar,
            limits: &limits,
            zone_of: &zone_of,
        };
        let clocks = aduan_store::derive_clocks(&steps, &ctx);
        Ok(History {
            report,
            identity,
            steps,
            clocks,
        })
    }

    /// An agency a confused reporter might pick instead of `right`.
    fn wrong_agency(
        &self,
        rng: &mut rand::rngs::SmallRng,
        right: &AgencyId,
        region: &crate::world::Region,
    ) -> AgencyId {
        let options = [
            region.agency.clone(),
            region.province.clone(),
            AgencyId::new("kementerian-dalam-negeri"),
            AgencyId::new("kementerian-pendayagunaan-aparatur-negara-dan-reformasi-birokrasi"),
        ];
        let wrong: Vec<&AgencyId> = options
            .iter()
            .filter(|a| *a != right && self.world.agencies.contains_key(*a))
            .collect();
        match wrong.len() {
            0 => right.clone(),
            n => wrong[rng.random_range(0..n)].clone(),
        }
    }
}

/// An index drawn with the given weights (the first if all are zero).
fn weighted(rng: &mut rand::rngs::SmallRng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return 0;
    }
    let mut x = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
}

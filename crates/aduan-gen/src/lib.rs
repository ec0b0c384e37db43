//! Aduan's realistic data generator.
//!
//! [`Generator`] writes Indonesian citizens' reports the way they write them — greetings,
//! informal turns, the odd typo, places from the directory and invented streets, schools and
//! clinics — skewed across regions, agencies, topics and channels as real traffic is, and takes
//! each through its lifecycle with the domain's own transition function
//! ([`aduan_domain::lifecycle::decide`]): staff act in office hours on working days, citizens
//! whenever they like, and the system escalates and auto-closes when the working-day clocks
//! say so. Every status, completion kind and escalation level appears.
//!
//! Output is a [`aduan_store::History`] per report, ready for
//! [`aduan_store::BulkStore::insert_histories`]. A run is deterministic: report `i` depends
//! only on the seed, the period and `i` (no system time, no hash-map order), so the same
//! seed and dates always give the same data, in any batch size.
//!
//! Everything personal is synthetic: names are random combinations of common given and family
//! names, e-mail addresses use the reserved `example.*` domains, phone numbers the unallocated
//! `+62 800` range, and every NIK starts with `99`, a province code that does not exist.
//! Numbers quoted in texts (NIK, KK, BPJS, customer ids) are always partly masked.

mod arrival;
pub mod export;
mod generator;
pub mod ids;
pub mod replay;
mod roster;
pub mod sim;
mod stats;
pub mod text;
pub mod world;

pub use replay::{ReplayError, replay, replay_events};
pub use roster::Roster;
pub use stats::Totals;
pub use text::Texts;
pub use world::World;

use aduan_domain::lifecycle::TransitionError;
use aduan_store::History;
use arrival::Arrivals;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rand::distr::weighted::WeightedIndex;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenConfig {
    /// How many reports.
    pub reports: u64,
    /// The seed; the same seed and dates give the same data.
    pub seed: u64,
    /// The last day (WIB) on which anything happens.
    pub until: NaiveDate,
    /// The first day reports arrive; by default about 1,100 reports a day (the national
    /// service's volume), at least 120 days before `until`.
    pub since: Option<NaiveDate>,
}

impl GenConfig {
    /// The first day reports arrive.
    pub fn first_day(&self) -> NaiveDate {
        self.since.unwrap_or_else(|| {
            let days = (self.reports / 1_100).max(120);
            self.until - Duration::days(i64::try_from(days).unwrap_or(120))
        })
    }
}

/// Why the generator cannot start or a report cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum GenError {
    /// The directory lacks something.
    #[error(transparent)]
    World(#[from] world::WorldError),
    /// A template file is broken.
    #[error("templates: {0}")]
    Templates(String),
    /// The configuration is unusable.
    #[error("{0}")]
    Config(String),
    /// The transition table refused a submission (a generator bug).
    #[error("submission refused: {0}")]
    Refused(#[from] TransitionError),
}

/// The generator of one run.
#[derive(Debug)]
pub struct Generator {
    /// The directory.
    pub world: World,
    /// The texts.
    pub texts: Texts,
    /// The staff.
    pub roster: Roster,
    /// What to generate.
    pub config: GenConfig,
    arrivals: Arrivals,
    end: DateTime<Utc>,
    regions: WeightedIndex<f64>,
    /// Topic weight and the indexes of its patterns, in file order.
    topics: Vec<(f64, Vec<usize>)>,
}

impl Generator {
    /// A generator over `world`; checks that every pattern names a known topic and agency.
    pub fn new(world: World, config: GenConfig) -> Result<Generator, GenError> {
        let texts = Texts::shipped().map_err(GenError::Templates)?;
        if config.first_day() > config.until {
            return Err(GenError::Config("the period ends before it starts".into()));
        }
        let mut topics: Vec<(String, f64, Vec<usize>)> = Vec::new();
        for (i, p) in texts.patterns.iter().enumerate() {
            if !world.category_names.contains_key(&(p.topic.clone(), None)) {
                return Err(GenError::Templates(format!("unknown topic {}", p.topic)));
            }
            if let text::Handler::Agency(a) = &p.handler
                && !world.agencies.contains_key(a)
            {
                return Err(GenError::Templates(format!("unknown agency {a}")));
            }
            match topics.iter_mut().find(|(t, _, _)| *t == p.topic) {
                Some((_, _, idx)) => idx.push(i),
                None => topics.push((p.topic.clone(), world::topic_weight(&p.topic), vec![i])),
            }
        }
        let regions = WeightedIndex::new(world.regions.iter().map(|r| r.weight))
            .map_err(|e| GenError::Config(format!("region weights: {e}")))?;
        let end_local = config
            .until
            .and_hms_micro_opt(23, 59, 59, 999_999)
            .unwrap_or_default();
        let end = aduan_domain::workdays::Zone::Wib
            .tz()
            .from_local_datetime(&end_local)
            .earliest()
            .map_or_else(
                || Utc.from_utc_datetime(&end_local),
                |t| t.with_timezone(&Utc),
            );
        Ok(Generator {
            arrivals: Arrivals::new(config.first_day(), config.until, &world.calendar),
            roster: Roster::new(&world),
            texts,
            world,
            config,
            end,
            regions,
            topics: topics.into_iter().map(|(_, w, idx)| (w, idx)).collect(),
        })
    }

    /// The names of the topics that have patterns, in file order.
    pub fn topic_names(&self) -> Vec<&str> {
        self.topics
            .iter()
            .map(|(_, idx)| self.texts.patterns[idx[0]].topic.as_str())
            .collect()
    }

    /// Reports `range`, in order.
    pub fn reports(&self, range: std::ops::Range<u64>) -> Result<Vec<History>, GenError> {
        range.map(|i| self.report(i)).collect()
    }
}

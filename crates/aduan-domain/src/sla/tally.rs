//! The figures' running counts: what each stopped limit clock adds to them, for good.
//!
//! A stopped clock's place in the figures never changes with time: it kept its limit or missed
//! it, the party stopped it after so many working days, the completion it ended in was confirmed,
//! closed by the agency or auto-closed. The store keeps those places counted, per responsible
//! party, unit, phase, day the phase started (WIB) and place, updated in the same transaction
//! that rewrites a report's clocks. The figures then read counts instead of clocks; only the
//! open clocks past their deadline are counted live (they become misses by time alone).
//!
//! The counts are kept at three grains, so any period is a few index ranges: all time, each
//! month and each day of the phase's start.

use crate::ids::UnitId;
use crate::lifecycle::ActionKind;
use crate::sla::{Clock, Phase};
use crate::status::CompletionKind;
use crate::text_enum;
use crate::workdays::{WorkCalendar, Zone};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

text_enum!(
    /// How a stopped limit clock counts.
    Outcome {
        /// Stopped by the party at or before the deadline.
        Within => "within",
        /// Stopped after the deadline, or breached before a pause.
        Missed => "missed",
        /// Ended by the system's auto-close before the deadline, the party never having
        /// stopped it: neither within nor missed.
        EndedBeforeDue => "ended_before_due",
    }
);

text_enum!(
    /// The period a count covers.
    Grain {
        /// Every phase, whenever it started.
        All => "all",
        /// Phases started in one month (`YYYY-MM`, WIB).
        Month => "month",
        /// Phases started on one day (`YYYY-MM-DD`, WIB).
        Day => "day",
    }
);

/// Where one stopped limit clock counts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    /// The party charged.
    pub responsible: String,
    /// The unit holding the report while the clock ran, if any.
    pub unit: Option<UnitId>,
    /// The phase.
    pub phase: Phase,
    /// The day the phase started, WIB (the day the figures' periods filter on).
    pub day: NaiveDate,
    /// How it counts.
    pub outcome: Outcome,
    /// For a completion clock: how the completion stands.
    pub completion: Option<CompletionKind>,
    /// Whole working days from start to stop, when the party itself stopped it.
    pub days: Option<i64>,
}

/// One stored count: a place summed over a period, at a grain, for a party or one of its units.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TallyKey {
    /// The grain.
    pub grain: Grain,
    /// `""` for all time, `YYYY-MM` or `YYYY-MM-DD`.
    pub period: String,
    /// The party charged.
    pub responsible: String,
    /// `""` for every unit of the party (and none), or one unit.
    pub unit: String,
    /// The phase.
    pub phase: Phase,
    /// How it counts.
    pub outcome: Outcome,
    /// The completion kind, if any.
    pub completion: Option<CompletionKind>,
    /// Working days, if counted.
    pub days: Option<i64>,
}

/// Where a clock counts for good: `None` while it runs (an open clock past its deadline is
/// counted live), for windows and timers, and for a verification the reporter withdrew before
/// its deadline (it counts nowhere). The same rules as [`crate::sla::figures::Figures::add`].
pub fn place(clock: &Clock, cal: &WorkCalendar) -> Option<Place> {
    let stop = clock.stopped_at?;
    if !clock.phase.is_limit() {
        return None;
    }
    // A stopped clock's breach does not depend on the moment it is read.
    let breached = clock.is_breached(stop);
    if clock.stopped_by == Some(ActionKind::Withdraw) && !breached {
        return None;
    }
    let ended_by_other = matches!(
        clock.stopped_by,
        Some(ActionKind::Withdraw | ActionKind::AutoClose)
    );
    let outcome = match (breached, ended_by_other) {
        (true, _) => Outcome::Missed,
        (false, true) => Outcome::EndedBeforeDue,
        (false, false) => Outcome::Within,
    };
    let days = (!ended_by_other).then(|| {
        cal.working_days_between(
            clock.zone.local_date(clock.started_at),
            clock.zone.local_date(stop),
        )
        .max(0)
    });
    Some(Place {
        responsible: clock.responsible.clone(),
        unit: clock.unit.clone(),
        phase: clock.phase,
        day: Zone::Wib.local_date(clock.started_at),
        outcome,
        completion: clock.completion,
        days,
    })
}

impl Place {
    /// The stored counts this place adds one to: all time, its month and its day, each for the
    /// party and, when a unit held the report, for the unit.
    pub fn keys(&self) -> impl Iterator<Item = TallyKey> + '_ {
        let periods = [
            (Grain::All, String::new()),
            (Grain::Month, month_key(self.day)),
            (Grain::Day, self.day.format("%Y-%m-%d").to_string()),
        ];
        let units: Vec<String> = std::iter::once(String::new())
            .chain(self.unit.as_ref().map(|u| u.as_str().to_owned()))
            .collect();
        periods.into_iter().flat_map(move |(grain, period)| {
            units.clone().into_iter().map(move |unit| TallyKey {
                grain,
                period: period.clone(),
                responsible: self.responsible.clone(),
                unit,
                phase: self.phase,
                outcome: self.outcome,
                completion: self.completion,
                days: self.days,
            })
        })
    }
}

/// The change to the stored counts when a report's clocks go from `before` to `after`: ordered
/// (so concurrent writers take row locks in one order) and without zero changes.
pub fn delta(before: &[Clock], after: &[Clock], cal: &WorkCalendar) -> Vec<(TallyKey, i64)> {
    let mut sum: BTreeMap<TallyKey, i64> = BTreeMap::new();
    for (clocks, sign) in [(before, -1), (after, 1)] {
        for p in clocks.iter().filter_map(|c| place(c, cal)) {
            for k in p.keys() {
                *sum.entry(k).or_default() += sign;
            }
        }
    }
    sum.into_iter().filter(|(_, n)| *n != 0).collect()
}

/// `YYYY-MM` of a day.
pub fn month_key(day: NaiveDate) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

/// A range of stored periods at one grain: `lo <= period < hi` (text order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The grain.
    pub grain: Grain,
    /// First period (inclusive).
    pub lo: String,
    /// End (exclusive).
    pub hi: String,
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn next_month(d: NaiveDate) -> NaiveDate {
    first_of_month(d)
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(NaiveDate::MAX)
}

fn days(lo: NaiveDate, hi: NaiveDate) -> Span {
    Span {
        grain: Grain::Day,
        lo: lo.format("%Y-%m-%d").to_string(),
        hi: hi.format("%Y-%m-%d").to_string(),
    }
}

/// The spans that cover phases started on days `from <= day < until` (either end open): all
/// time when both are open; whole months from the month counts and the ragged ends from the day
/// counts otherwise. Empty when the range is.
pub fn spans(from: Option<NaiveDate>, until: Option<NaiveDate>) -> Vec<Span> {
    if from.is_none() && until.is_none() {
        return vec![Span {
            grain: Grain::All,
            lo: String::new(),
            hi: "~".into(),
        }];
    }
    if let (Some(f), Some(u)) = (from, until)
        && f >= u
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    // The first whole month: the month of `from` if it starts on the 1st, else the next.
    let months_lo = match from {
        Some(f) if f.day() == 1 => Some(f),
        Some(f) => {
            let end = next_month(f);
            match until {
                Some(u) if u <= end => return vec![days(f, u)],
                _ => out.push(days(f, end)),
            }
            Some(end)
        }
        None => None,
    };
    // The end of the whole months: the month of `until`, whose own days are counted apart.
    let months_hi = until.map(first_of_month);
    let lo = months_lo.map(month_key).unwrap_or_default();
    let hi = months_hi.map(month_key).unwrap_or_else(|| "~".into());
    if lo < hi {
        out.push(Span {
            grain: Grain::Month,
            lo,
            hi,
        });
    }
    if let Some(u) = until
        && u.day() != 1
    {
        let start = first_of_month(u).max(months_lo.unwrap_or(NaiveDate::MIN));
        out.push(days(start, u));
    }
    out
}

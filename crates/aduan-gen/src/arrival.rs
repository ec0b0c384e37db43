//! When reports arrive: more on weekdays than at weekends, most in office hours, fewer on
//! holidays, slowly growing over the period. Report `i` of `n` gets the time at quantile
//! `(i + u) / n` of that intensity, so arrivals are in order and each report's time depends
//! only on its own index and random source.

use aduan_domain::workdays::{WorkCalendar, Zone};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc};
use rand::Rng;
use rand::rngs::SmallRng;

/// The cumulative arrival intensity, hour by hour (WIB), over a period.
#[derive(Debug, Clone)]
pub struct Arrivals {
    start: DateTime<Utc>,
    cumulative: Vec<f64>,
}

/// Relative arrivals per hour of the day (WIB).
const HOURS: [f64; 24] = [
    0.15, 0.1, 0.08, 0.08, 0.12, 0.25, 0.45, 0.8, 1.5, 1.7, 1.7, 1.5, 1.1, 1.4, 1.5, 1.3, 1.0, 0.8,
    0.75, 0.9, 0.95, 0.85, 0.55, 0.3,
];

impl Arrivals {
    /// The intensity from the start of `since` to the end of `until` (both WIB dates).
    pub fn new(since: NaiveDate, until: NaiveDate, calendar: &WorkCalendar) -> Arrivals {
        let tz = Zone::Wib.tz();
        let start = tz
            .from_local_datetime(&since.and_hms_opt(0, 0, 0).unwrap_or_default())
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        let days = (until - since).num_days().max(0) + 1;
        let mut cumulative = Vec::with_capacity(days as usize * 24);
        let mut total = 0.0;
        for d in 0..days {
            let date = since + Duration::days(d);
            let weekday = [1.25, 1.15, 1.1, 1.05, 0.95, 0.5, 0.45]
                [date.weekday().num_days_from_monday() as usize];
            let holiday =
                if date.weekday().num_days_from_monday() < 5 && !calendar.is_working_day(date) {
                    0.5
                } else {
                    1.0
                };
            let growth = 1.0 + 0.3 * d as f64 / days as f64;
            for h in HOURS {
                total += weekday * holiday * growth * h;
                cumulative.push(total);
            }
        }
        Arrivals { start, cumulative }
    }

    /// The arrival time of report `index` of `count`.
    pub fn at(&self, index: u64, count: u64, rng: &mut SmallRng) -> DateTime<Utc> {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let q = (index as f64 + rng.random::<f64>()) / count.max(1) as f64 * total;
        let bin = self.cumulative.partition_point(|&c| c < q);
        let bin = bin.min(self.cumulative.len().saturating_sub(1));
        let micros = rng.random_range(0..3_600_000_000i64);
        let t = self.start + Duration::hours(bin as i64) + Duration::microseconds(micros);
        aduan_domain::time::to_micros(t)
    }
}

/// The local hour of `at` in `zone`.
pub fn local_hour(at: DateTime<Utc>, zone: Zone) -> u32 {
    at.with_timezone(&zone.tz()).hour()
}

//! When people act: staff in office hours on working days, citizens at waking hours any day.

use aduan_domain::workdays::{WorkCalendar, Zone};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rand::Rng;
use rand::rngs::SmallRng;

fn local(zone: Zone, date: NaiveDate, minutes: i64) -> DateTime<Utc> {
    let naive = date.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(minutes);
    zone.tz()
        .from_local_datetime(&naive)
        .earliest()
        .map_or_else(|| Utc.from_utc_datetime(&naive), |t| t.with_timezone(&Utc))
}

fn jitter(rng: &mut SmallRng) -> Duration {
    Duration::seconds(rng.random_range(0..60))
        + Duration::microseconds(rng.random_range(0..1_000_000))
}

/// A moment in office hours (08:00–16:00 local, more in the morning) on the `workdays`-th
/// working day after `from`'s local date (0: the same day if still possible), after `from`.
pub fn office_time(
    cal: &WorkCalendar,
    zone: Zone,
    from: DateTime<Utc>,
    workdays: u32,
    rng: &mut SmallRng,
) -> DateTime<Utc> {
    let mut date = cal.add_working_days(zone.local_date(from), workdays);
    if !cal.is_working_day(date) {
        date = cal.add_working_days(date, 1);
    }
    for _ in 0..3 {
        let minutes = 8 * 60 + rng.random_range(0..480).min(rng.random_range(0..480));
        let t = local(zone, date, minutes) + jitter(rng);
        if t > from {
            return t;
        }
        date = cal.add_working_days(date, 1);
    }
    from + Duration::hours(1) + jitter(rng)
}

/// A moment `days` calendar days after `from`, at a waking hour (06:00–23:00 local, most in
/// the evening), after `from`.
pub fn citizen_time(
    zone: Zone,
    from: DateTime<Utc>,
    days: u32,
    rng: &mut SmallRng,
) -> DateTime<Utc> {
    let date = zone.local_date(from) + Duration::days(i64::from(days));
    let hour = [6, 7, 8, 9, 10, 12, 13, 16, 19, 19, 20, 20, 21, 21, 22][rng.random_range(0..15)];
    let t = local(zone, date, hour * 60 + rng.random_range(0..60)) + jitter(rng);
    if t > from {
        t
    } else {
        from + Duration::minutes(rng.random_range(5..180)) + jitter(rng)
    }
}

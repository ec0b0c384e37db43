//! Working-day arithmetic for the time limits of docs/domain.md §3.
//!
//! Indonesian working days skip Saturday, Sunday, national holidays and cuti bersama; the
//! holidays come from an editable [`WorkCalendar`]. The first working day after a start is
//! day 1, and a limit of N days ends at the end of day N in the responsible party's local
//! [`Zone`]. Everything here is pure: instants are passed in, never read from a clock.

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Bound::{Excluded, Included};
use std::str::FromStr;

use chrono::offset::LocalResult;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The non-working dates other than weekends: national holidays and cuti bersama.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    days: BTreeSet<NaiveDate>,
}

impl WorkCalendar {
    /// A calendar with the given non-working dates (weekend dates may be listed; they are
    /// non-working anyway).
    pub fn new(days: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self {
            days: days.into_iter().collect(),
        }
    }

    /// The listed non-working dates, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.days.iter().copied()
    }

    /// Whether `date` is a working day: a weekday that is not listed.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        is_weekday(date) && !self.days.contains(&date)
    }

    /// Whether at least one non-working date is listed in `year` (a year with none is almost
    /// certainly missing data).
    pub fn covers_year(&self, year: i32) -> bool {
        match (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) {
            (Some(first), Some(last)) => self.days.range(first..=last).next().is_some(),
            _ => false,
        }
    }

    /// The date of working day `n`, where the first working day after `start` is day 1;
    /// `n = 0` returns `start` itself. Saturates at the last date chrono can represent.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        // Jump over `remaining` weekdays, then again over the holidays the jump crossed, until
        // a jump crosses none. Each landing is a weekday, and the last one is not a holiday.
        let mut date = start;
        let mut remaining = i64::from(n);
        while remaining > 0 {
            let target = add_weekdays(date, remaining);
            remaining = self.weekday_holidays_in(date, target);
            date = target;
        }
        date
    }

    /// The number of working days `d` with `from < d <= to`; 0 for the same day, and the
    /// mirrored negative count when `to < from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        weekday_ordinal(to) - weekday_ordinal(from) - self.weekday_holidays_in(from, to)
    }

    /// Listed dates `d` with `from < d <= to` that fall on a weekday.
    fn weekday_holidays_in(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to <= from {
            return 0;
        }
        let count = self
            .days
            .range((Excluded(from), Included(to)))
            .filter(|d| is_weekday(**d))
            .count();
        i64::try_from(count).unwrap_or(i64::MAX)
    }
}

fn is_weekday(date: NaiveDate) -> bool {
    date.weekday().num_days_from_monday() < 5
}

/// Days since Monday 0001-01-01 (day 0), proleptic Gregorian.
fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - 1
}

/// The number of weekdays from a fixed Monday up to and including `date` (offset so that it
/// only ever matters as a difference).
fn weekday_ordinal(date: NaiveDate) -> i64 {
    let t = day_number(date) + 1; // days in [day 0, date]
    5 * t.div_euclid(7) + t.rem_euclid(7).min(5)
}

/// The `k`-th weekday after `date` (k >= 1), saturating at the representable range.
fn add_weekdays(date: NaiveDate, k: i64) -> NaiveDate {
    let target = weekday_ordinal(date).saturating_add(k); // the ordinal we land on
    let t = 7 * (target - 1).div_euclid(5) + (target - 1).rem_euclid(5);
    i32::try_from(t + 1)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(NaiveDate::MAX)
}

/// An Indonesian time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Zone {
    /// Waktu Indonesia Barat, Asia/Jakarta, UTC+7.
    Wib,
    /// Waktu Indonesia Tengah, Asia/Makassar, UTC+8.
    Wita,
    /// Waktu Indonesia Timur, Asia/Jayapura, UTC+9.
    Wit,
}

impl Zone {
    /// The IANA time zone.
    pub fn tz(&self) -> chrono_tz::Tz {
        match self {
            Self::Wib => chrono_tz::Asia::Jakarta,
            Self::Wita => chrono_tz::Asia::Makassar,
            Self::Wit => chrono_tz::Asia::Jayapura,
        }
    }

    /// The short code: `WIB`, `WITA` or `WIT`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Wib => "WIB",
            Self::Wita => "WITA",
            Self::Wit => "WIT",
        }
    }

    /// The local date of `instant` in this zone.
    pub fn local_date(&self, instant: DateTime<Utc>) -> NaiveDate {
        instant.with_timezone(&self.tz()).date_naive()
    }
}

/// A string that names no Indonesian time zone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown time zone {0:?} (expected WIB, WITA or WIT)")]
pub struct UnknownZone(pub String);

impl FromStr for Zone {
    type Err = UnknownZone;

    /// Accepts the short codes and the IANA names (Asia/Pontianak is WIB too), ignoring case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "wib" | "asia/jakarta" | "asia/pontianak" => Ok(Self::Wib),
            "wita" | "asia/makassar" => Ok(Self::Wita),
            "wit" | "asia/jayapura" => Ok(Self::Wit),
            _ => Err(UnknownZone(s.to_owned())),
        }
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Zone {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The last representable instant of a day, 23:59:59.999999.
const END_OF_DAY: NaiveTime = match NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999) {
    Some(t) => t,
    None => panic!("23:59:59.999999 is a valid time"),
};

/// A local wall-clock time in `tz` as a UTC instant (the later one if ambiguous).
fn local_to_utc(tz: chrono_tz::Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(_, t) => t.with_timezone(&Utc),
        // A skipped wall-clock time (historical offset change): use the offset in force.
        LocalResult::None => {
            let offset = tz.offset_from_utc_datetime(&local).fix();
            let utc = local.checked_sub_offset(offset).unwrap_or(local);
            Utc.from_utc_datetime(&utc)
        }
    }
}

/// The deadline of a clock started at `start` with a limit of `limit` working days: the end
/// (23:59:59.999999 local) of working day `limit` in `zone`, where `start`'s local date is
/// day 0.
pub fn deadline(cal: &WorkCalendar, zone: Zone, start: DateTime<Utc>, limit: u32) -> DateTime<Utc> {
    let day = cal.add_working_days(zone.local_date(start), limit);
    local_to_utc(zone.tz(), day.and_time(END_OF_DAY))
}

/// Whether a phase that stopped at `stopped` met its deadline `due` (at or before).
pub fn within_limit(due: DateTime<Utc>, stopped: DateTime<Utc>) -> bool {
    stopped <= due
}

/// Whole working days from `start` to `stop`, counted on local dates in `zone` (same day = 0).
pub fn working_days_elapsed(
    cal: &WorkCalendar,
    zone: Zone,
    start: DateTime<Utc>,
    stop: DateTime<Utc>,
) -> i64 {
    cal.working_days_between(zone.local_date(start), zone.local_date(stop))
}

/// Working days left until `due` as seen at `now`: counts down to 0 on the due day; once
/// breached (`now > due`) it is negative, -1 at least, then minus the working days since.
pub fn working_days_left(
    cal: &WorkCalendar,
    zone: Zone,
    now: DateTime<Utc>,
    due: DateTime<Utc>,
) -> i64 {
    let (today, due_day) = (zone.local_date(now), zone.local_date(due));
    if now <= due {
        cal.working_days_between(today, due_day)
    } else {
        -cal.working_days_between(due_day, today).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// Libur nasional and cuti bersama 2026 (SKB 3 Menteri), from shared/data/id-holidays.csv.
    fn cal_2026() -> WorkCalendar {
        const DAYS: &str = "01-01 01-16 02-16 02-17 03-18 03-19 03-20 03-21 03-22 03-23 03-24 \
            04-03 04-05 05-01 05-14 05-15 05-27 05-28 05-31 06-01 06-16 08-17 08-25 12-24 12-25";
        let cal =
            WorkCalendar::new(DAYS.split_whitespace().filter_map(|md| {
                NaiveDate::parse_from_str(&format!("2026-{md}"), "%Y-%m-%d").ok()
            }));
        assert_eq!(cal.days().count(), 25);
        cal
    }

    /// Day-by-day reference implementation for the property tests.
    fn naive_add(cal: &WorkCalendar, start: NaiveDate, n: u32) -> NaiveDate {
        let (mut date, mut left) = (start, n);
        while left > 0 {
            date = date.succ_opt().unwrap_or(NaiveDate::MAX);
            if cal.is_working_day(date) {
                left -= 1;
            }
        }
        date
    }

    #[test]
    fn weekends_and_listed_days_are_not_working_days() {
        let cal = cal_2026();
        assert!(cal.is_working_day(d(2026, 3, 6))); // Friday
        assert!(!cal.is_working_day(d(2026, 3, 7))); // Saturday
        assert!(!cal.is_working_day(d(2026, 3, 8))); // Sunday
        assert!(!cal.is_working_day(d(2026, 8, 17))); // Monday, Proklamasi
        assert!(!cal.is_working_day(d(2026, 3, 23))); // Monday, cuti bersama Idulfitri
    }

    #[test]
    fn covers_year_reports_whether_any_holiday_is_listed() {
        let cal = cal_2026();
        assert!(cal.covers_year(2026));
        assert!(!cal.covers_year(2025));
        assert!(!cal.covers_year(2027));
        assert!(!WorkCalendar::default().covers_year(2026));
    }

    #[test]
    fn a_friday_submission_with_limit_3_lands_on_wednesday() {
        let cal = cal_2026();
        assert_eq!(cal.add_working_days(d(2026, 3, 6), 3), d(2026, 3, 11));
        // Friday 10:00 WIB; the deadline is the end of Wednesday in Jakarta.
        let due = deadline(&cal, Zone::Wib, at("2026-03-06T03:00:00Z"), 3);
        assert_eq!(due, at("2026-03-11T16:59:59.999999Z"));
    }

    #[test]
    fn day_zero_is_the_start_itself() {
        let cal = cal_2026();
        assert_eq!(cal.add_working_days(d(2026, 3, 7), 0), d(2026, 3, 7));
        assert_eq!(cal.add_working_days(d(2026, 3, 7), 1), d(2026, 3, 9));
    }

    #[test]
    fn a_holiday_in_between_pushes_the_deadline_a_day() {
        let cal = cal_2026();
        let plain = WorkCalendar::default();
        // Friday 12 June; Tuesday 16 June is 1 Muharam.
        assert_eq!(plain.add_working_days(d(2026, 6, 12), 3), d(2026, 6, 17));
        assert_eq!(cal.add_working_days(d(2026, 6, 12), 3), d(2026, 6, 18));
        // Wednesday 23 December: the 24th (cuti bersama) and 25th (Christmas) are skipped.
        assert_eq!(cal.add_working_days(d(2026, 12, 23), 1), d(2026, 12, 28));
    }

    #[test]
    fn the_idul_fitri_break_is_skipped_as_a_whole() {
        let cal = cal_2026();
        // Tuesday 17 March; 18 March to 24 March are all off.
        assert_eq!(cal.add_working_days(d(2026, 3, 17), 1), d(2026, 3, 25));
        assert_eq!(cal.add_working_days(d(2026, 3, 17), 3), d(2026, 3, 27));
        assert_eq!(cal.working_days_between(d(2026, 3, 17), d(2026, 3, 24)), 0);
        assert_eq!(cal.working_days_between(d(2026, 3, 13), d(2026, 3, 27)), 5);
    }

    #[test]
    fn working_days_between_counts_after_from_up_to_to_and_mirrors() {
        let cal = cal_2026();
        assert_eq!(cal.working_days_between(d(2026, 3, 6), d(2026, 3, 6)), 0);
        assert_eq!(cal.working_days_between(d(2026, 3, 6), d(2026, 3, 8)), 0);
        assert_eq!(cal.working_days_between(d(2026, 3, 6), d(2026, 3, 9)), 1);
        assert_eq!(cal.working_days_between(d(2026, 3, 6), d(2026, 3, 11)), 3);
        assert_eq!(cal.working_days_between(d(2026, 3, 11), d(2026, 3, 6)), -3);
    }

    #[test]
    fn the_same_instant_near_midnight_utc_is_a_different_local_day_per_zone() {
        let cal = cal_2026();
        let start = at("2026-03-02T16:30:00Z"); // Mon 23:30 WIB, Tue 00:30 WITA, Tue 01:30 WIT
        assert_eq!(Zone::Wib.local_date(start), d(2026, 3, 2));
        assert_eq!(Zone::Wita.local_date(start), d(2026, 3, 3));
        assert_eq!(Zone::Wit.local_date(start), d(2026, 3, 3));
        assert_eq!(
            deadline(&cal, Zone::Wib, start, 1),
            at("2026-03-03T16:59:59.999999Z")
        );
        assert_eq!(
            deadline(&cal, Zone::Wita, start, 1),
            at("2026-03-04T15:59:59.999999Z")
        );
        assert_eq!(
            deadline(&cal, Zone::Wit, start, 1),
            at("2026-03-04T14:59:59.999999Z")
        );
        let stop = at("2026-03-03T02:00:00Z"); // Tuesday everywhere
        assert_eq!(working_days_elapsed(&cal, Zone::Wib, start, stop), 1);
        assert_eq!(working_days_elapsed(&cal, Zone::Wit, start, stop), 0);
    }

    #[test]
    fn a_phase_stopped_exactly_at_the_deadline_is_within_limit() {
        let due = at("2026-03-11T16:59:59.999999Z");
        assert!(within_limit(due, due));
        assert!(within_limit(due, at("2026-03-06T03:00:00Z")));
        assert!(!within_limit(due, at("2026-03-11T17:00:00Z")));
    }

    #[test]
    fn working_days_left_counts_down_to_zero_then_goes_negative() {
        let cal = cal_2026();
        let due = deadline(&cal, Zone::Wib, at("2026-03-06T03:00:00Z"), 3); // Wed 11 March
        let left = |now: &str| working_days_left(&cal, Zone::Wib, at(now), due);
        assert_eq!(left("2026-03-06T03:00:00Z"), 3); // Fri
        assert_eq!(left("2026-03-08T10:00:00Z"), 3); // Sun
        assert_eq!(left("2026-03-09T10:00:00Z"), 2); // Mon
        assert_eq!(left("2026-03-10T10:00:00Z"), 1); // Tue
        assert_eq!(left("2026-03-10T17:00:00Z"), 0); // Wed 00:00 WIB
        assert_eq!(left("2026-03-11T16:59:59.999999Z"), 0); // the last instant
        assert_eq!(left("2026-03-11T17:00:00Z"), -1); // Thu 00:00 WIB
        assert_eq!(left("2026-03-13T05:00:00Z"), -2); // Fri
    }

    #[test]
    fn a_friday_breach_stays_at_minus_one_over_the_weekend() {
        let cal = cal_2026();
        let due = deadline(&cal, Zone::Wib, at("2026-03-03T03:00:00Z"), 3);
        assert_eq!(due, at("2026-03-06T16:59:59.999999Z")); // end of Friday
        let left = |now: &str| working_days_left(&cal, Zone::Wib, at(now), due);
        assert_eq!(left("2026-03-07T02:00:00Z"), -1); // Sat
        assert_eq!(left("2026-03-08T02:00:00Z"), -1); // Sun
        assert_eq!(left("2026-03-09T02:00:00Z"), -1); // Mon
        assert_eq!(left("2026-03-10T02:00:00Z"), -2); // Tue
    }

    #[test]
    fn zones_parse_from_codes_and_iana_names_and_serialize_as_codes() {
        for (text, zone) in [
            ("WIB", Zone::Wib),
            ("wita", Zone::Wita),
            ("Wit", Zone::Wit),
            ("Asia/Jakarta", Zone::Wib),
            ("Asia/Makassar", Zone::Wita),
            ("asia/jayapura", Zone::Wit),
        ] {
            assert_eq!(text.parse::<Zone>(), Ok(zone), "{text}");
        }
        assert_eq!("UTC".parse::<Zone>(), Err(UnknownZone("UTC".to_owned())));
        assert_eq!(Zone::Wita.to_string(), "WITA");
        assert_eq!(Zone::Wit.tz(), chrono_tz::Asia::Jayapura);
        assert_eq!(
            serde_json::to_string(&Zone::Wit).ok().as_deref(),
            Some("\"WIT\"")
        );
        assert_eq!(
            serde_json::from_str::<Zone>("\"wita\"").ok(),
            Some(Zone::Wita)
        );
        assert!(serde_json::from_str::<Zone>("\"CET\"").is_err());
    }

    fn any_calendar() -> impl Strategy<Value = WorkCalendar> {
        prop::collection::vec(0i64..1200, 0..80).prop_map(|offsets| {
            WorkCalendar::new(
                offsets
                    .into_iter()
                    .map(|o| d(2025, 1, 1) + chrono::Days::new(o as u64)),
            )
        })
    }

    proptest! {
        #[test]
        fn adding_n_working_days_lands_on_a_working_day_n_days_on(
            cal in any_calendar(),
            offset in 0u64..1000,
            n in 0u32..300,
        ) {
            let start = d(2025, 1, 1) + chrono::Days::new(offset);
            let end = cal.add_working_days(start, n);
            prop_assert_eq!(end, naive_add(&cal, start, n));
            if n >= 1 {
                prop_assert!(cal.is_working_day(end));
            }
            prop_assert_eq!(cal.working_days_between(start, end), i64::from(n));
            prop_assert_eq!(cal.working_days_between(end, start), -i64::from(n));
        }
    }
}

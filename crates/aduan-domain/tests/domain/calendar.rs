//! Deadlines on the real calendar shipped in data/holidays.csv (the SKB 3 Menteri dates):
//! across the Idul Fitri break of 2026, across a weekend, and in two time zones.

use aduan_domain::workdays::{WorkCalendar, Zone, deadline};
use chrono::{DateTime, NaiveDate, Utc};

const HOLIDAYS: &str = include_str!("../../../../data/holidays.csv");

/// `(date, name, type)` of every shipped line; the first three columns hold no commas.
fn shipped() -> Vec<(NaiveDate, String, String)> {
    HOLIDAYS
        .lines()
        .skip(1)
        .map(|line| {
            let mut cols = line.splitn(4, ',');
            let mut next = || cols.next().unwrap().to_owned();
            let date = NaiveDate::parse_from_str(&next(), "%Y-%m-%d").unwrap();
            (date, next(), next())
        })
        .collect()
}

fn calendar() -> WorkCalendar {
    WorkCalendar::new(shipped().into_iter().map(|(d, _, _)| d))
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn the_shipped_2026_idul_fitri_break_is_three_cuti_bersama_days_around_the_holiday() {
    let break_2026: Vec<(NaiveDate, String)> = shipped()
        .into_iter()
        .filter(|(_, name, _)| name == "Idulfitri 1447 H")
        .map(|(d, _, kind)| (d, kind))
        .collect();
    let expected = [
        (day(2026, 3, 20), "cuti_bersama"),
        (day(2026, 3, 21), "libur_nasional"),
        (day(2026, 3, 22), "libur_nasional"),
        (day(2026, 3, 23), "cuti_bersama"),
        (day(2026, 3, 24), "cuti_bersama"),
    ];
    assert_eq!(
        break_2026,
        expected.map(|(d, k)| (d, k.to_owned())).to_vec()
    );
}

#[test]
fn a_deadline_across_the_idul_fitri_cuti_bersama_of_2026_skips_the_whole_break() {
    let cal = calendar();
    // Tuesday 17 March 2026, 10:00 WIB. Nyepi (18, 19), then Idul Fitri with its cuti bersama
    // (20 to 24 March) are all off: working day 1 is Wednesday 25 March.
    let start = at("2026-03-17T03:00:00Z");
    assert_eq!(
        deadline(&cal, Zone::Wib, start, 1),
        at("2026-03-25T16:59:59.999999Z")
    );
    assert_eq!(
        deadline(&cal, Zone::Wib, start, 3),
        at("2026-03-27T16:59:59.999999Z"),
        "verification: end of Friday 27 March"
    );
    assert_eq!(
        deadline(&WorkCalendar::default(), Zone::Wib, start, 3),
        at("2026-03-20T16:59:59.999999Z"),
        "without the calendar it would have been Friday 20 March, a cuti bersama day"
    );
    // An ordinary complaint dispatched on Monday 16 March: 14 working days also skip Good
    // Friday (3 April), ending on Monday 13 April.
    assert_eq!(
        deadline(&cal, Zone::Wib, at("2026-03-16T03:00:00Z"), 14),
        at("2026-04-13T16:59:59.999999Z")
    );
}

#[test]
fn a_deadline_across_a_weekend_counts_only_the_weekdays() {
    let cal = calendar();
    // Friday 6 March 2026, 10:00 WIB: day 1 is Monday 9, day 3 Wednesday 11.
    let friday = at("2026-03-06T03:00:00Z");
    assert_eq!(
        deadline(&cal, Zone::Wib, friday, 1),
        at("2026-03-09T16:59:59.999999Z")
    );
    assert_eq!(
        deadline(&cal, Zone::Wib, friday, 3),
        at("2026-03-11T16:59:59.999999Z")
    );
    // Sent on Saturday or Sunday, the clock still starts counting on Monday.
    for weekend in ["2026-03-07T03:00:00Z", "2026-03-08T14:00:00Z"] {
        assert_eq!(
            deadline(&cal, Zone::Wib, at(weekend), 1),
            at("2026-03-09T16:59:59.999999Z"),
            "{weekend}"
        );
    }
}

#[test]
fn one_instant_gives_different_due_dates_in_wit_and_wib() {
    let cal = calendar();
    // Thursday 5 March 2026, 23:30 WIB, which is already Friday 01:30 in Jayapura (WIT).
    let instant = at("2026-03-05T16:30:00Z");
    assert_eq!(Zone::Wib.local_date(instant), day(2026, 3, 5));
    assert_eq!(Zone::Wit.local_date(instant), day(2026, 3, 6));
    let wib = deadline(&cal, Zone::Wib, instant, 1);
    let wit = deadline(&cal, Zone::Wit, instant, 1);
    assert_eq!(wib, at("2026-03-06T16:59:59.999999Z"), "end of Friday, WIB");
    assert_eq!(wit, at("2026-03-09T14:59:59.999999Z"), "end of Monday, WIT");
    assert_eq!(
        Zone::Wib.local_date(wib),
        day(2026, 3, 6),
        "the due dates differ by a weekend"
    );
    assert_eq!(Zone::Wit.local_date(wit), day(2026, 3, 9));
}

//! The working-day calendar shipped in data/holidays.csv (national holidays and cuti bersama).

use aduan_domain::workdays::WorkCalendar;
use chrono::NaiveDate;

/// The holidays file, embedded so the binary works from any directory.
const HOLIDAYS: &str = include_str!("../../../data/holidays.csv");

/// The calendar of every listed holiday and collective-leave day.
pub fn shipped_calendar() -> WorkCalendar {
    WorkCalendar::new(
        HOLIDAYS
            .lines()
            .skip(1)
            .filter_map(|line| line.split(',').next())
            .filter_map(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_calendar_knows_christmas_and_idul_fitri_2026() {
        let cal = shipped_calendar();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(!cal.is_working_day(day(2026, 12, 25)));
        assert!(!cal.is_working_day(day(2026, 3, 20)));
        assert!(cal.is_working_day(day(2026, 3, 2)));
        for year in 2024..=2027 {
            assert!(cal.covers_year(year), "{year}");
        }
    }
}

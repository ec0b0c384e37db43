//! The figures' running counts (issue 15): a stored count per place adds up to the same figures
//! as the clocks themselves, a report's changes move the counts by exactly what changed, and the
//! periods the figures ask for are covered day for day.

use super::sla::{at, run, state};
use aduan_domain::Status;
use aduan_domain::lifecycle::ActionKind as A;
use aduan_domain::sla::Clock;
use aduan_domain::sla::figures::Figures;
use aduan_domain::sla::tally::{Grain, TallyKey, delta, spans};
use aduan_domain::status::CompletionKind;
use aduan_domain::workdays::WorkCalendar;
use chrono::{Days, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

fn held(status: Status) -> aduan_domain::ReportState {
    state(status, Some("kota-surabaya"))
}

/// A report's clocks after each of its steps: submitted, dispatched, followed up late,
/// completed, then confirmed by the reporter.
fn stages() -> Vec<Vec<Clock>> {
    let mut completed = held(Status::Completed);
    completed.completion_kind = Some(CompletionKind::AgencyClosed);
    let mut confirmed = completed.clone();
    confirmed.completion_kind = Some(CompletionKind::ReporterConfirmed);
    let steps = [
        (A::Submit, at(2, 9), state(Status::Submitted, None)),
        (A::VerifyDispatch, at(6, 10), held(Status::Dispatched)),
        (A::FollowUp, at(16, 10), held(Status::InProgress)),
        (A::Complete, at(17, 11), completed),
        (A::Confirm, at(18, 9), confirmed),
    ];
    (1..=steps.len()).map(|n| run(&steps[..n])).collect()
}

fn applied(counts: &mut BTreeMap<TallyKey, i64>, change: Vec<(TallyKey, i64)>) {
    for (k, n) in change {
        *counts.entry(k).or_default() += n;
    }
    counts.retain(|_, n| *n != 0);
}

#[test]
fn counts_kept_step_by_step_give_the_figures_of_the_clocks() {
    let cal = WorkCalendar::new([]);
    let mut counts = BTreeMap::new();
    let mut before: Vec<Clock> = Vec::new();
    for after in stages() {
        applied(&mut counts, delta(&before, &after, &cal));
        before = after;
    }
    let mut direct = Figures::default();
    for c in &before {
        direct.add(c, &cal, at(31, 9));
    }
    let mut kept = Figures::default();
    for (k, n) in counts
        .iter()
        .filter(|(k, _)| k.grain == Grain::All && k.unit.is_empty())
    {
        kept.add_stopped(&k.responsible, k.phase, k.outcome, k.completion, k.days, *n);
    }
    let kept = kept.finish();
    assert_eq!(kept, direct.finish());
    assert!(
        kept.iter().any(|f| f.missed == 1 && f.within_limit == 0),
        "the late follow-up counts as a miss: {kept:?}"
    );
    assert!(kept.iter().any(|f| f.confirmed == 1));
}

#[test]
fn a_confirmation_moves_the_completion_from_agency_closed_to_confirmed() {
    let cal = WorkCalendar::new([]);
    let s = stages();
    let change = delta(&s[3], &s[4], &cal);
    let moved: BTreeSet<_> = change.iter().map(|(k, n)| (k.completion, *n)).collect();
    assert_eq!(
        moved,
        BTreeSet::from([
            (Some(CompletionKind::AgencyClosed), -1),
            (Some(CompletionKind::ReporterConfirmed), 1)
        ])
    );
    assert_eq!(change.len(), 6, "all time, month and day, each up and down");
    assert!(delta(&s[4], &s[4], &cal).is_empty());
}

#[test]
fn open_clocks_count_nowhere_until_they_stop() {
    let cal = WorkCalendar::new([]);
    let s = stages();
    assert!(
        delta(&[], &s[0], &cal).is_empty(),
        "a submission adds no count"
    );
    assert!(
        delta(&[], &s[1], &cal)
            .iter()
            .all(|(k, n)| { *n == 1 && k.phase == aduan_domain::sla::Phase::Verification })
    );
}

fn covered(
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
    universe: &[NaiveDate],
) -> Vec<NaiveDate> {
    let spans = spans(from, until);
    universe
        .iter()
        .copied()
        .filter(|d| {
            let day = d.format("%Y-%m-%d").to_string();
            let month = d.format("%Y-%m").to_string();
            let hits = spans
                .iter()
                .filter(|s| {
                    let key = match s.grain {
                        Grain::All => String::new(),
                        Grain::Month => month.clone(),
                        Grain::Day => day.clone(),
                    };
                    s.lo <= key && key < s.hi
                })
                .count();
            assert!(
                hits <= 1,
                "{d} counted {hits} times for {from:?}..{until:?}"
            );
            hits == 1
        })
        .collect()
}

#[test]
fn the_spans_of_a_period_cover_each_of_its_days_exactly_once() {
    let first = NaiveDate::from_ymd_opt(2025, 11, 1).unwrap();
    let universe: Vec<NaiveDate> = (0..200).map(|i| first + Days::new(i)).collect();
    let ends: Vec<Option<NaiveDate>> = std::iter::once(None)
        .chain((0..200).step_by(3).map(|i| Some(first + Days::new(i))))
        .chain([
            NaiveDate::from_ymd_opt(2026, 1, 1),
            NaiveDate::from_ymd_opt(2026, 3, 1),
        ])
        .collect();
    for from in &ends {
        for until in &ends {
            let expected: Vec<NaiveDate> = universe
                .iter()
                .copied()
                .filter(|d| from.is_none_or(|f| *d >= f) && until.is_none_or(|u| *d < u))
                .collect();
            assert_eq!(
                covered(*from, *until, &universe),
                expected,
                "{from:?}..{until:?}"
            );
        }
    }
}

#[test]
fn a_year_is_asked_of_the_month_counts_alone() {
    let jan = NaiveDate::from_ymd_opt(2026, 1, 1);
    let next = NaiveDate::from_ymd_opt(2027, 1, 1);
    let s = spans(jan, next);
    assert_eq!(s.len(), 1);
    assert_eq!(
        (s[0].grain, s[0].lo.as_str(), s[0].hi.as_str()),
        (Grain::Month, "2026-01", "2027-01")
    );
}

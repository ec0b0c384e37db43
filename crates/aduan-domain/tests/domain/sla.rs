//! The clocks of docs/domain.md §3 through a report's life, on a fixed calendar.

use aduan_domain::lifecycle::ActionKind as A;
use aduan_domain::report::{HandlingClass, Kind, ReportState};
use aduan_domain::sla::{Clock, Phase, SlaContext, SlaLimits, advance, headline};
use aduan_domain::workdays::{WorkCalendar, Zone};
use aduan_domain::{AgencyId, Status};
use chrono::{DateTime, TimeZone, Utc};

pub(crate) fn at(d: u32, h: u32) -> DateTime<Utc> {
    // March 2026, hour in WIB.
    Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0).single().unwrap() - chrono::Duration::hours(7)
}

pub(crate) fn state(status: Status, agency: Option<&str>) -> ReportState {
    ReportState {
        status,
        completion_kind: None,
        escalation_level: aduan_domain::EscalationLevel::None,
        kind: Kind::Complaint,
        title: None,
        category: None,
        tags: vec![],
        handling_class: Some(HandlingClass::Ordinary),
        requested_agency: None,
        agency: agency.map(AgencyId::new),
        unit: None,
        rerouted: false,
        archive_reason: None,
        appeal_used: false,
        reopen_used: false,
        information_requested: false,
        confidential: false,
    }
}

fn zone_of(a: &AgencyId) -> Zone {
    if a.as_str() == "kota-makassar" {
        Zone::Wita
    } else {
        Zone::Wib
    }
}

pub(crate) fn run(steps: &[(A, DateTime<Utc>, ReportState)]) -> Vec<Clock> {
    let cal = WorkCalendar::new([]);
    let limits = SlaLimits::default();
    let ctx = SlaContext {
        calendar: &cal,
        limits: &limits,
        zone_of: &zone_of,
    };
    let mut clocks = Vec::new();
    let mut before: Option<ReportState> = None;
    for (action, when, after) in steps {
        advance(&mut clocks, *action, *when, before.as_ref(), after, &ctx);
        before = Some(after.clone());
    }
    clocks
}

fn local_due(c: &Clock) -> String {
    c.due_at
        .unwrap()
        .with_timezone(&c.zone.tz())
        .format("%a %d %H:%M")
        .to_string()
}

#[test]
fn postpone_pauses_verification_and_add_info_resumes_it_with_the_days_left() {
    let clocks = run(&[
        (A::Submit, at(2, 9), state(Status::Submitted, None)),
        (A::Postpone, at(3, 10), state(Status::Postponed, None)),
    ]);
    assert_eq!(clocks[0].due_at, None, "paused");
    assert_eq!(clocks[0].days_remaining, 2, "Tuesday was day 1 of 3");
    let clocks = run(&[
        (A::Submit, at(2, 9), state(Status::Submitted, None)),
        (A::Postpone, at(3, 10), state(Status::Postponed, None)),
        (A::AddInfo, at(9, 14), state(Status::Submitted, None)),
    ]);
    assert_eq!(
        local_due(&clocks[0]),
        "Wed 11 23:59",
        "two working days after Monday 9th"
    );
}

#[test]
fn dispatch_starts_the_agencys_clocks_in_its_own_time_zone() {
    let clocks = run(&[
        (A::Submit, at(2, 9), state(Status::Submitted, None)),
        (
            A::VerifyDispatch,
            at(3, 9),
            state(Status::Dispatched, Some("kota-makassar")),
        ),
    ]);
    let phases: Vec<(Phase, bool)> = clocks.iter().map(|c| (c.phase, c.is_open())).collect();
    assert_eq!(
        phases,
        [
            (Phase::Verification, false),
            (Phase::FirstFollowUp, true),
            (Phase::Completion, true)
        ]
    );
    assert_eq!(
        (clocks[1].responsible.as_str(), clocks[1].zone),
        ("kota-makassar", Zone::Wita)
    );
    assert_eq!(
        local_due(&clocks[1]),
        "Tue 10 23:59",
        "5 working days, WITA"
    );
    assert_eq!(
        local_due(&clocks[2]),
        "Mon 23 23:59",
        "14 working days for an ordinary complaint"
    );
}

#[test]
fn a_follow_up_starts_the_auto_close_timer_that_a_reply_stops() {
    let held = state(Status::InProgress, Some("kota-surabaya"));
    let clocks = run(&[
        (A::Submit, at(2, 9), state(Status::Submitted, None)),
        (
            A::VerifyDispatch,
            at(2, 10),
            state(Status::Dispatched, Some("kota-surabaya")),
        ),
        (A::FollowUp, at(4, 10), held.clone()),
        (A::Reply, at(5, 10), held),
    ]);
    let auto: Vec<&Clock> = clocks
        .iter()
        .filter(|c| c.phase == Phase::AutoClose)
        .collect();
    assert_eq!(auto.len(), 1);
    assert_eq!(auto[0].stopped_at, Some(at(5, 10)));
    let first = clocks
        .iter()
        .find(|c| c.phase == Phase::FirstFollowUp)
        .unwrap();
    assert_eq!(first.stopped_at, Some(at(4, 10)));
}

#[test]
fn a_reroute_stops_the_agencys_clocks_and_verification_starts_again() {
    let clocks = run(&[
        (A::Submit, at(2, 9), state(Status::Submitted, None)),
        (
            A::VerifyDispatch,
            at(2, 10),
            state(Status::Dispatched, Some("kota-surabaya")),
        ),
        (A::Reroute, at(3, 10), state(Status::Submitted, None)),
    ]);
    let open: Vec<(Phase, &str)> = clocks
        .iter()
        .filter(|c| c.is_open())
        .map(|c| (c.phase, c.responsible.as_str()))
        .collect();
    assert_eq!(open, [(Phase::Verification, "national_admin")]);
    let charged: Vec<&str> = clocks
        .iter()
        .filter(|c| c.stopped_at == Some(at(3, 10)))
        .map(|c| c.responsible.as_str())
        .collect();
    assert_eq!(
        charged,
        ["kota-surabaya", "kota-surabaya"],
        "the reroute is charged to the rerouting agency"
    );
}

#[test]
fn the_headline_is_the_open_clock_due_soonest_and_goes_negative_once_breached() {
    let cal = WorkCalendar::new([]);
    let clocks = run(&[
        (A::Submit, at(2, 9), state(Status::Submitted, None)),
        (
            A::VerifyDispatch,
            at(2, 10),
            state(Status::Dispatched, Some("kota-surabaya")),
        ),
    ]);
    let now = at(6, 12);
    let sla = headline(&clocks, &cal, now).unwrap();
    assert_eq!(
        (sla.phase, sla.working_days_left, sla.breached),
        (Phase::FirstFollowUp, Some(1), false),
        "due Monday 9th: one working day left on Friday"
    );
    let late = headline(&clocks, &cal, at(12, 12)).unwrap();
    assert_eq!(
        (late.phase, late.working_days_left, late.breached),
        (Phase::FirstFollowUp, Some(-3), true),
        "Tue, Wed, Thu past due"
    );
    assert_eq!(
        late.due_at.unwrap().to_rfc3339(),
        "2026-03-09T23:59:59.999999+07:00"
    );
}

#[test]
fn a_holiday_added_after_a_clock_started_moves_its_deadline() {
    let mut clocks = run(&[(A::Submit, at(2, 9), state(Status::Submitted, None))]);
    let before = local_due(&clocks[0]);
    let cal = WorkCalendar::new([chrono::NaiveDate::from_ymd_opt(2026, 3, 4).unwrap()]);
    assert!(clocks[0].recompute(&cal));
    assert_eq!(
        (before.as_str(), local_due(&clocks[0]).as_str()),
        ("Thu 05 23:59", "Fri 06 23:59")
    );
    assert!(
        !clocks[0].recompute(&cal),
        "recomputing again moves nothing"
    );
}

#[test]
fn figures_count_misses_including_open_past_due_and_take_nearest_rank_durations() {
    use aduan_domain::sla::figures::Figures;
    let cal = WorkCalendar::new([]);
    let start = at(2, 9);
    let mk = |days_to_stop: Option<i64>, who: &str| {
        let mut c = Clock::start(Phase::FirstFollowUp, who, Zone::Wib, start, 5, &cal);
        c.stopped_at = days_to_stop.map(|d| start + chrono::Duration::days(d));
        c
    };
    // Stopped after 0, 1, 2, 3, 7 (=5 working days: within) and 9 calendar days (7 working days: missed),
    // plus one open past due; and a rerouting agency's stopped clock charged to it.
    let clocks = [
        mk(Some(0), "a"),
        mk(Some(1), "a"),
        mk(Some(2), "a"),
        mk(Some(3), "a"),
        mk(Some(7), "a"),
        mk(Some(9), "a"),
        mk(None, "a"),
        mk(Some(1), "b"),
    ];
    let mut f = Figures::default();
    for c in &clocks {
        f.add(c, &cal, at(31, 12));
    }
    let out = f.finish();
    let a = &out[0];
    assert_eq!(
        (
            a.responsible.as_str(),
            a.decided,
            a.within_limit,
            a.missed,
            a.open_past_due
        ),
        ("a", 7, 5, 2, 1)
    );
    // Durations in working days: 0, 1, 2, 3, 5, 7 → median rank 3 = 2, p90 rank 6 = 7.
    assert_eq!((a.median_days, a.p90_days), (Some(2), Some(7)));
    assert_eq!((out[1].responsible.as_str(), out[1].within_limit), ("b", 1));
    let mut fresh = Figures::default();
    fresh.add(&mk(None, "c"), &cal, at(3, 9));
    assert!(
        fresh.finish().is_empty(),
        "an open clock within its limit is not decided yet"
    );
}

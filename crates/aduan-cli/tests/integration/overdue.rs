//! Reports whose agency has just missed its first follow-up: what the scheduler must escalate.

use aduan_domain::lifecycle::{Action, AgencyTarget, decide, decide_submit};
use aduan_domain::report::{HandlingClass, Report};
use aduan_domain::sla::{Clock, Phase};
use aduan_domain::workdays::{WorkCalendar, Zone};
use aduan_domain::{Actor, AgencyId, ReporterId, Role, TrackingId};
use aduan_store::contract::{facts, national_admin, sample_identity, sample_new_report};
use aduan_store::{EventActor, History, HistoryStep};
use chrono::{Duration, Utc};
use rand::SeedableRng;

/// Report `i`: dispatched to Kota Surabaya a month ago; its first follow-up was due an hour ago.
pub fn overdue_history(i: u64) -> History {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x0e5c_a1a7 ^ i);
    let now = Utc::now();
    let submitted = now - Duration::days(30);
    let new = sample_new_report(false);
    let submit = decide_submit(&Actor::Public, &new, false).unwrap();
    let reporter = ReporterId::generate(&mut rng);
    let report = Report::submitted(
        TrackingId::generate(&mut rng),
        reporter.clone(),
        new,
        submit.state.clone(),
        submitted,
    );
    let dispatch = Action::VerifyDispatch {
        target: Some(AgencyTarget {
            agency: AgencyId::new("kota-surabaya"),
            inspectorate: None,
        }),
        handling_class: Some(HandlingClass::Ordinary),
        kind: None,
        title: None,
        category: None,
        tags: None,
    };
    let dispatched = decide(&facts(&report), &national_admin().0, &dispatch).unwrap();
    let cal = WorkCalendar::new([]);
    let at = submitted + Duration::hours(1);
    let mut verification = Clock::start(
        Phase::Verification,
        "kota-surabaya",
        Zone::Wib,
        submitted,
        3,
        &cal,
    );
    verification.stopped_at = Some(at);
    let mut follow_up = Clock::start(
        Phase::FirstFollowUp,
        "kota-surabaya",
        Zone::Wib,
        at,
        5,
        &cal,
    );
    follow_up.due_at = Some(now - Duration::hours(1));
    let mut completion = Clock::start(Phase::Completion, "kota-surabaya", Zone::Wib, at, 14, &cal);
    completion.due_at = Some(now + Duration::days(30));
    History {
        report,
        identity: Some(sample_identity()),
        steps: vec![
            HistoryStep {
                event: submit.event,
                actor: EventActor {
                    id: reporter.to_string(),
                    role: Role::Reporter,
                },
                at: submitted,
                state: submit.state,
            },
            HistoryStep {
                event: dispatched.event,
                actor: national_admin().1,
                at,
                state: dispatched.state,
            },
        ],
        clocks: vec![verification, follow_up, completion],
    }
}

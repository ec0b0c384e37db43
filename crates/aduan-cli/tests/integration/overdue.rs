//! Reports whose agency has just missed its first follow-up: what the scheduler must escalate.

use aduan_domain::sla::{Clock, Phase};
use aduan_domain::workdays::{WorkCalendar, Zone};
use aduan_store::History;
use aduan_store::contract::dispatched_history;
use chrono::{Duration, Utc};
use rand::SeedableRng;

/// Report `i`: dispatched to Kota Surabaya a month ago; its first follow-up was due an hour ago.
pub fn overdue_history(i: u64) -> History {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x0e5c_a1a7 ^ i);
    let now = Utc::now();
    let submitted = now - Duration::days(30);
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
    dispatched_history(
        &mut rng,
        false,
        submitted,
        at,
        vec![verification, follow_up, completion],
    )
}

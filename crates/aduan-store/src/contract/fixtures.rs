//! Reports, actors and moves the contract cases share.

use crate::{EventActor, Store};
use aduan_domain::actor::{Actor, Role, Staff, StaffRole};
use aduan_domain::event::Event;
use aduan_domain::lifecycle::{Action, AgencyTarget, ReportFacts, decide, decide_submit};
use aduan_domain::report::{
    Channel, HandlingClass, Kind, Location, NewReport, Report, ReporterIdentity,
};
use aduan_domain::{AgencyId, ReporterId, TrackingId, UserId};
use chrono::{DateTime, TimeZone, Utc};
use rand::SeedableRng;
use rand::rngs::SmallRng;
use std::sync::atomic::{AtomicU64, Ordering};

static SEED: AtomicU64 = AtomicU64::new(1);

/// A seeded random source, different for each call within a test process.
pub fn rng() -> SmallRng {
    SmallRng::seed_from_u64(SEED.fetch_add(1, Ordering::Relaxed) ^ 0x5eed_ad0a)
}

/// A fixed instant with microseconds, to check they survive storage.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 15, 30)
        .single()
        .unwrap_or_default()
        + chrono::Duration::microseconds(123_456)
}

/// A web complaint about a road in Kota Surabaya.
pub fn sample_new_report(anonymous: bool) -> NewReport {
    NewReport {
        kind: Kind::Complaint,
        title: Some("Jalan berlubang di Jl. Ahmad Yani".into()),
        body: "Sudah tiga bulan jalan berlubang dan sudah ada dua pengendara motor jatuh.".into(),
        incident_date: chrono::NaiveDate::from_ymd_opt(2026, 2, 27),
        location: Some(Location {
            text: "Jl. Ahmad Yani depan Gelora Pancasila".into(),
            region_code: Some("35.78".into()),
            lat: Some(-7.3106),
            lon: Some(112.7302),
        }),
        requested_agency: Some(AgencyId::new("kota-surabaya")),
        category: None,
        anonymous,
        confidential: false,
        confidential_choice: None,
        show_name: false,
        channel: Channel::Web,
    }
}

/// The identity of the sample reporter.
pub fn sample_identity() -> ReporterIdentity {
    ReporterIdentity {
        name: Some("Siti Rahmawati".into()),
        email: Some("siti.rahmawati@example.id".into()),
        phone: Some("+6281234567890".into()),
        nik: Some("3578014507900001".into()),
        chat: Some("telegram:123456789".into()),
    }
}

/// The national admin, as an actor and as recorded in events.
pub fn national_admin() -> (Actor, EventActor) {
    (
        Actor::Staff(Staff {
            user: UserId(1),
            role: StaffRole::NationalAdmin,
        }),
        EventActor {
            id: "1".into(),
            role: Role::NationalAdmin,
        },
    )
}

/// Submits a sample report through the domain's submit decision; returns it and its event.
pub async fn submit(store: &dyn Store, anonymous: bool) -> (Report, Event) {
    submit_with(store, anonymous, &crate::SubmitExtras::default()).await
}

/// [`submit`] with `extras` (clocks, outbox messages, an access code...) in its transaction.
pub async fn submit_with(
    store: &dyn Store,
    anonymous: bool,
    extras: &crate::SubmitExtras,
) -> (Report, Event) {
    submit_new(store, sample_new_report(anonymous), extras).await
}

/// Submits `new` as the sample reporter (with `extras` in its transaction).
pub async fn submit_new(
    store: &dyn Store,
    new: NewReport,
    extras: &crate::SubmitExtras,
) -> (Report, Event) {
    let mut rng = rng();
    let reporter = ReporterId::generate(&mut rng);
    let decision = decide_submit(&Actor::Public, &new, false).unwrap();
    let report = Report::submitted(
        TrackingId::generate(&mut rng),
        reporter.clone(),
        new,
        decision.state,
        t0(),
    );
    let actor = EventActor {
        id: reporter.to_string(),
        role: Role::Reporter,
    };
    let event = store
        .commit(crate::Commit::Submit {
            report: &report,
            identity: Some(&sample_identity()),
            event: decision.event,
            actor: &actor,
            extras,
        })
        .await
        .unwrap();
    (report, event)
}

/// The decision facts of a stored report, with no clock-based windows open.
pub fn facts(report: &Report) -> ReportFacts {
    ReportFacts {
        state: report.state.clone(),
        reporter: report.reporter.clone(),
        confidential: report.state.confidential,
        anonymous: report.anonymous,
        show_name: report.show_name,
        unit_path: Vec::new(),
        windows: Default::default(),
    }
}

/// The national admin's verify-and-dispatch of `report` to `agency`.
pub fn dispatch_action(agency: &str) -> Action {
    Action::VerifyDispatch {
        target: Some(AgencyTarget {
            agency: AgencyId::new(agency),
            inspectorate: None,
        }),
        handling_class: Some(HandlingClass::Ordinary),
        kind: None,
        title: None,
        category: None,
        tags: Some(vec!["jalan".into()]),
    }
}

/// Decides `action` by the national admin on the stored `report` and applies it.
pub async fn apply(
    store: &dyn Store,
    report: &Report,
    action: &Action,
    at: DateTime<Utc>,
) -> Result<Event, crate::StoreError> {
    let (actor, recorded) = national_admin();
    let d = decide(&facts(report), &actor, action).unwrap();
    store
        .commit(crate::Commit::Transition {
            id: &report.tracking_id,
            expected_version: report.version,
            state: &d.state,
            event: d.event,
            actor: &recorded,
            at,
            effects: None,
        })
        .await
}

/// The history of the sample report (anonymous or not) submitted at `submitted` and dispatched
/// to Kota Surabaya by the national admin at `dispatched_at`, with `clocks`: a bulk loader's
/// input for tests that need many dispatched reports.
pub fn dispatched_history(
    rng: &mut impl rand::Rng,
    anonymous: bool,
    submitted: DateTime<Utc>,
    dispatched_at: DateTime<Utc>,
    clocks: Vec<aduan_domain::sla::Clock>,
) -> crate::History {
    let new = sample_new_report(anonymous);
    let submit = decide_submit(&Actor::Public, &new, false).unwrap();
    let reporter = ReporterId::generate(rng);
    let report = Report::submitted(
        TrackingId::generate(rng),
        reporter.clone(),
        new,
        submit.state.clone(),
        submitted,
    );
    let dispatched = decide(
        &facts(&report),
        &national_admin().0,
        &dispatch_action("kota-surabaya"),
    )
    .unwrap();
    crate::History {
        report,
        identity: Some(sample_identity()),
        steps: vec![
            crate::HistoryStep {
                event: submit.event,
                actor: EventActor {
                    id: reporter.to_string(),
                    role: Role::Reporter,
                },
                at: submitted,
                state: submit.state,
            },
            crate::HistoryStep {
                event: dispatched.event,
                actor: national_admin().1,
                at: dispatched_at,
                state: dispatched.state,
            },
        ],
        clocks,
    }
}

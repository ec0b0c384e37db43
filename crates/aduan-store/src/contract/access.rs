//! Contract cases for access codes, idempotency, sessions and listings.

use super::{Harness, national_admin, rng, sample_identity, sample_new_report, t0};
use crate::{EventActor, ListScope, NewUser, ReportFilter, Store, StoreError, SubmitExtras};
use aduan_domain::lifecycle::{Action, ReportFacts, decide, decide_submit};
use aduan_domain::report::{Report, ReportState};
use aduan_domain::{Actor, AgencyId, CategoryId, ReporterId, Role, Status, TrackingId, UnitId};
use chrono::{DateTime, Duration, Utc};

async fn submit_with(
    store: &dyn Store,
    extras: &SubmitExtras,
    at: DateTime<Utc>,
) -> Result<Report, StoreError> {
    let mut rng = rng();
    let new = sample_new_report(false);
    let d = decide_submit(&Actor::Public, &new, false).unwrap();
    let reporter = ReporterId::generate(&mut rng);
    let report = Report::submitted(
        TrackingId::generate(&mut rng),
        reporter.clone(),
        new,
        d.state,
        at,
    );
    let actor = EventActor {
        id: reporter.to_string(),
        role: Role::Reporter,
    };
    store
        .commit(crate::Commit::Submit {
            report: &report,
            identity: Some(&sample_identity()),
            event: d.event,
            actor: &actor,
            extras,
        })
        .await?;
    Ok(report)
}

/// Stores a report submitted at `at` and forces its state (as staff moves would have).
async fn report_in(
    store: &dyn Store,
    at: DateTime<Utc>,
    change: impl FnOnce(&mut ReportState),
) -> Report {
    let report = submit_with(store, &SubmitExtras::default(), at)
        .await
        .unwrap();
    let mut state = report.state.clone();
    change(&mut state);
    let facts = ReportFacts {
        state: report.state.clone(),
        reporter: report.reporter.clone(),
        confidential: false,
        anonymous: false,
        show_name: false,
        unit_path: vec![],
        windows: Default::default(),
    };
    let draft = decide(
        &facts,
        &national_admin().0,
        &Action::Note { body: "-".into() },
    )
    .unwrap()
    .event;
    store
        .commit(crate::Commit::Transition {
            id: &report.tracking_id,
            expected_version: 1,
            state: &state,
            event: draft,
            actor: &national_admin().1,
            at,
            effects: None,
        })
        .await
        .unwrap();
    store
        .get_report(&report.tracking_id)
        .await
        .unwrap()
        .unwrap()
}

/// An access code stored with a report unlocks exactly that report and reporter.
pub async fn an_access_code_unlocks_its_report_and_nothing_else(h: &dyn Harness) {
    let store = h.store();
    let extras = SubmitExtras {
        access_code_hash: Some("a".repeat(64)),
        ..Default::default()
    };
    let report = submit_with(store.as_ref(), &extras, t0()).await.unwrap();
    let found = store.find_access_code(&"a".repeat(64)).await.unwrap();
    assert_eq!(found, Some((report.tracking_id, report.reporter.clone())));
    assert_eq!(store.find_access_code(&"b".repeat(64)).await.unwrap(), None);
}

/// A reused idempotency key is a conflict, and the second report is not written at all.
pub async fn a_reused_idempotency_key_writes_nothing_the_second_time(h: &dyn Harness) {
    let store = h.store();
    let extras = SubmitExtras {
        idempotency: Some(("anon".into(), "key-1".into())),
        idempotency_fingerprint: Some("f1".into()),
        access_code_hash: Some("c".repeat(64)),
        ..Default::default()
    };
    let first = submit_with(store.as_ref(), &extras, t0()).await.unwrap();
    let again = SubmitExtras {
        access_code_hash: Some("d".repeat(64)),
        ..extras.clone()
    };
    let second = submit_with(store.as_ref(), &again, t0()).await;
    assert!(
        matches!(&second, Err(StoreError::Conflict { constraint }) if constraint == "idempotency_keys"),
        "{second:?}"
    );
    assert_eq!(
        store.find_idempotent("anon", "key-1").await.unwrap(),
        Some(first.tracking_id)
    );
    assert_eq!(
        store.find_idempotent("user:1", "key-1").await.unwrap(),
        None,
        "keys are scoped"
    );
    assert_eq!(
        store
            .find_idempotent_request("anon", "key-1")
            .await
            .unwrap(),
        Some((first.tracking_id, Some("f1".into()))),
        "the key keeps the fingerprint of the request it came with"
    );
    assert_eq!(store.find_access_code(&"d".repeat(64)).await.unwrap(), None);
    let all = store
        .list_reports(&ListScope::All, &ReportFilter::default(), None, 10)
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
}

/// Sessions are found with their account, and revocation (one or all) is recorded.
pub async fn sessions_are_found_expire_and_are_revoked(h: &dyn Harness) {
    let store = h.store();
    let user = NewUser {
        name: "Warga".into(),
        email: Some("warga@example.id".into()),
        phone: None,
        nik: None,
        password_hash: None,
        role: Role::Citizen,
        agency: None,
        unit: None,
        body: None,
    };
    let user = store.create_user(&user, "self", t0()).await.unwrap();
    let (one, two) = ("1".repeat(64), "2".repeat(64));
    store
        .create_session(user.id, &one, t0(), t0() + Duration::hours(12))
        .await
        .unwrap();
    store
        .create_session(user.id, &two, t0(), t0() + Duration::hours(12))
        .await
        .unwrap();
    let s = store.find_session(&one).await.unwrap().unwrap();
    assert_eq!(
        (s.user.id, s.expires_at, s.revoked_at),
        (user.id, t0() + Duration::hours(12), None)
    );
    store.revoke_session(&one, t0()).await.unwrap();
    assert_eq!(
        store.find_session(&one).await.unwrap().unwrap().revoked_at,
        Some(t0())
    );
    assert_eq!(store.revoke_user_sessions(user.id, t0()).await.unwrap(), 1);
    assert!(
        store
            .find_session(&two)
            .await
            .unwrap()
            .unwrap()
            .revoked_at
            .is_some()
    );
    assert_eq!(store.find_session(&"3".repeat(64)).await.unwrap(), None);
    let extras = SubmitExtras {
        user: Some(user.id),
        ..Default::default()
    };
    let report = submit_with(store.as_ref(), &extras, t0()).await.unwrap();
    assert_eq!(
        store.reporter_of_user(user.id).await.unwrap(),
        Some(report.reporter)
    );
}

/// Each scope lists exactly what its viewers may see.
pub async fn listing_scopes_follow_the_visibility_policy(h: &dyn Harness) {
    let store = h.store();
    let s = store.as_ref();
    let a = || Some(AgencyId::new("kota-surabaya"));
    let requested = report_in(s, t0(), |_| {}).await;
    let public = report_in(s, t0(), |st| {
        st.status = Status::Dispatched;
        st.agency = a();
    })
    .await;
    let confidential = report_in(s, t0(), |st| {
        st.status = Status::InProgress;
        st.agency = a();
        st.unit = Some(UnitId::new("kota-surabaya/dinas-pu/bidang-jalan"));
    })
    .await;
    h.exec_sql(&format!(
        "UPDATE reports SET confidential = TRUE WHERE tracking_id = '{}'",
        confidential.tracking_id
    ))
    .await;
    let elsewhere = report_in(s, t0(), |st| {
        st.status = Status::Completed;
        st.completion_kind = Some(aduan_domain::CompletionKind::AgencyClosed);
        st.agency = Some(AgencyId::new("kota-bandung"));
        st.requested_agency = None;
    })
    .await;
    let deleted = report_in(s, t0(), |st| st.status = Status::Deleted).await;
    let ids = |v: Vec<Report>| {
        let mut ids: Vec<TrackingId> = v.into_iter().map(|r| r.tracking_id).collect();
        ids.sort();
        ids
    };
    let sorted = |mut v: Vec<TrackingId>| {
        v.sort();
        v
    };
    let list = |scope: ListScope| async move {
        ids(s
            .list_reports(&scope, &ReportFilter::default(), None, 50)
            .await
            .unwrap())
    };
    assert_eq!(
        list(ListScope::Public).await,
        sorted(vec![public.tracking_id, elsewhere.tracking_id])
    );
    assert_eq!(
        list(ListScope::Agency(AgencyId::new("kota-surabaya"))).await,
        sorted(vec![
            requested.tracking_id,
            public.tracking_id,
            confidential.tracking_id
        ])
    );
    let units = vec![
        UnitId::new("kota-surabaya/dinas-pu"),
        UnitId::new("kota-surabaya/dinas-pu/bidang-jalan"),
    ];
    assert_eq!(
        list(ListScope::Units(AgencyId::new("kota-surabaya"), units)).await,
        vec![confidential.tracking_id]
    );
    assert_eq!(
        list(ListScope::Dispatched).await,
        sorted(vec![
            public.tracking_id,
            confidential.tracking_id,
            elsewhere.tracking_id
        ])
    );
    assert_eq!(list(ListScope::All).await.len(), 5);
    assert!(list(ListScope::All).await.contains(&deleted.tracking_id));
    assert_eq!(
        list(ListScope::Reporter(deleted.reporter.clone())).await,
        vec![deleted.tracking_id]
    );
}

/// Filters combine, a parent category or province matches its children, and keyset pages
/// never repeat or skip a report, even among reports submitted in the same microsecond.
pub async fn listing_filters_and_pages_newest_first(h: &dyn Harness) {
    let store = h.store();
    let s = store.as_ref();
    let mut made = Vec::new();
    for i in 0..5 {
        let at = if i < 3 {
            t0()
        } else {
            t0() + Duration::minutes(i)
        };
        made.push(
            report_in(s, at, |st| {
                st.status = Status::Dispatched;
                st.agency = Some(AgencyId::new("kota-surabaya"));
                st.category = Some(CategoryId::new(if i % 2 == 0 {
                    "kesehatan/bpjs"
                } else {
                    "pendidikan"
                }));
            })
            .await,
        );
    }
    let by_cat = ReportFilter {
        category: Some(CategoryId::new("kesehatan")),
        ..Default::default()
    };
    assert_eq!(
        s.list_reports(&ListScope::Public, &by_cat, None, 50)
            .await
            .unwrap()
            .len(),
        3
    );
    let by_region = ReportFilter {
        region: Some("35".into()),
        ..Default::default()
    };
    assert_eq!(
        s.list_reports(&ListScope::Public, &by_region, None, 50)
            .await
            .unwrap()
            .len(),
        5
    );
    let other_region = ReportFilter {
        region: Some("3".into()),
        ..Default::default()
    };
    assert_eq!(
        s.list_reports(&ListScope::Public, &other_region, None, 50)
            .await
            .unwrap()
            .len(),
        0
    );
    let in_progress = ReportFilter {
        status: Some(Status::InProgress),
        ..Default::default()
    };
    assert!(
        s.list_reports(&ListScope::Public, &in_progress, None, 50)
            .await
            .unwrap()
            .is_empty()
    );
    let later = ReportFilter {
        from: Some(t0() + Duration::seconds(1)),
        ..Default::default()
    };
    assert_eq!(
        s.list_reports(&ListScope::Public, &later, None, 50)
            .await
            .unwrap()
            .len(),
        2
    );

    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = s
            .list_reports(
                &ListScope::Public,
                &ReportFilter::default(),
                cursor.as_ref(),
                2,
            )
            .await
            .unwrap();
        if page.is_empty() {
            break;
        }
        cursor = page.last().map(|r| (r.submitted_at, r.tracking_id));
        seen.extend(page.into_iter().map(|r| (r.submitted_at, r.tracking_id)));
    }
    let mut expected: Vec<_> = made
        .iter()
        .map(|r| (r.submitted_at, r.tracking_id))
        .collect();
    expected.sort_by(|a, b| b.cmp(a));
    assert_eq!(
        seen, expected,
        "newest first, ties by tracking id, no repeats"
    );
}

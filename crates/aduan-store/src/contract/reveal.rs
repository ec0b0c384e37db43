//! Contract cases for staff's second factor and the two-person reveal as stored.

use super::{Harness, national_admin, submit, t0};
use crate::{
    AUDIT_REVEAL_APPROVE, AUDIT_REVEAL_REFUSE, AUDIT_SECOND_FACTOR_OFF, AUDIT_SECOND_FACTOR_ON,
    NewRevealRequest, NewUser, RevealDecision, RevealsOf, SealedSecret, Store, StoreError, User,
};
use aduan_domain::Role;
use aduan_domain::lifecycle::{Action, ReportFacts, decide};
use chrono::Duration;

async fn national(s: &dyn Store, email: &str, actor: &str) -> User {
    let new = NewUser {
        name: "Admin Nasional".into(),
        email: Some(email.into()),
        phone: None,
        nik: None,
        password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into()),
        role: Role::NationalAdmin,
        agency: None,
        unit: None,
        body: None,
    };
    s.create_user(&new, actor, t0()).await.unwrap()
}

async fn audited(s: &dyn Store, action: &str) -> usize {
    let (entries, _, _) = s.list_audit().await.unwrap();
    entries.iter().filter(|e| e.action == action).count()
}

/// A second factor waits until a first step confirms it; then each later step is good once,
/// each recovery code once; its removal leaves no session counted as having passed it.
pub async fn a_second_factor_takes_each_step_and_recovery_code_once(h: &dyn Harness) {
    let store = h.store();
    let s = store.as_ref();
    let ana = national(s, "ana@kantor.go.id", "test").await;
    let secret = SealedSecret("v1.first".into());
    s.begin_second_factor(ana.id, &secret, t0()).await.unwrap();
    let again = SealedSecret("v1.second".into());
    s.begin_second_factor(ana.id, &again, t0()).await.unwrap();
    let waiting = s.second_factor(ana.id).await.unwrap().unwrap();
    assert_eq!(
        waiting.secret, again,
        "a new set-up replaces one not confirmed"
    );
    assert!(waiting.confirmed_at.is_none());
    assert!(
        !s.use_second_factor_step(ana.id, 5).await.unwrap(),
        "not before it is confirmed"
    );

    let codes = ["code-a".to_owned(), "code-b".to_owned()];
    assert!(
        s.confirm_second_factor(ana.id, 10, &codes, t0())
            .await
            .unwrap()
    );
    assert!(
        !s.confirm_second_factor(ana.id, 11, &codes, t0())
            .await
            .unwrap()
    );
    let on = s.begin_second_factor(ana.id, &secret, t0()).await;
    assert!(matches!(on, Err(StoreError::Conflict { .. })), "{on:?}");
    assert!(
        !s.use_second_factor_step(ana.id, 10).await.unwrap(),
        "the confirming step"
    );
    assert!(s.use_second_factor_step(ana.id, 11).await.unwrap());
    assert!(
        !s.use_second_factor_step(ana.id, 11).await.unwrap(),
        "a replay"
    );
    assert!(s.use_recovery_code(ana.id, "code-a", t0()).await.unwrap());
    assert!(!s.use_recovery_code(ana.id, "code-a", t0()).await.unwrap());
    assert!(!s.use_recovery_code(ana.id, "code-z", t0()).await.unwrap());
    let now = s.second_factor(ana.id).await.unwrap().unwrap();
    assert_eq!((now.last_step, now.recovery_left), (11, 1));
    assert_eq!(audited(s, AUDIT_SECOND_FACTOR_ON).await, 1);

    let expires = t0() + Duration::hours(8);
    s.create_session_with_second_factor(ana.id, "hash-2fa", t0(), expires)
        .await
        .unwrap();
    s.create_session(ana.id, "hash-plain", t0(), expires)
        .await
        .unwrap();
    let passed = s.find_session("hash-2fa").await.unwrap().unwrap();
    assert_eq!(passed.second_factor_at, Some(t0()));
    let plain = s.find_session("hash-plain").await.unwrap().unwrap();
    assert_eq!(plain.second_factor_at, None);

    assert!(s.remove_second_factor(ana.id, "test", t0()).await.unwrap());
    assert!(s.second_factor(ana.id).await.unwrap().is_none());
    let after = s.find_session("hash-2fa").await.unwrap().unwrap();
    assert_eq!(after.second_factor_at, None, "no longer counted as passed");
    assert!(!s.use_recovery_code(ana.id, "code-b", t0()).await.unwrap());
    assert!(!s.remove_second_factor(ana.id, "test", t0()).await.unwrap());
    assert_eq!(audited(s, AUDIT_SECOND_FACTOR_OFF).await, 1);
}

/// One request waits per report; a refusal or an approval is decided once, audited; an
/// approval whose transition fails (the report moved on) leaves the request waiting and
/// nothing audited; a deferred notice is sent once; an account made by the requester is
/// known as theirs.
pub async fn a_reveal_request_waits_alone_and_is_decided_once_with_its_transition(h: &dyn Harness) {
    let store = h.store();
    let s = store.as_ref();
    let (report, _) = submit(s, true).await;
    let asker = national(s, "ana@kantor.go.id", "test").await;
    let second = national(s, "budi@kantor.go.id", "test").await;
    let made_by_asker = national(s, "cici@kantor.go.id", &asker.id.to_string()).await;
    assert!(s.shaped_by(asker.id, made_by_asker.id).await.unwrap());
    assert!(!s.shaped_by(asker.id, second.id).await.unwrap());
    assert!(!s.shaped_by(second.id, made_by_asker.id).await.unwrap());
    assert!(
        !s.shaped_by(made_by_asker.id, asker.id).await.unwrap(),
        "one way only"
    );

    let ask = |at| NewRevealRequest {
        report: &report.tracking_id,
        requested_by: asker.id,
        reason: "Perintah pengadilan.",
        at,
    };
    let first = s.create_reveal_request(&ask(t0()), &[]).await.unwrap();
    assert_eq!(first.status, "pending");
    let twice = s.create_reveal_request(&ask(t0()), &[]).await;
    assert!(
        matches!(twice, Err(StoreError::Conflict { .. })),
        "{twice:?}"
    );
    let pending = s
        .list_reveal_requests(RevealsOf::Status("pending"), 10)
        .await
        .unwrap();
    assert_eq!(pending, vec![first.clone()]);

    let decision = |id, approve, defer: Option<&'static str>| RevealDecision {
        id,
        by: second.id,
        role: Role::NationalAdmin,
        approve,
        note: Some("Catatan."),
        defer_reason: defer,
        at: t0() + Duration::hours(1),
    };
    let refused = s
        .decide_reveal_request(&decision(first.id, false, None), None)
        .await
        .unwrap();
    assert_eq!(
        (refused.status.as_str(), refused.notified_at),
        ("refused", None)
    );
    let again = s
        .decide_reveal_request(&decision(first.id, true, None), None)
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict { .. })),
        "{again:?}"
    );
    assert_eq!(audited(s, AUDIT_REVEAL_REFUSE).await, 1);

    // An approval whose transition finds the report moved on commits nothing.
    let next = s.create_reveal_request(&ask(t0()), &[]).await.unwrap();
    let facts = ReportFacts {
        state: report.state.clone(),
        reporter: report.reporter.clone(),
        confidential: false,
        anonymous: true,
        show_name: false,
        unit_path: vec![],
        windows: Default::default(),
    };
    let (actor, event_actor) = national_admin();
    let reveal = Action::RevealIdentity {
        reason: "Perintah pengadilan.".into(),
    };
    let decided = decide(&facts, &actor, &reveal).unwrap();
    let stale = crate::Commit::Transition {
        id: &report.tracking_id,
        expected_version: report.version + 5,
        state: &decided.state,
        event: decided.event.clone(),
        actor: &event_actor,
        at: t0() + Duration::hours(1),
        effects: None,
    };
    let failed = s
        .decide_reveal_request(&decision(next.id, true, Some("Penyidikan.")), Some(stale))
        .await;
    assert!(
        matches!(failed, Err(StoreError::Conflict { .. })),
        "{failed:?}"
    );
    let still = s.get_reveal_request(next.id).await.unwrap().unwrap();
    assert_eq!(still.status, "pending", "rolled back");
    assert_eq!(audited(s, AUDIT_REVEAL_APPROVE).await, 0);

    let fresh = crate::Commit::Transition {
        id: &report.tracking_id,
        expected_version: report.version,
        state: &decided.state,
        event: decided.event,
        actor: &event_actor,
        at: t0() + Duration::hours(1),
        effects: None,
    };
    let approved = s
        .decide_reveal_request(&decision(next.id, true, Some("Penyidikan.")), Some(fresh))
        .await
        .unwrap();
    assert_eq!(approved.status, "approved");
    assert_eq!(approved.defer_reason.as_deref(), Some("Penyidikan."));
    assert_eq!(approved.notified_at, None, "deferred");
    let events = s.list_events(&report.tracking_id).await.unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.action.as_str() == "reveal_identity")
    );
    assert_eq!(audited(s, AUDIT_REVEAL_APPROVE).await, 1);

    let told = s
        .notify_deferred_reveal(next.id, &[], "test", t0() + Duration::days(30))
        .await
        .unwrap();
    assert!(told.notified_at.is_some());
    let twice = s.notify_deferred_reveal(next.id, &[], "test", t0()).await;
    assert!(
        matches!(twice, Err(StoreError::Conflict { .. })),
        "{twice:?}"
    );
    let unknown = s.notify_deferred_reveal(9999, &[], "test", t0()).await;
    assert!(matches!(unknown, Err(StoreError::NotFound)), "{unknown:?}");
    let of_report = s
        .list_reveal_requests(RevealsOf::Report(&report.tracking_id), 10)
        .await
        .unwrap();
    assert_eq!(of_report.len(), 2, "newest first: {of_report:?}");
    assert_eq!(of_report[0].id, next.id);
}

/// The staff of one role are listed enabled only, by id, and no other role's.
pub async fn the_staff_of_a_role_are_listed_enabled_only(h: &dyn Harness) {
    let store = h.store();
    let s = store.as_ref();
    let before = s.list_staff_of_role(Role::NationalAdmin).await.unwrap();
    let ana = national(s, "ana@kantor.go.id", "test").await;
    let budi = national(s, "budi@kantor.go.id", "test").await;
    s.set_user_disabled(budi.id, true, "test", t0())
        .await
        .unwrap();
    let listed = s.list_staff_of_role(Role::NationalAdmin).await.unwrap();
    assert_eq!(listed.len(), before.len() + 1, "{listed:?}");
    assert!(
        listed
            .iter()
            .any(|u| u.id == ana.id && u.name == "Admin Nasional")
    );
    assert!(
        listed
            .iter()
            .all(|u| u.id != budi.id && u.role == Role::NationalAdmin)
    );
    assert!(listed.windows(2).all(|w| w[0].id.0 < w[1].id.0));
    let ombudsman = NewUser {
        name: "Pengawas Ombudsman".into(),
        email: Some("pengawas@ombudsman.go.id".into()),
        phone: None,
        nik: None,
        password_hash: None,
        role: Role::Supervisor,
        agency: None,
        unit: None,
        body: Some(aduan_domain::actor::SupervisorBody::Ombudsman),
    };
    let ombudsman = s.create_user(&ombudsman, "test", t0()).await.unwrap();
    let supervisors = s.list_staff_of_role(Role::Supervisor).await.unwrap();
    assert!(supervisors.iter().any(|u| u.id == ombudsman.id));
    assert!(supervisors.iter().all(|u| u.role == Role::Supervisor));
    let national = s.list_staff_of_role(Role::NationalAdmin).await.unwrap();
    assert!(national.iter().all(|u| u.id != ombudsman.id));
}

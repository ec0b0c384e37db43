//! Contract cases for a person's own sessions and for the agency overview's feedback.

use super::staff::{account, is_revoked, session};
use super::{Harness, apply, dispatch_action, submit, t0};
use crate::{AUDIT_SESSION_REVOKE, EventActor, Store, session_handle};
use aduan_domain::lifecycle::EventDraft;
use aduan_domain::report::Report;
use aduan_domain::{ActionKind, AgencyId, CompletionKind, Role, Status};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

/// A person's live sessions are listed newest first by handle (never the hash), and they can
/// end one by its handle or all but the current one, each audited; other people's sessions
/// and unknown handles are left alone.
pub async fn own_sessions_are_listed_by_handle_and_revoked_one_or_all_others(h: &dyn Harness) {
    let store = h.store();
    let s = store.as_ref();
    let wati = account(
        s,
        "Wati",
        Role::UnitOfficer,
        Some("kota-surabaya"),
        Some("kota-surabaya/dinas-pu"),
        None,
    )
    .await;
    let budi = account(
        s,
        "Budi",
        Role::AgencyAdmin,
        Some("kota-surabaya"),
        None,
        None,
    )
    .await;
    let minute = Duration::minutes(1);
    let old = session(s, &wati, 'a', t0() - Duration::hours(13)).await;
    let (one, two, three) = (
        session(s, &wati, '1', t0()).await,
        session(s, &wati, '2', t0() + minute).await,
        session(s, &wati, '3', t0() + minute * 2).await,
    );
    let budis = session(s, &budi, '4', t0()).await;
    let now = t0() + minute * 3;
    let live = store.list_live_sessions(wati.id, now).await.unwrap();
    let handles: Vec<&str> = live.iter().map(|l| l.handle.as_str()).collect();
    assert_eq!(
        handles,
        [
            session_handle(&three),
            session_handle(&two),
            session_handle(&one)
        ],
        "newest first, the expired one left out"
    );
    assert_eq!(live[0].handle.len(), 12);
    assert_eq!(live[2].created_at, t0());
    assert_eq!(live[2].expires_at, t0() + Duration::hours(12));
    assert!(
        !store
            .revoke_session_by_handle(wati.id, session_handle(&budis), now)
            .await
            .unwrap()
    );
    assert!(
        !store
            .revoke_session_by_handle(wati.id, session_handle(&old), now)
            .await
            .unwrap()
    );
    assert!(!is_revoked(s, &budis).await);
    let before = store.list_audit().await.unwrap().1;
    assert!(
        store
            .revoke_session_by_handle(wati.id, session_handle(&two), now)
            .await
            .unwrap()
    );
    assert!(is_revoked(s, &two).await && !is_revoked(s, &one).await);
    assert_eq!(
        store
            .revoke_other_sessions(wati.id, &three, now)
            .await
            .unwrap(),
        1
    );
    assert!(is_revoked(s, &one).await && !is_revoked(s, &three).await);
    assert!(!is_revoked(s, &budis).await);
    assert_eq!(
        store
            .revoke_other_sessions(wati.id, &three, now)
            .await
            .unwrap(),
        0
    );
    let (audit, count, _) = store.list_audit().await.unwrap();
    assert_eq!(
        count,
        before + 2,
        "one entry per revocation that ended a session"
    );
    let last = audit.last().unwrap();
    assert_eq!(
        (
            last.action.as_str(),
            last.actor.clone(),
            last.subject.clone()
        ),
        (
            AUDIT_SESSION_REVOKE,
            wati.id.to_string(),
            format!("user:{}", wati.id)
        )
    );
    let live = store.list_live_sessions(wati.id, now).await.unwrap();
    assert_eq!(live.len(), 1);
}

/// Records the reporter's `action` (confirm or rate) with a rating on a stored report.
async fn reporter_feedback(
    store: &dyn Store,
    report: &Report,
    action: ActionKind,
    stars: u8,
    at: DateTime<Utc>,
) {
    let report = store
        .get_report(&report.tracking_id)
        .await
        .unwrap()
        .unwrap();
    let mut state = report.state.clone();
    state.status = Status::Completed;
    state.completion_kind = Some(CompletionKind::ReporterConfirmed);
    let event = EventDraft {
        action,
        from: Some(report.state.status),
        to: Status::Completed,
        reason: None,
        body: None,
        internal: false,
        payload: json!({ "rating": { "stars": stars, "resolved": true } }),
    };
    let actor = EventActor {
        id: report.reporter.to_string(),
        role: Role::Reporter,
    };
    store
        .commit(crate::Commit::Transition {
            id: &report.tracking_id,
            expected_version: report.version,
            state: &state,
            event,
            actor: &actor,
            at,
            effects: None,
        })
        .await
        .unwrap();
}

/// The overview's feedback holds the confirmations and ratings of the agency's own reports,
/// newest first and no more than asked; other events and other agencies' reports stay out.
pub async fn feedback_lists_the_agencys_confirmations_and_ratings_newest_first(h: &dyn Harness) {
    let store = h.store();
    let s = store.as_ref();
    let (ours, _) = submit(s, false).await;
    let (theirs, _) = submit(s, false).await;
    apply(s, &ours, &dispatch_action("kota-surabaya"), t0())
        .await
        .unwrap();
    apply(s, &theirs, &dispatch_action("kota-makassar"), t0())
        .await
        .unwrap();
    let hour = Duration::hours(1);
    reporter_feedback(s, &ours, ActionKind::Confirm, 4, t0() + hour).await;
    reporter_feedback(s, &theirs, ActionKind::Confirm, 1, t0() + hour * 2).await;
    reporter_feedback(s, &ours, ActionKind::Rate, 5, t0() + hour * 3).await;
    let surabaya = AgencyId::new("kota-surabaya");
    let events = store.list_feedback(&surabaya, 10).await.unwrap();
    let seen: Vec<(ActionKind, serde_json::Value)> = events
        .iter()
        .map(|e| (e.action, e.payload["rating"]["stars"].clone()))
        .collect();
    assert_eq!(
        seen,
        [
            (ActionKind::Rate, json!(5)),
            (ActionKind::Confirm, json!(4))
        ]
    );
    assert!(events.iter().all(|e| e.report == ours.tracking_id));
    assert_eq!(events[0].at, t0() + hour * 3);
    assert_eq!(store.list_feedback(&surabaya, 1).await.unwrap().len(), 1);
    let nobody = AgencyId::new("kementerian-kesehatan");
    assert!(store.list_feedback(&nobody, 10).await.unwrap().is_empty());
}

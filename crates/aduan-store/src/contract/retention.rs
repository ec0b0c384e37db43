//! Contract cases for retention (UU 27/2022): identities behind long-closed reports are erased,
//! the reports and their hash chains stay intact, and each run is audited by counts only.

use super::{Harness, apply, rng, sample_identity, sample_new_report, submit, t0};
use crate::{AUDIT_IDENTITY_ERASE, EventActor, OutboxState, Store, verify_history};
use aduan_domain::lifecycle::{Action, decide_submit};
use aduan_domain::report::{ArchiveReason, Report};
use aduan_domain::status::ArchiveReasonCode;
use aduan_domain::{Actor, ReporterId, Role, TrackingId};
use chrono::{DateTime, Duration, Utc};

fn archive() -> Action {
    Action::Archive {
        reason: Some(ArchiveReason {
            code: ArchiveReasonCode::Spam,
            duplicate_of: None,
            text: None,
        }),
    }
}

/// Submits a report by `reporter` at `at`.
async fn submit_as(store: &dyn Store, reporter: &ReporterId, at: DateTime<Utc>) -> Report {
    let new = sample_new_report(false);
    let d = decide_submit(&Actor::Public, &new, false).unwrap();
    let report = Report::submitted(
        TrackingId::generate(&mut rng()),
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
            extras: &crate::SubmitExtras::default(),
        })
        .await
        .unwrap();
    report
}

/// Identities behind reports closed past the retention period are erased.
pub async fn identities_behind_reports_closed_past_the_retention_period_are_erased(
    h: &dyn Harness,
) {
    let s = h.store();
    let (old, _) = submit(s.as_ref(), false).await;
    apply(s.as_ref(), &old, &archive(), t0() + Duration::days(1))
        .await
        .unwrap();
    let (recent, _) = submit(s.as_ref(), false).await;
    apply(s.as_ref(), &recent, &archive(), t0() + Duration::days(200))
        .await
        .unwrap();
    let (open, _) = submit(s.as_ref(), false).await;

    let now = t0() + Duration::days(400);
    let cutoff = t0() + Duration::days(100);
    let counts = s.erase_expired_identities(cutoff, now).await.unwrap();
    assert_eq!(counts.reporters, 1);

    assert_eq!(s.get_identity(&old.reporter).await.unwrap(), None);
    assert_eq!(
        s.get_identity(&recent.reporter).await.unwrap(),
        Some(sample_identity()),
        "closed too recently"
    );
    assert_eq!(
        s.get_identity(&open.reporter).await.unwrap(),
        Some(sample_identity()),
        "still open"
    );
    let kept = s.get_report(&old.tracking_id).await.unwrap().unwrap();
    assert_eq!(kept.body, old.body, "the report stays");
    assert_eq!(s.list_events(&old.tracking_id).await.unwrap().len(), 2);
    let history = verify_history(s.as_ref(), |_| {}).await.unwrap();
    assert!(history.is_intact(), "{:?}", history.problems);

    let (audit, _, _) = s.list_audit().await.unwrap();
    let entry = audit.last().unwrap();
    assert_eq!(entry.action, AUDIT_IDENTITY_ERASE);
    assert_eq!(entry.actor, "system");
    assert_eq!(entry.at, now);
    assert_eq!(entry.payload["reporters"], 1);
    let text = entry.payload.to_string();
    let who = sample_identity();
    for field in [who.name, who.email, who.phone, who.nik] {
        assert!(
            !text.contains(&field.unwrap()),
            "the audit holds counts only"
        );
    }
    assert!(!text.contains(old.reporter.as_str()));

    let again = s.erase_expired_identities(cutoff, now).await.unwrap();
    assert_eq!(again.reporters, 0, "an erased identity is not erased twice");
    let (audit, _, _) = s.list_audit().await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == AUDIT_IDENTITY_ERASE)
            .count(),
        2,
        "one audit entry per run"
    );
}

/// A reporter with any open report keeps their identity.
pub async fn a_reporter_with_any_open_report_keeps_their_identity(h: &dyn Harness) {
    let s = h.store();
    let reporter = ReporterId::generate(&mut rng());
    let closed = submit_as(s.as_ref(), &reporter, t0()).await;
    apply(s.as_ref(), &closed, &archive(), t0()).await.unwrap();
    submit_as(s.as_ref(), &reporter, t0()).await;
    let far = t0() + Duration::days(4000);
    let counts = s.erase_expired_identities(far, far).await.unwrap();
    assert_eq!(counts.reporters, 0);
    assert!(s.get_identity(&reporter).await.unwrap().is_some());
}

/// Finished messages to bare addresses lose the address after the retention period.
pub async fn finished_messages_to_bare_addresses_lose_the_address_after_the_retention_period(
    h: &dyn Harness,
) {
    let s = h.store();
    let key = crate::DeploymentKey::generate();
    let ids: Vec<_> = s
        .insert_outbox(
            &[
                super::access_code_message(&key, "sent"),
                super::access_code_message(&key, "pending"),
            ],
            t0(),
        )
        .await
        .unwrap()
        .into_iter()
        .map(|q| q.id)
        .collect();
    s.start_delivery(ids[0]).await.unwrap();
    s.mark_outbox_sent(ids[0], t0()).await.unwrap();
    let later = t0() + Duration::days(10);
    let counts = s.erase_expired_identities(later, later).await.unwrap();
    assert_eq!(counts.outbox_addresses, 1);
    let sent = s.get_outbox(ids[0]).await.unwrap().unwrap();
    assert_eq!(sent.state, OutboxState::Sent);
    assert_eq!(sent.recipient, "erased");
    assert_eq!(sent.payload, serde_json::json!({}));
    let pending = s.get_outbox(ids[1]).await.unwrap().unwrap();
    assert_eq!(pending.recipient, "+6281234567890", "not yet delivered");
}

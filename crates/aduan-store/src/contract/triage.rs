//! Contract cases for the triage models and what verifications made of their suggestions.

use super::{Harness, dispatch_action, facts, national_admin, submit, t0};
use crate::{
    AUDIT_TRIAGE_MODEL_ACTIVATE, AUDIT_TRIAGE_MODEL_ADD, KEPT_TRIAGE_MODELS, NewTriageModel,
    StoreError, TriagePick, TriageTarget, verify_history,
};
use aduan_domain::lifecycle::decide;
use aduan_domain::workdays::WorkCalendar;
use chrono::Duration;

fn model(target: TriageTarget, bytes: &[u8]) -> NewTriageModel {
    NewTriageModel {
        target,
        model: bytes.to_vec(),
        examples: 1200,
        labels: 7,
        source: "history".into(),
        metrics: serde_json::json!({ "top1": 0.91, "top3": 0.97 }),
    }
}

/// Versions rise across targets; each is stored with its figures and an audit entry; at most
/// one per target is active, a switch back to an earlier one is possible, and a version of the
/// other target or an unknown one is not found.
pub async fn triage_models_are_versioned_audited_and_one_per_target_is_active(h: &dyn Harness) {
    let store = h.store();
    let agency = TriageTarget::Agency;
    assert_eq!(store.active_triage_version(agency).await.unwrap(), None);
    let first = store
        .add_triage_model(&model(agency, b"first"), true, "cli", t0())
        .await
        .unwrap();
    assert!(first.active && first.kept);
    assert_eq!(first.size_bytes, 5);
    assert_eq!(first.metrics["top1"], 0.91);
    assert_eq!(first.created_at, t0());
    let later = t0() + Duration::hours(1);
    let second = store
        .add_triage_model(&model(agency, b"second"), false, "7", later)
        .await
        .unwrap();
    assert!(second.version > first.version && !second.active);
    let category = store
        .add_triage_model(
            &model(TriageTarget::Category, b"kategori"),
            true,
            "job",
            later,
        )
        .await
        .unwrap();
    assert!(category.version > second.version);
    assert_eq!(
        store.active_triage_version(agency).await.unwrap(),
        Some(first.version),
        "a version stored without activation leaves the active one"
    );

    let switched = store
        .activate_triage_model(agency, second.version, "7", later)
        .await
        .unwrap();
    assert!(switched.active);
    let listed = store.list_triage_models(agency).await.unwrap();
    let versions: Vec<(i64, bool)> = listed.iter().map(|m| (m.version, m.active)).collect();
    assert_eq!(versions, [(second.version, true), (first.version, false)]);
    assert_eq!(
        store
            .active_triage_version(TriageTarget::Category)
            .await
            .unwrap(),
        Some(category.version),
        "the other target keeps its own"
    );
    let back = store
        .activate_triage_model(agency, first.version, "7", later)
        .await
        .unwrap();
    assert!(back.active, "a switch back to an earlier version");
    let (info, bytes) = store.triage_model(first.version).await.unwrap().unwrap();
    assert_eq!(bytes, b"first");
    assert!(info.active);

    for wrong in [category.version, category.version + 100] {
        assert!(matches!(
            store.activate_triage_model(agency, wrong, "7", later).await,
            Err(StoreError::NotFound)
        ));
    }
    assert!(
        store
            .triage_model(category.version + 100)
            .await
            .unwrap()
            .is_none()
    );

    let (audit, _, _) = store.list_audit().await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            AUDIT_TRIAGE_MODEL_ADD,
            AUDIT_TRIAGE_MODEL_ACTIVATE,
            AUDIT_TRIAGE_MODEL_ADD,
            AUDIT_TRIAGE_MODEL_ADD,
            AUDIT_TRIAGE_MODEL_ACTIVATE,
            AUDIT_TRIAGE_MODEL_ACTIVATE,
            AUDIT_TRIAGE_MODEL_ACTIVATE,
        ]
    );
    let last = audit.last().unwrap();
    assert_eq!(last.subject, format!("triage:{}", first.version));
    assert_eq!(last.payload["previous"], second.version);
    assert!(
        verify_history(store.as_ref(), |_| {})
            .await
            .unwrap()
            .is_intact()
    );
    let again = h.reopen().await;
    assert_eq!(again.list_triage_models(agency).await.unwrap().len(), 2);
    assert_eq!(
        again.active_triage_version(agency).await.unwrap(),
        Some(first.version)
    );
}

/// Beyond the newest inactive versions kept for a switch back, old versions lose their bytes
/// and keep their figures; switching back to one of them is refused.
pub async fn old_inactive_triage_models_lose_their_bytes_and_keep_their_figures(h: &dyn Harness) {
    let store = h.store();
    let agency = TriageTarget::Agency;
    let mut versions = Vec::new();
    for i in 0..KEPT_TRIAGE_MODELS + 3 {
        let m = model(agency, format!("model {i}").as_bytes());
        let info = store.add_triage_model(&m, true, "job", t0()).await.unwrap();
        versions.push(info.version);
    }
    let listed = store.list_triage_models(agency).await.unwrap();
    assert_eq!(
        listed.len(),
        KEPT_TRIAGE_MODELS + 3,
        "every version's figures stay"
    );
    let kept = listed.iter().filter(|m| m.kept).count();
    assert_eq!(
        kept,
        KEPT_TRIAGE_MODELS + 1,
        "the active one and the newest inactive ones"
    );
    let oldest = versions[0];
    assert!(store.triage_model(oldest).await.unwrap().is_none());
    assert!(
        listed
            .iter()
            .any(|m| m.version == oldest && !m.kept && m.metrics["top3"] == 0.97)
    );
    assert!(matches!(
        store.activate_triage_model(agency, oldest, "7", t0()).await,
        Err(StoreError::Conflict { .. })
    ));
    let newest = versions[versions.len() - 1];
    assert_eq!(
        store.active_triage_version(agency).await.unwrap(),
        Some(newest)
    );
}

/// A version that was active keeps its model for a switch back even when newer versions that
/// were never switched on pile up after it.
pub async fn a_once_active_triage_model_outlives_newer_versions_never_switched_on(h: &dyn Harness) {
    let store = h.store();
    let agency = TriageTarget::Agency;
    let first = store
        .add_triage_model(&model(agency, b"in use"), true, "job", t0())
        .await
        .unwrap();
    let mut waiting = Vec::new();
    for i in 0..KEPT_TRIAGE_MODELS {
        let m = model(agency, format!("rejected {i}").as_bytes());
        waiting.push(
            store
                .add_triage_model(&m, false, "job", t0())
                .await
                .unwrap()
                .version,
        );
    }
    store
        .add_triage_model(&model(agency, b"newest"), true, "job", t0())
        .await
        .unwrap();
    assert!(
        store.triage_model(first.version).await.unwrap().is_some(),
        "the version in use before keeps its model"
    );
    assert!(
        store.triage_model(waiting[0]).await.unwrap().is_none(),
        "the oldest never-active one gives way"
    );
    store
        .activate_triage_model(agency, first.version, "7", t0())
        .await
        .unwrap();
}

/// Reports verified to an agency are the examples, in tracking-id order page by page; a
/// report still waiting is not. The suggestion a verification took is counted per version,
/// written with the verification.
pub async fn verified_reports_are_examples_and_the_picks_of_verifications_are_counted(
    h: &dyn Harness,
) {
    let store = h.store();
    let version = store
        .add_triage_model(&model(TriageTarget::Agency, b"m"), true, "job", t0())
        .await
        .unwrap()
        .version;
    let cal = WorkCalendar::new([]);
    let mut verified = Vec::new();
    for rank in [1u8, 1, 0] {
        let (report, _) = submit(store.as_ref(), false).await;
        let d = decide(
            &facts(&report),
            &national_admin().0,
            &dispatch_action("kota-surabaya"),
        )
        .unwrap();
        let picks = [TriagePick {
            target: TriageTarget::Agency,
            version,
            rank,
        }];
        store
            .commit(crate::Commit::Transition {
                id: &report.tracking_id,
                expected_version: report.version,
                state: &d.state,
                event: d.event,
                actor: &national_admin().1,
                at: t0() + Duration::minutes(5),
                effects: Some(crate::Effects {
                    clocks: &[],
                    calendar: &cal,
                    outbox: &[],
                    picks: &picks,
                }),
            })
            .await
            .unwrap();
        verified.push(report.tracking_id);
    }
    let (waiting, _) = submit(store.as_ref(), false).await;
    verified.sort_by(|a, b| a.as_str().cmp(b.as_str()));

    let all = store.triage_examples(None, 10).await.unwrap();
    let ids: Vec<_> = all.iter().map(|e| e.tracking_id).collect();
    assert_eq!(ids, verified, "verified reports only, by tracking id");
    assert!(!ids.contains(&waiting.tracking_id));
    let first = &all[0];
    assert_eq!(first.agency, "kota-surabaya");
    assert_eq!(first.region_code.as_deref(), Some("35.78"));
    assert_eq!(first.channel, "web");
    assert!(first.body.contains("jalan berlubang"));
    let page = store.triage_examples(Some(&ids[0]), 1).await.unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(
        page[0].tracking_id, ids[1],
        "the next page starts after the cursor"
    );

    let counts = store
        .triage_pick_counts(TriageTarget::Agency)
        .await
        .unwrap();
    let seen: Vec<(i64, u8, u64)> = counts
        .iter()
        .map(|c| (c.version, c.rank, c.count))
        .collect();
    assert_eq!(seen, [(version, 0, 1), (version, 1, 2)]);
    assert!(
        store
            .triage_pick_counts(TriageTarget::Category)
            .await
            .unwrap()
            .is_empty()
    );
}

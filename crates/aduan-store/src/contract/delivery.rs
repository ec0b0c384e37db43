//! Contract cases for delivery across channels: the reporter's channel choice is kept with
//! the reporter, and a dead message is sent again once, with a delivery job and an audit entry.

use super::{Harness, access_code_message, t0};
use crate::{
    AUDIT_OUTBOX_REQUEUE, DELIVER_OUTBOX_JOB, DeploymentKey, Failed, JobState, Language, NotifyVia,
    OutboxId, OutboxState, ReporterDelivery, ReporterNotify, Store, SubmitExtras,
};
use aduan_domain::ReporterId;
use aduan_domain::report::Report;
use chrono::Duration;

async fn submit(store: &dyn Store, extras: &SubmitExtras) -> Report {
    super::submit_with(store, false, extras).await.0
}

/// A reporter's choice of channels and language is kept with the reporter.
pub async fn a_reporters_channel_choice_is_kept_with_the_reporter(h: &dyn Harness) {
    let s = h.store();
    let both = ReporterNotify {
        via: NotifyVia::Both,
        language: Language::En,
    };
    let chose = submit(
        s.as_ref(),
        &SubmitExtras {
            notify: Some(both),
            ..Default::default()
        },
    )
    .await;
    let silent = submit(s.as_ref(), &SubmitExtras::default()).await;
    assert_eq!(
        s.reporter_delivery(&chose.reporter).await.unwrap(),
        Some(ReporterDelivery {
            user: None,
            notify: Some(both)
        })
    );
    assert_eq!(
        s.reporter_delivery(&silent.reporter).await.unwrap(),
        Some(ReporterDelivery {
            user: None,
            notify: None
        })
    );
    let nobody = ReporterId::from_stored("r_nobody");
    assert_eq!(s.reporter_delivery(&nobody).await.unwrap(), None);
}

/// Runs `id`'s delivery job until it dies, each attempt failing.
pub(super) async fn kill(s: &dyn Store, id: OutboxId) -> chrono::DateTime<chrono::Utc> {
    let mut now = t0();
    loop {
        let job = s
            .claim_jobs("w", &[DELIVER_OUTBOX_JOB], now, Duration::minutes(5), 1)
            .await
            .unwrap()
            .pop()
            .unwrap();
        s.start_delivery(id).await.unwrap().unwrap();
        s.record_outbox_failure(id, "connection refused")
            .await
            .unwrap();
        match s
            .fail_job(job.id, "w", "connection refused", now)
            .await
            .unwrap()
        {
            Failed::Retry(at) => now = at,
            Failed::Dead => return now,
        }
    }
}

/// A dead message is listed as failed, sent again once (pending, its job queued with fresh
/// attempts, an audit entry naming who did it), and a message that is not dead is not.
pub async fn a_dead_message_is_sent_again_once_with_its_job_and_an_audit_entry(h: &dyn Harness) {
    let s = h.store();
    let key = DeploymentKey::generate();
    let ids: Vec<OutboxId> = s
        .insert_outbox(
            &[
                access_code_message(&key, "m-dead"),
                access_code_message(&key, "m-failing"),
                access_code_message(&key, "m-fine"),
            ],
            t0(),
        )
        .await
        .unwrap()
        .iter()
        .map(|q| q.id)
        .collect();
    let (dead, failing, fine) = (ids[0], ids[1], ids[2]);
    let now = kill(s.as_ref(), dead).await;
    s.record_outbox_failure(failing, "timeout").await.unwrap();

    let failed: Vec<OutboxId> = s
        .list_failed_outbox(10)
        .await
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(failed, [failing, dead], "dead and failing, newest first");

    let later = now + Duration::hours(1);
    assert!(
        !s.requeue_outbox(fine, "7", later).await.unwrap(),
        "not dead"
    );
    assert!(
        !s.requeue_outbox(failing, "7", later).await.unwrap(),
        "not dead"
    );
    assert!(
        !s.requeue_outbox(OutboxId(999_999), "7", later)
            .await
            .unwrap()
    );
    assert!(s.requeue_outbox(dead, "7", later).await.unwrap());
    assert!(!s.requeue_outbox(dead, "7", later).await.unwrap(), "once");

    let m = s.get_outbox(dead).await.unwrap().unwrap();
    assert_eq!(m.state, OutboxState::Pending);
    assert_eq!(m.secret, None, "a wiped secret stays wiped");
    let job = s
        .claim_jobs("w", &[DELIVER_OUTBOX_JOB], later, Duration::minutes(5), 10)
        .await
        .unwrap();
    let job = job
        .iter()
        .find(|j| Some(j.id) == m.job)
        .expect("its job is due");
    assert_eq!(job.attempts, 1, "fresh attempts");
    let audit = s.list_audit().await.unwrap().0;
    let entry = audit
        .iter()
        .find(|e| e.action == AUDIT_OUTBOX_REQUEUE)
        .unwrap();
    assert_eq!(entry.actor, "7");
    assert_eq!(entry.subject, format!("outbox:{dead}"));
    assert!(!entry.payload.to_string().contains("6281234567890"));
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == AUDIT_OUTBOX_REQUEUE)
            .count(),
        1
    );
}

/// A dead message whose job was purged gets a new delivery job.
pub async fn a_dead_message_whose_job_is_gone_gets_a_new_one(h: &dyn Harness) {
    let s = h.store();
    let key = DeploymentKey::generate();
    let id = s
        .insert_outbox(&[access_code_message(&key, "m-gone")], t0())
        .await
        .unwrap()[0]
        .id;
    let now = kill(s.as_ref(), id).await;
    h.exec_sql("DELETE FROM jobs").await;
    assert!(s.requeue_outbox(id, "7", now).await.unwrap());
    let m = s.get_outbox(id).await.unwrap().unwrap();
    let jobs = s.list_jobs(Some(JobState::Queued), 10).await.unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(Some(jobs[0].id), m.job);
    assert_eq!(jobs[0].name, DELIVER_OUTBOX_JOB);
    assert_eq!(jobs[0].payload, serde_json::json!({ "message": id.0 }));
}

//! Contract cases for the notification outbox: one message per dedup key, each with its
//! delivery job, and no secret left readable once a message is sent or dead.

use super::{Harness, t0};
use crate::{
    DELIVER_OUTBOX_JOB, DeploymentKey, Failed, JobState, Language, NewOutboxMessage, NotifyChannel,
    OutboxState, RecipientKind,
};
use chrono::Duration;
use serde_json::json;

const CODE: &str = "K7QM-2XPD-9HRT";

/// An access-code SMS to a reporter without an account, its code sealed with `key`.
pub fn access_code_message(key: &DeploymentKey, dedup: &str) -> NewOutboxMessage {
    NewOutboxMessage {
        recipient_kind: RecipientKind::Address,
        recipient: "+6281234567890".into(),
        channel: NotifyChannel::Sms,
        template: "access_code".into(),
        language: Language::Id,
        payload: json!({ "tracking_id": "LAP-2026-ABCD" }),
        secret: Some(key.seal(CODE, dedup)),
        dedup_key: dedup.into(),
    }
}

fn readable(m: &crate::OutboxMessage) -> bool {
    let row = format!(
        "{:?} {} {}",
        m.secret.as_ref().map(|s| &s.0),
        m.payload,
        m.recipient
    );
    row.contains(CODE)
}

/// An outbox message is written once per dedup key with its delivery job.
pub async fn an_outbox_message_is_written_once_per_dedup_key_with_its_delivery_job(
    h: &dyn Harness,
) {
    let s = h.store();
    let key = DeploymentKey::generate();
    let m = access_code_message(&key, "access_code:LAP-2026-ABCD");
    let first = s
        .insert_outbox(std::slice::from_ref(&m), t0())
        .await
        .unwrap();
    let again = s
        .insert_outbox(&[m.clone(), access_code_message(&key, "other")], t0())
        .await
        .unwrap();
    assert!(first[0].created);
    assert_eq!(again[0].id, first[0].id);
    assert!(!again[0].created && again[1].created);

    let stored = s.get_outbox(first[0].id).await.unwrap().unwrap();
    assert_eq!(stored.state, OutboxState::Pending);
    assert_eq!(stored.template, "access_code");
    assert_eq!(stored.channel, NotifyChannel::Sms);
    assert_eq!(stored.language, Language::Id);
    assert_eq!(stored.recipient_kind, RecipientKind::Address);
    assert_eq!(stored.created_at, t0());
    assert!(!readable(&stored), "the access code is stored sealed");
    let sealed = stored.secret.clone().unwrap();
    assert_eq!(key.open(&sealed, &m.dedup_key).unwrap().as_str(), CODE);

    let jobs = s.list_jobs(None, 10).await.unwrap();
    assert_eq!(jobs.len(), 2, "one delivery job per message");
    let job = jobs.iter().find(|j| Some(j.id) == stored.job).unwrap();
    assert_eq!(job.name, DELIVER_OUTBOX_JOB);
    assert_eq!(job.payload, json!({ "message": stored.id.0 }));
    assert_eq!(s.count_outbox().await.unwrap().pending, 2);
}

/// A delivered message keeps no readable secret.
pub async fn a_delivered_message_keeps_no_readable_secret(h: &dyn Harness) {
    let s = h.store();
    let key = DeploymentKey::generate();
    let id = s
        .insert_outbox(&[access_code_message(&key, "m1")], t0())
        .await
        .unwrap()[0]
        .id;
    let taken = s.start_delivery(id).await.unwrap().unwrap();
    assert_eq!(taken.attempts, 1);
    assert!(taken.secret.is_some());
    assert!(s.mark_outbox_sent(id, t0()).await.unwrap());
    assert!(!s.mark_outbox_sent(id, t0()).await.unwrap(), "sent once");
    assert_eq!(
        s.start_delivery(id).await.unwrap(),
        None,
        "nothing to resend"
    );
    let sent = s.get_outbox(id).await.unwrap().unwrap();
    assert_eq!(sent.state, OutboxState::Sent);
    assert_eq!(sent.sent_at, Some(t0()));
    assert_eq!(sent.secret, None, "the secret is wiped");
    assert!(!readable(&sent));
    for m in s.list_outbox(None, 10).await.unwrap() {
        assert!(!readable(&m) && m.secret.is_none());
    }
}

/// A dead delivery job kills its message and wipes the secret.
pub async fn a_dead_delivery_job_kills_its_message_and_wipes_the_secret(h: &dyn Harness) {
    let s = h.store();
    let key = DeploymentKey::generate();
    let id = s
        .insert_outbox(&[access_code_message(&key, "m1")], t0())
        .await
        .unwrap()[0]
        .id;
    let mut now = t0();
    loop {
        let job = s
            .claim_jobs("w", &[DELIVER_OUTBOX_JOB], now, Duration::minutes(5), 1)
            .await
            .unwrap()
            .pop()
            .unwrap();
        s.start_delivery(id).await.unwrap().unwrap();
        s.record_outbox_failure(id, "gateway refused")
            .await
            .unwrap();
        match s
            .fail_job(job.id, "w", "gateway refused", now)
            .await
            .unwrap()
        {
            Failed::Retry(at) => {
                let m = s.get_outbox(id).await.unwrap().unwrap();
                assert_eq!(
                    m.state,
                    OutboxState::Pending,
                    "retried while attempts remain"
                );
                assert!(m.secret.is_some());
                now = at;
            }
            Failed::Dead => break,
        }
    }
    let dead = s.get_outbox(id).await.unwrap().unwrap();
    assert_eq!(dead.state, OutboxState::Dead);
    assert_eq!(dead.secret, None, "a dead message keeps no secret");
    assert_eq!(dead.attempts, crate::DELIVER_OUTBOX_ATTEMPTS);
    assert_eq!(dead.last_error.as_deref(), Some("gateway refused"));
    assert!(!readable(&dead));
    assert_eq!(s.count_outbox().await.unwrap().dead, 1);
}

/// A delivery whose lease runs out on its last attempt wipes the secret.
pub async fn a_delivery_whose_lease_runs_out_on_its_last_attempt_wipes_the_secret(h: &dyn Harness) {
    let s = h.store();
    let key = DeploymentKey::generate();
    let id = s
        .insert_outbox(&[access_code_message(&key, "m1")], t0())
        .await
        .unwrap()[0]
        .id;
    let lease = Duration::minutes(1);
    let mut now = t0();
    for _ in 0..crate::DELIVER_OUTBOX_ATTEMPTS {
        let claimed = s
            .claim_jobs("crashing", &[DELIVER_OUTBOX_JOB], now, lease, 1)
            .await
            .unwrap();
        assert_eq!(claimed.len(), 1);
        now += lease + Duration::seconds(1);
    }
    assert!(
        s.claim_jobs("w", &[DELIVER_OUTBOX_JOB], now, lease, 1)
            .await
            .unwrap()
            .is_empty()
    );
    let job = s.list_jobs(Some(JobState::Dead), 1).await.unwrap();
    assert_eq!(job.len(), 1);
    let dead = s.get_outbox(id).await.unwrap().unwrap();
    assert_eq!(dead.state, OutboxState::Dead);
    assert_eq!(dead.secret, None);
}

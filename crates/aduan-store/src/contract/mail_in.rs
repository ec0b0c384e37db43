//! Contract cases for e-mail intake's message record.

use super::{Harness, submit, t0};
use crate::MailClaim;
use chrono::Duration;

const KEY: &str = "5d41402abc4b2a76b9719d911017c592aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const OTHER: &str = "7d793037a0760186574b0282f2f435e7bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

/// A message is claimed once; a retry while it is being processed is told so, and a retry
/// after it was processed gets what became of it, from any instance on the database.
pub async fn a_mail_message_is_claimed_once_and_its_outcome_answers_every_retry(h: &dyn Harness) {
    let store = h.store();
    let stale = t0() - Duration::minutes(15);
    assert_eq!(
        store.claim_mail_in(KEY, t0(), stale).await.unwrap(),
        MailClaim::Claimed
    );
    assert_eq!(
        store.claim_mail_in(KEY, t0(), stale).await.unwrap(),
        MailClaim::Busy,
        "a second delivery while the first runs waits"
    );
    assert_eq!(
        store.claim_mail_in(OTHER, t0(), stale).await.unwrap(),
        MailClaim::Claimed,
        "another message is its own"
    );
    let (report, _) = submit(store.as_ref(), false).await;
    store
        .finish_mail_in(KEY, "filed", Some(&report.tracking_id), t0())
        .await
        .unwrap();
    let again = h.reopen().await;
    assert_eq!(
        again
            .claim_mail_in(KEY, t0() + Duration::days(1), t0())
            .await
            .unwrap(),
        MailClaim::Done {
            outcome: "filed".into(),
            tracking_id: Some(report.tracking_id),
        }
    );
    store
        .finish_mail_in(OTHER, "ignored:bounce", None, t0())
        .await
        .unwrap();
    assert_eq!(
        store.claim_mail_in(OTHER, t0(), stale).await.unwrap(),
        MailClaim::Done {
            outcome: "ignored:bounce".into(),
            tracking_id: None,
        }
    );
}

/// A claim given up after a transient failure, or left by a process that died long enough
/// ago, can be claimed again; a finished message never can.
pub async fn a_released_or_stale_mail_claim_is_taken_again(h: &dyn Harness) {
    let store = h.store();
    let soon = t0() + Duration::minutes(1);
    store.claim_mail_in(KEY, t0(), t0()).await.unwrap();
    store.release_mail_in(KEY).await.unwrap();
    assert_eq!(
        store.claim_mail_in(KEY, soon, t0()).await.unwrap(),
        MailClaim::Claimed,
        "released"
    );
    let later = soon + Duration::minutes(30);
    assert_eq!(
        store
            .claim_mail_in(KEY, later, later - Duration::minutes(60))
            .await
            .unwrap(),
        MailClaim::Busy,
        "a claim younger than the stale limit holds"
    );
    assert_eq!(
        store
            .claim_mail_in(KEY, later, later - Duration::minutes(15))
            .await
            .unwrap(),
        MailClaim::Claimed,
        "a claim older than the stale limit is taken over"
    );
    store
        .finish_mail_in(KEY, "reply", None, later)
        .await
        .unwrap();
    store.release_mail_in(KEY).await.unwrap();
    assert!(matches!(
        store
            .claim_mail_in(KEY, later + Duration::days(1), later + Duration::days(1))
            .await
            .unwrap(),
        MailClaim::Done { .. }
    ));
}

/// Finished messages are forgotten after a while; unfinished claims are kept.
pub async fn old_mail_records_are_forgotten(h: &dyn Harness) {
    let store = h.store();
    store.claim_mail_in(KEY, t0(), t0()).await.unwrap();
    store
        .finish_mail_in(KEY, "filed", None, t0())
        .await
        .unwrap();
    store.claim_mail_in(OTHER, t0(), t0()).await.unwrap();
    assert_eq!(store.forget_mail_in(t0()).await.unwrap(), 0, "not before");
    let later = t0() + Duration::days(30);
    assert_eq!(store.forget_mail_in(later).await.unwrap(), 1);
    assert_eq!(
        store.claim_mail_in(KEY, later, later).await.unwrap(),
        MailClaim::Claimed,
        "a forgotten message is new again"
    );
    assert_eq!(
        store.claim_mail_in(OTHER, later, t0()).await.unwrap(),
        MailClaim::Busy,
        "the unfinished claim is still there"
    );
}

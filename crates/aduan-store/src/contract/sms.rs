//! Contract cases for the SMS channel: a gateway message id is handled once and answered the
//! same way again, the per-sender count holds across instances, and delivery reports are kept
//! per part of each outgoing message.

use super::outbox::access_code_message;
use super::{Harness, t0};
use crate::{DeploymentKey, OutboxId, SmsClaim, SmsDelivery, SmsDeliveryStatus, StoreError};
use chrono::Duration;

/// A gateway message id is fresh once, busy while it is handled, and answered the same way
/// afterwards, on this instance and on another.
pub async fn a_gateway_message_is_handled_once_and_answered_the_same_way_again(h: &dyn Harness) {
    let s = h.store();
    let key = DeploymentKey::generate();
    let (now, stale, forget) = (t0(), t0() - Duration::minutes(2), t0() - Duration::days(30));
    let id = "0b5c6a2e-1b1f-4d36-9a3e-8e2f9c1d7a10";
    assert_eq!(
        s.claim_sms(id, now, stale, forget).await.unwrap(),
        SmsClaim::Fresh
    );
    assert_eq!(
        s.claim_sms(id, now, stale, forget).await.unwrap(),
        SmsClaim::Busy,
        "a retry while the first request is still at work waits"
    );
    let answer = key.seal("Laporan diterima", &crate::sms_answer_context(id));
    s.answer_sms(id, &answer, None, now).await.unwrap();
    let other = h.reopen().await;
    match other.claim_sms(id, now, stale, forget).await.unwrap() {
        SmsClaim::Answered(sealed) => assert_eq!(
            key.open(&sealed, &crate::sms_answer_context(id))
                .unwrap()
                .as_str(),
            "Laporan diterima"
        ),
        claim => panic!("expected the stored answer, got {claim:?}"),
    }
    assert!(matches!(
        s.answer_sms("never-claimed", &answer, None, now).await,
        Err(StoreError::NotFound)
    ));
}

/// A released claim, or one abandoned before the staleness limit, is handled afresh; an
/// answered message is forgotten once it is older than the forgetting limit.
pub async fn an_abandoned_claim_is_taken_over_and_old_answers_are_forgotten(h: &dyn Harness) {
    let s = h.store();
    let key = DeploymentKey::generate();
    let forget = t0() - Duration::days(30);
    s.claim_sms("a", t0(), t0(), forget).await.unwrap();
    s.release_sms("a").await.unwrap();
    assert_eq!(
        s.claim_sms("a", t0(), t0(), forget).await.unwrap(),
        SmsClaim::Fresh
    );
    let later = t0() + Duration::minutes(5);
    assert_eq!(
        s.claim_sms("a", later, later - Duration::minutes(2), forget)
            .await
            .unwrap(),
        SmsClaim::Fresh,
        "a claim nobody answered for five minutes is taken over"
    );
    let answer = key.seal("x", &crate::sms_answer_context("a"));
    s.answer_sms("a", &answer, None, later).await.unwrap();
    s.release_sms("a").await.unwrap();
    assert!(
        matches!(
            s.claim_sms("a", later, t0(), forget).await.unwrap(),
            SmsClaim::Answered(_)
        ),
        "an answered message is never released"
    );
    let much_later = later + Duration::days(31);
    assert_eq!(
        s.claim_sms("a", much_later, much_later, much_later - Duration::days(30))
            .await
            .unwrap(),
        SmsClaim::Fresh,
        "answers older than the limit are forgotten"
    );
}

/// Counts per sender and window add up across instances, each window on its own, and old
/// windows are dropped.
pub async fn messages_per_sender_are_counted_per_window_across_instances(h: &dyn Harness) {
    let (a, b) = (h.store(), h.reopen().await);
    let w1 = t0();
    let w2 = t0() + Duration::hours(1);
    let forget = t0() - Duration::days(1);
    assert_eq!(a.count_sms("k1", w1, forget).await.unwrap(), 1);
    assert_eq!(b.count_sms("k1", w1, forget).await.unwrap(), 2);
    assert_eq!(
        a.count_sms("k2", w1, forget).await.unwrap(),
        1,
        "per sender"
    );
    assert_eq!(
        b.count_sms("k1", w2, forget).await.unwrap(),
        1,
        "per window"
    );
    let mut tasks = Vec::new();
    for i in 0..10 {
        let store = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            store.count_sms("k3", w1, forget).await.unwrap()
        }));
    }
    let mut seen = Vec::new();
    for t in tasks {
        seen.push(t.await.unwrap());
    }
    seen.sort_unstable();
    assert_eq!(
        seen,
        (1..=10).collect::<Vec<u32>>(),
        "no count lost or repeated"
    );
    assert_eq!(
        a.count_sms("k1", w1, w2).await.unwrap(),
        1,
        "a window older than the limit starts again"
    );
}

/// Delivery reports are kept per part in arrival order; a repeat is recorded once and a report
/// for an unknown message is refused.
pub async fn delivery_reports_are_kept_per_part_of_each_message(h: &dyn Harness) {
    let s = h.store();
    let key = DeploymentKey::generate();
    let queued = s
        .insert_outbox(&[access_code_message(&key, "sms-dlr")], t0())
        .await
        .unwrap();
    let outbox = queued[0].id;
    let report = |part, status, minutes| SmsDelivery {
        outbox,
        part,
        status,
        detail: "ACK/".into(),
        received_at: t0() + Duration::minutes(minutes),
    };
    assert!(
        s.record_sms_delivery(&report(1, SmsDeliveryStatus::Accepted, 1))
            .await
            .unwrap()
    );
    assert!(
        s.record_sms_delivery(&report(2, SmsDeliveryStatus::Accepted, 1))
            .await
            .unwrap()
    );
    assert!(
        s.record_sms_delivery(&report(1, SmsDeliveryStatus::Delivered, 2))
            .await
            .unwrap()
    );
    assert!(
        !s.record_sms_delivery(&report(1, SmsDeliveryStatus::Delivered, 3))
            .await
            .unwrap(),
        "a repeated report is kept once"
    );
    let listed = s.list_sms_deliveries(outbox).await.unwrap();
    assert_eq!(
        listed,
        vec![
            report(1, SmsDeliveryStatus::Accepted, 1),
            report(2, SmsDeliveryStatus::Accepted, 1),
            report(1, SmsDeliveryStatus::Delivered, 2),
        ]
    );
    let unknown = SmsDelivery {
        outbox: OutboxId(outbox.0 + 1000),
        ..report(1, SmsDeliveryStatus::Failed, 1)
    };
    assert!(matches!(
        s.record_sms_delivery(&unknown).await,
        Err(StoreError::NotFound)
    ));
    assert!(
        s.list_sms_deliveries(unknown.outbox)
            .await
            .unwrap()
            .is_empty()
    );
}

//! Contract cases for registrations waiting for their address: found until forgotten, never
//! after expiry, written with the message that carries their link.

use super::portal::message_to;
use super::{Harness, t0};
use crate::RecipientKind;
use chrono::Duration;

/// A pending registration is found until it is forgotten, not after expiry, and its link's
/// message is queued with it; expired ones are forgotten when the next is kept.
pub async fn a_pending_registration_is_found_until_forgotten_and_not_after_expiry(h: &dyn Harness) {
    let s = h.store();
    let expires = t0() + Duration::hours(24);
    for (hash, sealed, key) in [
        ("a".repeat(64), "v1.satu", "a"),
        ("b".repeat(64), "v1.dua", "b"),
    ] {
        let mut m = message_to(RecipientKind::Address, "siti@example.id", "account_confirm");
        m.dedup_key = format!("account_confirm:{key}");
        s.create_pending_registration(&hash, sealed, expires, &m, t0())
            .await
            .unwrap();
    }
    let outbox = s.list_outbox(None, 10).await.unwrap();
    assert_eq!(outbox.len(), 2, "each link's message is queued with it");
    assert!(outbox.iter().all(|m| m.template == "account_confirm"));

    let soon = t0() + Duration::minutes(5);
    let found = s.pending_registration(&"a".repeat(64), soon).await;
    assert_eq!(found.unwrap().as_deref(), Some("v1.satu"));
    let again = s.pending_registration(&"a".repeat(64), soon).await;
    assert_eq!(
        again.unwrap().as_deref(),
        Some("v1.satu"),
        "until forgotten"
    );
    s.forget_pending_registration(&"a".repeat(64))
        .await
        .unwrap();
    let gone = s.pending_registration(&"a".repeat(64), soon).await;
    assert_eq!(gone.unwrap(), None, "forgotten");
    let unknown = s.pending_registration(&"x".repeat(64), soon).await;
    assert_eq!(unknown.unwrap(), None);
    let late = s.pending_registration(&"b".repeat(64), expires).await;
    assert_eq!(late.unwrap(), None, "not after expiry");

    // The expired one is forgotten when another registration is kept after it.
    let later = expires + Duration::minutes(1);
    let mut m = message_to(RecipientKind::Address, "budi@example.id", "account_confirm");
    m.dedup_key = "account_confirm:c".into();
    s.create_pending_registration(
        &"c".repeat(64),
        "v1.tiga",
        later + Duration::hours(1),
        &m,
        later,
    )
    .await
    .unwrap();
    let before_expiry = t0() + Duration::minutes(10);
    let gone = s.pending_registration(&"b".repeat(64), before_expiry).await;
    assert_eq!(gone.unwrap(), None, "expired registrations are deleted");
}

//! Contract cases for the tag vocabulary.

use super::{Harness, t0};
use crate::{AUDIT_TAG_ADD, AUDIT_TAG_UPDATE, StoreError, verify_history};
use chrono::Duration;

/// A tag is added, renamed, deactivated and activated again; each change is stored with its
/// own audit entry, and writing a tag exactly as it is records nothing.
pub async fn tags_are_added_renamed_and_deactivated_with_an_audit_entry_each(h: &dyn Harness) {
    let store = h.store();
    assert!(store.list_tags().await.unwrap().is_empty());
    let added = store
        .upsert_tag("jalan-rusak", "  Jalan rusak ", true, "7", t0())
        .await
        .unwrap();
    assert_eq!(added.label, "Jalan rusak", "the label is trimmed");
    assert!(added.active);
    assert_eq!(added.created_at, t0());
    store
        .upsert_tag("banjir", "Banjir", true, "7", t0())
        .await
        .unwrap();

    let later = t0() + Duration::hours(1);
    let renamed = store
        .upsert_tag("jalan-rusak", "Jalan berlubang", true, "8", later)
        .await
        .unwrap();
    assert_eq!(renamed.label, "Jalan berlubang");
    assert_eq!(renamed.created_at, t0());
    assert_eq!(renamed.updated_at, later);
    let off = store
        .upsert_tag("jalan-rusak", "Jalan berlubang", false, "8", later)
        .await
        .unwrap();
    assert!(!off.active);
    let same = store
        .upsert_tag("jalan-rusak", "Jalan berlubang", false, "8", later)
        .await
        .unwrap();
    assert_eq!(same, off, "an unchanged tag is returned as it is");

    let listed = store.list_tags().await.unwrap();
    let slugs: Vec<&str> = listed.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(slugs, ["banjir", "jalan-rusak"], "by slug");
    assert_eq!(listed[1], off);

    let (audit, count, _) = store.list_audit().await.unwrap();
    assert_eq!(
        count, 4,
        "two additions and two changes; the no-op is not audited"
    );
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            AUDIT_TAG_ADD,
            AUDIT_TAG_ADD,
            AUDIT_TAG_UPDATE,
            AUDIT_TAG_UPDATE
        ]
    );
    let rename = &audit[2];
    assert_eq!(rename.subject, "tag:jalan-rusak");
    assert_eq!(rename.actor, "8");
    assert_eq!(rename.payload["before"]["label"], "Jalan rusak");
    assert_eq!(rename.payload["after"]["label"], "Jalan berlubang");
    assert_eq!(audit[3].payload["after"]["active"], false);
    assert!(
        verify_history(store.as_ref(), |_| {})
            .await
            .unwrap()
            .is_intact()
    );

    let again = h.reopen().await;
    assert_eq!(again.list_tags().await.unwrap(), listed);
}

/// A slug that is not a slug or a blank label is refused and writes nothing.
pub async fn a_tag_with_a_bad_slug_or_a_blank_label_is_refused_and_writes_nothing(h: &dyn Harness) {
    let store = h.store();
    for (slug, label) in [
        ("Jalan Rusak", "Jalan rusak"),
        ("jalan--rusak", "Jalan rusak"),
        ("", "Jalan rusak"),
        ("jalan-rusak", "   "),
    ] {
        let r = store.upsert_tag(slug, label, true, "7", t0()).await;
        assert!(
            matches!(r, Err(StoreError::Conflict { .. })),
            "{slug:?}: {r:?}"
        );
    }
    assert!(store.list_tags().await.unwrap().is_empty());
    assert_eq!(store.list_audit().await.unwrap().1, 0);
}

//! Contract cases for the categories.

use super::fixtures::{category, date, sample_batch};
use crate::StoreError;
use crate::contract::{Harness, t0};
use aduan_domain::CategoryId;
use aduan_domain::directory::CategoryChanges;

/// A category edit is stored with its audit entry; a refused edit leaves neither.
pub async fn a_category_edit_is_stored_and_audited_together(h: &dyn Harness) {
    let store = h.store();
    store
        .import_directory(&sample_batch(), "sample", "cli", t0())
        .await
        .unwrap();
    let id = CategoryId::new("corona-virus");
    let changes = CategoryChanges {
        sensitive: Some(true),
        active_until: Some(Some(date(2024, 12, 31))),
        ..Default::default()
    };
    let after = store
        .update_category(&id, &changes, "7", t0())
        .await
        .unwrap();
    assert!(after.sensitive);
    assert_eq!(after.active_until, Some(date(2024, 12, 31)));
    assert_eq!(after.active_from, Some(date(2020, 3, 2)));
    assert_eq!(store.get_category(&id).await.unwrap(), Some(after.clone()));
    let (audit, _, _) = store.list_audit().await.unwrap();
    let entry = audit.last().unwrap();
    assert_eq!(entry.action, "category.update");
    assert_eq!(entry.subject, "category:corona-virus");
    assert_eq!(entry.actor, "7");
    assert_eq!(entry.payload["before"]["active_until"], "2023-06-21");
    assert_eq!(entry.payload["after"]["active_until"], "2024-12-31");
    assert_eq!(entry.payload["after"]["sensitive"], true);

    let backwards = CategoryChanges {
        active_from: Some(Some(date(2025, 1, 1))),
        ..Default::default()
    };
    let r = store.update_category(&id, &backwards, "7", t0()).await;
    assert!(matches!(r, Err(StoreError::Conflict { .. })), "{r:?}");
    let missing = store
        .update_category(&CategoryId::new("tidak-ada"), &changes, "7", t0())
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
    assert_eq!(
        store.list_audit().await.unwrap().1,
        2,
        "refused edits leave no entry"
    );
    assert_eq!(store.get_category(&id).await.unwrap(), Some(after));
}

/// Categories come back with their topic, sensitivity and dates, each topic before its
/// sub-topics.
pub async fn categories_keep_their_topic_flags_and_dates(h: &dyn Harness) {
    let store = h.store();
    let batch = sample_batch();
    store
        .import_directory(&batch, "sample", "cli", t0())
        .await
        .unwrap();
    let listed = store.list_categories().await.unwrap();
    let ids: Vec<&str> = listed.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "corona-virus",
            "kesetaraan-gender-dan-sosial-inklusif",
            "kesetaraan-gender-dan-sosial-inklusif/pelecehan-seksual"
        ]
    );
    for c in &batch.categories {
        assert_eq!(store.get_category(&c.id).await.unwrap().as_ref(), Some(c));
    }
    let orphan = category("tidak-ada/sub", "SUB", false);
    let r = store.upsert_categories(&[orphan], "cli", t0()).await;
    assert!(matches!(r, Err(StoreError::Conflict { .. })), "{r:?}");
}

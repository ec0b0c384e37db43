//! Contract cases for attachment records.

use super::{Harness, submit, t0};
use crate::{
    AUDIT_ATTACHMENT_PUBLISH, AUDIT_ATTACHMENT_UNPUBLISH, AttachmentId, EventActor, NewAttachment,
    StoreError, verify_history,
};
use aduan_domain::{Role, TrackingId};

/// A photo uploaded by the reporter of `report`, stored under keys derived from `n`.
fn photo(report: &TrackingId, uploader: &str, n: u32) -> NewAttachment {
    NewAttachment {
        report: *report,
        uploader: EventActor {
            id: uploader.into(),
            role: Role::Reporter,
        },
        original_key: format!("a{n:02}/original"),
        sanitized_key: format!("a{n:02}/sanitized"),
        mime: "image/jpeg".into(),
        size: 48_213,
        sanitized_size: 47_650,
        sha256: format!("{n:064x}"),
        file_name: format!("Foto jalan Siti Rahmawati {n} — Jl. Ahmad Yani.jpg"),
        public: false,
        created_at: t0() + chrono::Duration::seconds(i64::from(n)),
    }
}

/// Attachments are recorded with every field, listed per report in upload order and found by
/// id; a new attachment is not public.
pub async fn attachments_are_recorded_listed_in_upload_order_and_found_by_id(h: &dyn Harness) {
    let store = h.store();
    let (first, _) = submit(store.as_ref(), false).await;
    let (other, _) = submit(store.as_ref(), true).await;
    let uploader = first.reporter.to_string();
    let a = store
        .insert_attachment(&photo(&first.tracking_id, &uploader, 1))
        .await
        .unwrap();
    let elsewhere = store
        .insert_attachment(&photo(&other.tracking_id, "7", 2))
        .await
        .unwrap();
    let mut pdf = photo(&first.tracking_id, &uploader, 3);
    pdf.mime = "application/pdf".into();
    let b = store.insert_attachment(&pdf).await.unwrap();

    let expected = photo(&first.tracking_id, &uploader, 1);
    assert_eq!(a.report, first.tracking_id);
    assert_eq!(a.uploader, expected.uploader);
    assert_eq!(a.original_key, expected.original_key);
    assert_eq!(a.sanitized_key, expected.sanitized_key);
    assert_eq!((a.size, a.sanitized_size), (48_213, 47_650));
    assert_eq!(a.sha256, expected.sha256);
    assert_eq!(
        a.file_name, expected.file_name,
        "the name survives, accents and all"
    );
    assert_eq!(a.created_at, expected.created_at, "microseconds survive");
    assert!(!a.public);
    assert_eq!(b.mime, "application/pdf");

    let listed = store.list_attachments(&first.tracking_id).await.unwrap();
    assert_eq!(listed, vec![a.clone(), b.clone()]);
    assert_eq!(
        store.list_attachments(&other.tracking_id).await.unwrap(),
        vec![elsewhere]
    );
    assert_eq!(store.get_attachment(b.id).await.unwrap(), Some(b));
    assert_eq!(
        store.get_attachment(AttachmentId(999_999)).await.unwrap(),
        None
    );
    let (none, _) = submit(store.as_ref(), false).await;
    assert!(
        store
            .list_attachments(&none.tracking_id)
            .await
            .unwrap()
            .is_empty()
    );
}

/// An attachment for a report that does not exist is refused and leaves nothing behind.
pub async fn an_attachment_for_a_missing_report_is_not_found(h: &dyn Harness) {
    let store = h.store();
    let (report, _) = submit(store.as_ref(), false).await;
    let missing = TrackingId::generate(&mut super::rng());
    assert_ne!(missing, report.tracking_id);
    let r = store.insert_attachment(&photo(&missing, "7", 1)).await;
    assert!(matches!(r, Err(StoreError::NotFound)), "{r:?}");
    assert!(store.list_attachments(&missing).await.unwrap().is_empty());
    let ok = store
        .insert_attachment(&photo(&report.tracking_id, "7", 1))
        .await
        .unwrap();
    assert_eq!(
        ok.original_key, "a01/original",
        "the refused keys were not taken"
    );
}

/// Each blob belongs to one attachment: recording a blob key twice is a conflict.
pub async fn a_blob_key_recorded_twice_is_a_conflict(h: &dyn Harness) {
    let store = h.store();
    let (report, _) = submit(store.as_ref(), false).await;
    store
        .insert_attachment(&photo(&report.tracking_id, "7", 1))
        .await
        .unwrap();
    let mut again = photo(&report.tracking_id, "7", 2);
    again.sanitized_key = "a01/sanitized".into();
    let r = store.insert_attachment(&again).await;
    assert!(matches!(r, Err(StoreError::Conflict { .. })), "{r:?}");
    assert_eq!(
        store
            .list_attachments(&report.tracking_id)
            .await
            .unwrap()
            .len(),
        1
    );
}

/// Publishing and withdrawing are stored and audited in the same transaction; a missing
/// attachment is not found and audits nothing.
pub async fn publishing_an_attachment_is_stored_and_audited(h: &dyn Harness) {
    let store = h.store();
    let (report, _) = submit(store.as_ref(), false).await;
    let a = store
        .insert_attachment(&photo(&report.tracking_id, "7", 1))
        .await
        .unwrap();
    let published = store
        .set_attachment_public(a.id, true, "1", t0())
        .await
        .unwrap();
    assert!(published.public);
    assert!(store.get_attachment(a.id).await.unwrap().unwrap().public);
    let withdrawn = store
        .set_attachment_public(a.id, false, "1", t0())
        .await
        .unwrap();
    assert!(!withdrawn.public);
    assert!(
        !h.reopen()
            .await
            .get_attachment(a.id)
            .await
            .unwrap()
            .unwrap()
            .public
    );

    let missing = store
        .set_attachment_public(AttachmentId(999_999), true, "1", t0())
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");

    let (audit, count, _) = store.list_audit().await.unwrap();
    assert_eq!(count, 2, "the refused change left no entry");
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [AUDIT_ATTACHMENT_PUBLISH, AUDIT_ATTACHMENT_UNPUBLISH]
    );
    assert_eq!(audit[0].subject, format!("attachment:{}", a.id));
    assert_eq!(audit[0].actor, "1");
    assert_eq!(audit[0].payload["report"], report.tracking_id.to_string());
    assert_eq!(audit[0].payload["public"], true);
    let verified = verify_history(store.as_ref(), |_| {}).await.unwrap();
    assert!(verified.problems.is_empty(), "{:?}", verified.problems);
}

/// Of the keys asked about, those no attachment records (as original or sanitized copy) come
/// back in the order asked; recorded ones never do, however many keys are asked at once.
pub async fn blob_keys_no_attachment_records_are_found_among_many(h: &dyn Harness) {
    let store = h.store();
    let (report, _) = submit(store.as_ref(), false).await;
    for n in [1, 2] {
        store
            .insert_attachment(&photo(&report.tracking_id, "7", n))
            .await
            .unwrap();
    }
    let asked: Vec<String> = [
        "zz/orphan-1",
        "a01/original",
        "a02/sanitized",
        "a01/sanitized",
        "aa/orphan-2",
    ]
    .map(String::from)
    .to_vec();
    assert_eq!(
        store.unreferenced_blob_keys(&asked).await.unwrap(),
        ["zz/orphan-1", "aa/orphan-2"]
    );
    assert!(store.unreferenced_blob_keys(&[]).await.unwrap().is_empty());

    // More keys than one statement binds: the answer is the same.
    let mut many: Vec<String> = (0..1000).map(|i| format!("o{i:03}/orphan")).collect();
    many.insert(517, "a02/original".into());
    let orphans = store.unreferenced_blob_keys(&many).await.unwrap();
    assert_eq!(orphans.len(), 1000);
    assert!(!orphans.contains(&"a02/original".to_owned()));
    assert_eq!(orphans[999], "o999/orphan");
}

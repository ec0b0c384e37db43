//! Contract cases for imports from a legacy system: a batch's histories, legacy ids,
//! attachment records and mark are written together or not at all.

use super::{Harness, sample_history};
use crate::{EventActor, ImportBatch, ImportMark, NewAttachment, StoreError};
use aduan_domain::Role;
use aduan_domain::workdays::WorkCalendar;
use chrono::{Duration, TimeZone, Utc};

fn mark(line: u64, imported: u64) -> ImportMark {
    ImportMark {
        source: "lapor-2019.jsonl".into(),
        fingerprint: "sha256:0f1e".into(),
        line,
        byte_offset: line * 1_000,
        imported,
        rejected: 1,
        at: Utc.with_ymd_and_hms(2026, 12, 1, 3, 0, 0).unwrap() + Duration::minutes(line as i64),
    }
}

fn attachment_of(history: &crate::History) -> NewAttachment {
    NewAttachment {
        report: history.report.tracking_id,
        uploader: EventActor {
            id: history.report.reporter.to_string(),
            role: Role::Reporter,
        },
        original_key: "ab/original".into(),
        sanitized_key: "cd/sanitized".into(),
        mime: "image/png".into(),
        size: 120,
        sanitized_size: 100,
        sha256: "0".repeat(64),
        file_name: "foto-jalan.png".into(),
        public: false,
        created_at: history.report.submitted_at,
    }
}

/// An imported report is found by its legacy id, carries its attachment record, and the
/// source's mark says how far the import got.
pub async fn an_import_batch_keeps_legacy_ids_attachments_and_its_mark_together(h: &dyn Harness) {
    let store = h.store();
    let histories = [sample_history(false), sample_history(true)];
    let legacy = ["LAPOR-19-0001".to_owned(), "LAPOR-19-0002".to_owned()];
    let attachments = [attachment_of(&histories[0])];
    let first = mark(3, 2);
    let choices = [(histories[1].report.tracking_id, false)];
    let counts = store
        .import_histories(
            &ImportBatch {
                histories: &histories,
                legacy_ids: &legacy,
                attachments: &attachments,
                choices: &choices,
                mark: &first,
            },
            &WorkCalendar::new([]),
        )
        .await
        .unwrap();
    assert_eq!((counts.reports, counts.events), (2, 10));

    let mut found = store
        .legacy_reports(&[legacy[1].clone(), "LAPOR-19-9999".into(), legacy[0].clone()])
        .await
        .unwrap();
    found.sort_by(|a, b| a.legacy_id.cmp(&b.legacy_id));
    let pairs: Vec<_> = found
        .iter()
        .map(|f| (f.legacy_id.as_str(), f.tracking_id))
        .collect();
    assert_eq!(
        pairs,
        [
            (legacy[0].as_str(), histories[0].report.tracking_id),
            (legacy[1].as_str(), histories[1].report.tracking_id)
        ],
        "an unknown legacy id is simply not found"
    );
    let stored = store
        .list_attachments(&histories[0].report.tracking_id)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].file_name, "foto-jalan.png");
    let kept = store.confidential_choice(&histories[1].report.tracking_id);
    assert_eq!(
        kept.await.unwrap(),
        Some(false),
        "an explicit choice is kept"
    );
    let none = store.confidential_choice(&histories[0].report.tracking_id);
    assert_eq!(none.await.unwrap(), None, "none given, none kept");
    assert_eq!(
        store.import_mark("lapor-2019.jsonl").await.unwrap(),
        Some(first)
    );
    assert_eq!(store.import_mark("other.jsonl").await.unwrap(), None);

    // A batch of only rejected lines still moves the mark.
    let later = mark(7, 2);
    store
        .import_histories(
            &ImportBatch {
                histories: &[],
                legacy_ids: &[],
                attachments: &[],
                choices: &[],
                mark: &later,
            },
            &WorkCalendar::new([]),
        )
        .await
        .unwrap();
    assert_eq!(
        store.import_mark("lapor-2019.jsonl").await.unwrap(),
        Some(later)
    );
}

/// A batch carrying a legacy id that an earlier batch imported is refused whole: its other
/// reports are not written and the mark stays where the earlier batch left it.
pub async fn an_import_batch_with_a_legacy_id_already_imported_writes_nothing(h: &dyn Harness) {
    let store = h.store();
    let cal = WorkCalendar::new([]);
    let first = [sample_history(false)];
    let kept = mark(1, 1);
    store
        .import_histories(
            &ImportBatch {
                histories: &first,
                legacy_ids: &["LAPOR-19-0001".into()],
                attachments: &[],
                choices: &[],
                mark: &kept,
            },
            &cal,
        )
        .await
        .unwrap();

    let again = [sample_history(false), sample_history(true)];
    let result = store
        .import_histories(
            &ImportBatch {
                histories: &again,
                legacy_ids: &["LAPOR-19-0002".into(), "LAPOR-19-0001".into()],
                attachments: &[attachment_of(&again[0])],
                choices: &[(again[1].report.tracking_id, true)],
                mark: &mark(3, 3),
            },
            &cal,
        )
        .await;
    assert!(
        matches!(result, Err(StoreError::Conflict { .. })),
        "{result:?}"
    );
    for h in &again {
        assert_eq!(store.get_report(&h.report.tracking_id).await.unwrap(), None);
        assert!(
            store
                .list_attachments(&h.report.tracking_id)
                .await
                .unwrap()
                .is_empty()
        );
    }
    assert!(
        store
            .legacy_reports(&["LAPOR-19-0002".into()])
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.import_mark("lapor-2019.jsonl").await.unwrap(),
        Some(kept)
    );
}

//! Contract cases for a reporter's own erasure of their identity.

use super::{Harness, sample_identity, submit, t0};
use crate::{AUDIT_IDENTITY_ERASE_OWN, OwnErasure};

/// A reporter's own erasure removes their identity (and with it every look-up by it), leaves
/// another reporter's and the reports as they were, is audited with the channel and the report
/// and nothing that names them, and a second erasure finds nothing to do.
pub async fn a_reporter_erases_their_own_identity_and_the_report_stays(h: &dyn Harness) {
    let store = h.store();
    let s = store.as_ref();
    let (mine, _) = submit(s, false).await;
    let (theirs, _) = submit(s, false).await;
    assert!(s.get_identity(&mine.reporter).await.unwrap().is_some());
    let at = t0() + chrono::Duration::days(2);

    let erased = s
        .erase_reporter_identity(&mine.reporter, &mine.tracking_id, "sms", at)
        .await
        .unwrap();
    assert_eq!(erased, OwnErasure::Erased);
    let left = s.get_identity(&mine.reporter).await.unwrap();
    assert!(
        left.as_ref().is_none_or(|who| *who == Default::default()),
        "nothing of the identity is left: {left:?}"
    );
    assert_eq!(
        s.get_identity(&theirs.reporter).await.unwrap(),
        Some(sample_identity()),
        "another reporter keeps theirs"
    );
    let report = s.get_report(&mine.tracking_id).await.unwrap().unwrap();
    assert_eq!(report.body, mine.body, "the report stays");
    let by_email = s
        .reports_by_contact(sample_identity().email.as_deref(), None, 10)
        .await
        .unwrap();
    assert!(
        by_email.iter().all(|m| m.report != mine.tracking_id),
        "no longer found by the erased e-mail"
    );

    let (entries, _, _) = s.list_audit().await.unwrap();
    let entry = entries
        .iter()
        .find(|e| e.action == AUDIT_IDENTITY_ERASE_OWN)
        .expect("the erasure is audited");
    assert_eq!(entry.subject, format!("report:{}", mine.tracking_id));
    assert_eq!(entry.payload, serde_json::json!({"channel": "sms"}));
    let text = serde_json::to_string(&entries).unwrap_or_default();
    assert!(!text.contains("Siti"), "the audit names nobody");

    let again = s
        .erase_reporter_identity(&mine.reporter, &mine.tracking_id, "sms", at)
        .await
        .unwrap();
    assert_eq!(again, OwnErasure::NothingHeld, "nothing left to erase");
    let (after, _, _) = s.list_audit().await.unwrap();
    assert_eq!(after.len(), entries.len(), "and nothing more audited");
}

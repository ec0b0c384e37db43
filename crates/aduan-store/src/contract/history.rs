//! Contract cases for history verification: altered, inserted and cut chains are named.

use super::{Harness, apply, dispatch_action, submit, t0};
use crate::{HistoryReport, NewUser, verify_history};
use aduan_domain::Role;
use aduan_domain::event::ChainError;
use aduan_domain::lifecycle::Action;

async fn verify(h: &dyn Harness) -> HistoryReport {
    verify_history(h.store().as_ref(), |_| {}).await.unwrap()
}

/// Three reports, one with three events, plus two audit entries.
async fn seed(h: &dyn Harness) -> Vec<aduan_domain::report::Report> {
    let store = h.store();
    let mut reports = Vec::new();
    for _ in 0..3 {
        reports.push(submit(store.as_ref(), false).await.0);
    }
    let r = &reports[1];
    apply(store.as_ref(), r, &dispatch_action("kota-surabaya"), t0())
        .await
        .unwrap();
    let dispatched = store.get_report(&r.tracking_id).await.unwrap().unwrap();
    let note = Action::Note {
        body: "Sudah diteruskan ke Dinas PU.".into(),
    };
    apply(store.as_ref(), &dispatched, &note, t0())
        .await
        .unwrap();
    for email in ["admin@lapor.go.id", "verifikator@lapor.go.id"] {
        let user = NewUser {
            name: "Admin".into(),
            email: Some(email.into()),
            phone: None,
            nik: None,
            password_hash: None,
            role: Role::NationalAdmin,
            agency: None,
            unit: None,
            body: None,
        };
        store.create_user(&user, "system", t0()).await.unwrap();
    }
    reports
}

fn only_problem(report: &HistoryReport) -> (&str, &ChainError) {
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    (&report.problems[0].subject, &report.problems[0].error)
}

/// Untouched chains verify, and everything is counted.
pub async fn history_verification_passes_on_untouched_data(h: &dyn Harness) {
    seed(h).await;
    let report = verify(h).await;
    assert!(report.is_intact(), "{:?}", report.problems);
    assert_eq!(
        (report.reports, report.events, report.audit_entries),
        (3, 5, 2)
    );
}

/// Editing a stored event's body is caught and the report is named.
pub async fn history_verification_catches_an_edited_event_body(h: &dyn Harness) {
    let reports = seed(h).await;
    let id = reports[1].tracking_id;
    h.exec_sql(&format!(
        "UPDATE events SET body = 'Tidak ada masalah.' WHERE report_id = '{id}' AND seq = 3"
    ))
    .await;
    let report = verify(h).await;
    let (subject, error) = only_problem(&report);
    assert_eq!(subject, format!("report {id}"));
    assert_eq!(*error, ChainError::Altered { seq: 3 });
}

/// Removing an event from the middle breaks the chain at the next one.
pub async fn history_verification_catches_a_removed_event(h: &dyn Harness) {
    let reports = seed(h).await;
    let id = reports[1].tracking_id;
    h.exec_sql(&format!(
        "DELETE FROM events WHERE report_id = '{id}' AND seq = 2"
    ))
    .await;
    let report = verify(h).await;
    let (subject, error) = only_problem(&report);
    assert_eq!(subject, format!("report {id}"));
    assert_eq!(*error, ChainError::Broken { seq: 3 });
}

/// Cutting the last event off is caught against the recorded head.
pub async fn history_verification_catches_a_cut_tail(h: &dyn Harness) {
    let reports = seed(h).await;
    let id = reports[1].tracking_id;
    h.exec_sql(&format!(
        "DELETE FROM events WHERE report_id = '{id}' AND seq = 3"
    ))
    .await;
    let report = verify(h).await;
    let (subject, error) = only_problem(&report);
    assert_eq!(subject, format!("report {id}"));
    assert_eq!(
        *error,
        ChainError::HeadMismatch {
            expected: 3,
            found: 2
        }
    );
}

/// An event inserted after the head, even with a correct-looking link, is caught.
pub async fn history_verification_catches_an_appended_event(h: &dyn Harness) {
    let reports = seed(h).await;
    let id = reports[0].tracking_id;
    h.exec_sql(&format!(
        "INSERT INTO events (report_id, seq, actor, role, at, action, from_status, to_status, \
         reason, body, internal, payload, prev_hash, hash) \
         SELECT report_id, 2, actor, role, at, 'withdraw', 'submitted', 'archived', NULL, NULL, \
         internal, payload, hash, hash FROM events WHERE report_id = '{id}' AND seq = 1"
    ))
    .await;
    let report = verify(h).await;
    let (subject, _) = only_problem(&report);
    assert_eq!(subject, format!("report {id}"));
}

/// Altering an audit entry is caught and the audit log is named.
pub async fn history_verification_catches_an_altered_audit_entry(h: &dyn Harness) {
    seed(h).await;
    h.exec_sql("UPDATE audit_log SET subject = 'user:99' WHERE seq = 1")
        .await;
    let report = verify(h).await;
    let (subject, error) = only_problem(&report);
    assert_eq!(subject, "audit_log");
    assert_eq!(*error, ChainError::Altered { seq: 1 });
}

/// Removing the newest audit entry is caught against the recorded head.
pub async fn history_verification_catches_a_cut_audit_log(h: &dyn Harness) {
    seed(h).await;
    h.exec_sql("DELETE FROM audit_log WHERE seq = 2").await;
    let report = verify(h).await;
    let (subject, error) = only_problem(&report);
    assert_eq!(subject, "audit_log");
    assert_eq!(
        *error,
        ChainError::HeadMismatch {
            expected: 2,
            found: 1
        }
    );
}

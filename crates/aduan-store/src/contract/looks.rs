//! Contract cases for the log of staff looks at reporters' identities.

use super::{Harness, submit, t0};
use crate::{IdentityLook, LooksOf, NewUser};
use aduan_domain::{Role, TrackingId, UserId};

fn national(email: &str) -> NewUser {
    NewUser {
        name: "Rina Wulandari".into(),
        email: Some(email.into()),
        phone: None,
        nik: None,
        password_hash: None,
        role: Role::NationalAdmin,
        agency: None,
        unit: None,
        body: None,
    }
}

fn look(user: UserId, report: TrackingId, minute: i64, via: &str, what: &str) -> IdentityLook {
    IdentityLook {
        at: t0() + chrono::Duration::minutes(minute),
        user,
        role: "national_admin".into(),
        report,
        via: via.into(),
        what: what.into(),
    }
}

/// Looks are listed per report and per account, newest first, page by page, each with who,
/// when, through which path and what showed the identity; a batch larger than one statement
/// holds is recorded whole.
pub async fn looks_at_identities_are_listed_per_report_and_per_account_newest_first(
    h: &dyn Harness,
) {
    let store = h.store();
    let store = store.as_ref();
    let (a, _) = submit(store, false).await;
    let (b, _) = submit(store, false).await;
    let rina = store
        .create_user(&national("rina@lapor.go.id"), "1", t0())
        .await
        .unwrap();
    let dewi = store
        .create_user(&national("dewi@lapor.go.id"), "1", t0())
        .await
        .unwrap();
    store.record_identity_looks(&[]).await.unwrap();
    store
        .record_identity_looks(&[
            look(rina.id, a.tracking_id, 1, "office", "report"),
            look(rina.id, b.tracking_id, 2, "api", "list"),
        ])
        .await
        .unwrap();
    store
        .record_identity_looks(&[look(dewi.id, a.tracking_id, 3, "office", "list")])
        .await
        .unwrap();

    let of_a = store
        .list_identity_looks(&LooksOf::Report(a.tracking_id), None, 10)
        .await
        .unwrap();
    let seen: Vec<(UserId, &str, &str)> = of_a
        .iter()
        .map(|r| (r.look.user, r.look.via.as_str(), r.look.what.as_str()))
        .collect();
    assert_eq!(
        seen,
        [(dewi.id, "office", "list"), (rina.id, "office", "report")]
    );
    assert_eq!(of_a[0].look.at, t0() + chrono::Duration::minutes(3));
    assert_eq!(of_a[1].look.role, "national_admin");

    let by_rina = store
        .list_identity_looks(&LooksOf::User(rina.id), None, 1)
        .await
        .unwrap();
    assert_eq!(by_rina.len(), 1);
    assert_eq!(by_rina[0].look.report, b.tracking_id, "newest first");
    let next = store
        .list_identity_looks(&LooksOf::User(rina.id), Some(by_rina[0].id), 1)
        .await
        .unwrap();
    assert_eq!(next.len(), 1);
    assert_eq!(next[0].look.report, a.tracking_id);
    let done = store
        .list_identity_looks(&LooksOf::User(rina.id), Some(next[0].id), 1)
        .await
        .unwrap();
    assert!(done.is_empty());

    let many: Vec<IdentityLook> = (0..1_201)
        .map(|i| look(dewi.id, b.tracking_id, 10 + i, "api", "export"))
        .collect();
    store.record_identity_looks(&many).await.unwrap();
    let mut total = 0;
    let mut before = None;
    loop {
        let page = store
            .list_identity_looks(&LooksOf::Report(b.tracking_id), before, 500)
            .await
            .unwrap();
        let Some(last) = page.last() else { break };
        total += page.len();
        before = Some(last.id);
    }
    assert_eq!(total, 1_202, "every look of the batch and the one before");
}

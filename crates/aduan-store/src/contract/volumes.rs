//! Contract cases for the statistics' running counts: a report counts from its submission in
//! every breakdown, moves when staff recategorise it, leaves when deleted; dispatches count per
//! agency; a recount from the reports equals the running counts; the backlog counts open
//! reports by age.

use super::{Harness, apply, dispatch_action, submit, t0};
use crate::{Store, VolumeCount, VolumeQuery};
use aduan_domain::lifecycle::{Action, AgencyTarget};
use aduan_domain::report::{ArchiveReason, HandlingClass};
use aduan_domain::status::ArchiveReasonCode;
use aduan_domain::{AgencyId, CategoryId};
use chrono::Duration;

async fn counts(s: &dyn Store, dim: &'static str) -> Vec<(String, String, i64)> {
    let mut out: Vec<(String, String, i64)> = s
        .volume_counts(&VolumeQuery {
            dim,
            from: None,
            until: None,
            by_month: false,
        })
        .await
        .unwrap()
        .into_iter()
        .map(|c: VolumeCount| (c.agency, c.value, c.n))
        .collect();
    out.sort();
    out
}

fn dispatch_into(category: &str) -> Action {
    Action::VerifyDispatch {
        target: Some(AgencyTarget {
            agency: AgencyId::new("kota-surabaya"),
            inspectorate: None,
        }),
        handling_class: Some(HandlingClass::Ordinary),
        kind: None,
        title: None,
        category: Some(CategoryId::new(category)),
        tags: None,
    }
}

/// Counted at submission, moved by a new category, left by a deletion; dispatches per agency.
pub async fn reports_count_in_each_breakdown_and_move_with_their_category(h: &dyn Harness) {
    let s = h.store();
    let (a, _) = submit(s.as_ref(), false).await;
    let (b, _) = submit(s.as_ref(), true).await;
    let (gone, _) = submit(s.as_ref(), false).await;
    let kinds = counts(s.as_ref(), "kind").await;
    assert_eq!(kinds, [(String::new(), "complaint".into(), 3)]);
    assert_eq!(
        counts(s.as_ref(), "region").await,
        [(String::new(), "35.78".into(), 3)]
    );
    let at = t0() + Duration::hours(1);
    apply(s.as_ref(), &a, &dispatch_into("infrastruktur/jalan"), at)
        .await
        .unwrap();
    apply(s.as_ref(), &b, &dispatch_action("kota-surabaya"), at)
        .await
        .unwrap();
    let delete = Action::Delete {
        reason: Some(ArchiveReason {
            code: ArchiveReasonCode::Spam,
            duplicate_of: None,
            text: None,
        }),
    };
    apply(s.as_ref(), &gone, &delete, at).await.unwrap();
    assert_eq!(
        counts(s.as_ref(), "category").await,
        [
            (String::new(), String::new(), 1),
            (String::new(), "infrastruktur/jalan".into(), 1)
        ],
        "the deleted report left, the recategorised one moved"
    );
    assert_eq!(
        counts(s.as_ref(), "kind").await,
        [(String::new(), "complaint".into(), 2)]
    );
    assert_eq!(
        counts(s.as_ref(), "dispatched").await,
        [("kota-surabaya".into(), String::new(), 2)]
    );
    let by_month = s
        .volume_counts(&VolumeQuery {
            dim: "kind",
            from: Some("2026-03".into()),
            until: Some("2026-04".into()),
            by_month: true,
        })
        .await
        .unwrap();
    assert_eq!(by_month.len(), 1);
    assert_eq!((by_month[0].period.as_str(), by_month[0].n), ("2026-03", 2));
}

/// A recount from the reports and their events equals the running counts, and the backlog
/// counts the held reports by age.
pub async fn a_recount_equals_the_running_counts_and_the_backlog_counts_held_reports(
    h: &dyn Harness,
) {
    let s = h.store();
    assert!(
        s.volumes_counted().await.unwrap(),
        "a new database is counted"
    );
    for i in 0..4 {
        let (r, _) = submit(s.as_ref(), i % 2 == 0).await;
        if i > 0 {
            let at = t0() + Duration::hours(i);
            apply(s.as_ref(), &r, &dispatch_into("kesehatan"), at)
                .await
                .unwrap();
        }
    }
    let mut kept = Vec::new();
    for dim in aduan_domain::volume::DIMS {
        kept.push(counts(s.as_ref(), dim).await);
    }
    h.exec_sql("DELETE FROM volume_tally").await;
    assert_eq!(s.rebuild_volumes().await.unwrap(), 4);
    for (dim, before) in aduan_domain::volume::DIMS.into_iter().zip(kept) {
        assert_eq!(counts(s.as_ref(), dim).await, before, "{dim}");
    }
    let now = t0() + Duration::days(10);
    let bounds = [7, 30, 90, 365].map(|d| now - Duration::days(d));
    let backlog = s.backlog(&bounds, None).await.unwrap();
    assert_eq!(backlog.len(), 1);
    assert_eq!(backlog[0].agency, "kota-surabaya");
    assert_eq!(backlog[0].buckets, [0, 3, 0, 0, 0], "ten days old");
    let theirs = s
        .backlog(&bounds, Some(&AgencyId::new("kota-makassar")))
        .await
        .unwrap();
    assert!(theirs.is_empty());
}

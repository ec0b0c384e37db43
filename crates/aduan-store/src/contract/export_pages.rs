//! Contract cases for an export's pages: where a page ends is read ahead from the keys, and a
//! page then holds every report between its bounds, with its public follow-ups counted and its
//! reporter's identity (for removing it from the text).

use super::{Harness, dispatched_history, rng, sample_identity, t0};
use crate::{ExportedReport, History, ListScope, ReportFilter};
use aduan_domain::TrackingId;
use aduan_domain::workdays::WorkCalendar;
use chrono::{DateTime, Duration, Utc};

/// A dispatched (public) report submitted at `at`.
fn public_at(at: DateTime<Utc>) -> History {
    dispatched_history(
        &mut rng(),
        false,
        at,
        at + Duration::seconds(30),
        Vec::new(),
    )
}

fn ids(page: &[ExportedReport]) -> Vec<TrackingId> {
    page.iter().map(|e| e.report.tracking_id).collect()
}

/// Five public reports a minute apart; a page of two ends at the second newest. A report
/// written between the first two after that end was read is still in the first page, and the
/// second page runs from the end to the last report.
pub async fn an_export_page_holds_every_report_between_its_bounds(h: &dyn Harness) {
    let s = h.store();
    let cal = WorkCalendar::new([]);
    let at = |i: i64| t0() - Duration::minutes(i);
    let histories: Vec<History> = (0..5).map(|i| public_at(at(i))).collect();
    let newest_first: Vec<TrackingId> = histories.iter().map(|h| h.report.tracking_id).collect();
    s.insert_histories(&histories, &cal).await.unwrap();
    let (public, all) = (&ListScope::Public, &ReportFilter::default());

    let end = s.page_end(public, all, None, 2).await.unwrap();
    assert_eq!(end, Some((at(1), newest_first[1])));
    let late = public_at(at(0) - Duration::seconds(30));
    let late_id = late.report.tracking_id;
    s.insert_histories(&[late], &cal).await.unwrap();

    let first = s
        .list_reports_for_export(public, all, None, end.as_ref())
        .await
        .unwrap();
    assert_eq!(ids(&first), [newest_first[0], late_id, newest_first[1]]);
    let rest = s
        .list_reports_for_export(public, all, end.as_ref(), None)
        .await
        .unwrap();
    assert_eq!(ids(&rest), newest_first[2..]);
    assert_eq!(
        s.page_end(public, all, end.as_ref(), 3).await.unwrap(),
        Some((at(4), newest_first[4]))
    );
    assert_eq!(
        s.page_end(public, all, end.as_ref(), 4).await.unwrap(),
        None
    );
    assert!(
        first
            .iter()
            .all(|e| e.identity == Some(sample_identity()) && e.follow_ups == 0),
        "each report with its reporter's identity and no follow-up"
    );
}

/// A report's public follow-ups are counted on its export row, never an internal one; an
/// erased reporter's identity is not read.
pub async fn an_export_row_counts_public_follow_ups_and_leaves_out_an_erased_identity(
    h: &dyn Harness,
) {
    let s = h.store();
    let history = super::sample_history(false);
    let id = history.report.tracking_id;
    let reporter = history.report.reporter.clone();
    s.insert_histories(&[history], &WorkCalendar::new([]))
        .await
        .unwrap();
    let all = (&ListScope::All, &ReportFilter::default());
    let page = s
        .list_reports_for_export(all.0, all.1, None, None)
        .await
        .unwrap();
    let row = page.iter().find(|e| e.report.tracking_id == id).unwrap();
    assert_eq!(row.follow_ups, 1);
    assert_eq!(row.identity, Some(sample_identity()));

    h.exec_sql(&format!(
        "UPDATE events SET internal = TRUE WHERE report_id = '{id}' AND action = 'follow_up'"
    ))
    .await;

    h.exec_sql(&format!(
        "UPDATE reporters SET erased_at = '2026-04-01T00:00:00Z', name = NULL, email = NULL, \
         phone = NULL, nik = NULL WHERE id = '{reporter}'"
    ))
    .await;
    let page = s
        .list_reports_for_export(all.0, all.1, None, None)
        .await
        .unwrap();
    let row = page.iter().find(|e| e.report.tracking_id == id).unwrap();
    assert_eq!(row.follow_ups, 0, "an internal follow-up is not counted");
    assert_eq!(row.identity, None);
}

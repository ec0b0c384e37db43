//! Contract case for a search's window: a search considers the matches indexed last, within
//! the caller's scope and filters, so narrowing the scope reaches older reports, and the facet
//! counts are of the same matches as the results.

use super::search::{facets, want};
use super::{Harness, apply, dispatch_action, submit, t0};
use crate::{ListScope, NotesAccess, ReportFilter, SearchOrder, Store, TextQuery};
use aduan_domain::{AgencyId, TrackingId};
use chrono::Duration;

/// Submits the sample report and dispatches it to `agency`.
async fn dispatched_to(s: &dyn Store, agency: &str) -> TrackingId {
    let (report, _) = submit(s, false).await;
    apply(
        s,
        &report,
        &dispatch_action(agency),
        t0() + Duration::hours(1),
    )
    .await
    .unwrap();
    report.tracking_id
}

/// Every report a search of `scope` returns, page after page of 50.
async fn found(
    s: &dyn Store,
    scope: &ListScope,
    q: &TextQuery,
    order: SearchOrder,
) -> Vec<TrackingId> {
    let page = s
        .search_reports(scope, &ReportFilter::default(), q, want(order, None, 50))
        .await
        .unwrap();
    let mut ids: Vec<TrackingId> = page
        .hits
        .into_iter()
        .map(|h| h.report.tracking_id)
        .collect();
    ids.sort();
    ids
}

/// The reports a search of everything returns, in its order.
async fn ranked(s: &dyn Store, q: &TextQuery, order: SearchOrder) -> Vec<TrackingId> {
    let page = s
        .search_reports(
            &ListScope::All,
            &ReportFilter::default(),
            q,
            want(order, None, 50),
        )
        .await
        .unwrap();
    page.hits
        .into_iter()
        .map(|h| h.report.tracking_id)
        .collect()
}

/// Whether more reports match `q` in public than its window holds.
async fn is_partial(s: &dyn Store, q: &TextQuery) -> bool {
    let want = want(SearchOrder::Relevance, None, 50);
    s.search_reports(&ListScope::Public, &ReportFilter::default(), q, want)
        .await
        .unwrap()
        .partial
}

/// With a window of two, a search of four matching reports returns and counts the two
/// indexed last, in every order; an agency whose one report is the oldest still finds it.
pub async fn a_search_considers_the_newest_matches_in_its_scope_up_to_its_window(h: &dyn Harness) {
    let s = h.store();
    let oldest = dispatched_to(s.as_ref(), "kabupaten-tangerang").await;
    dispatched_to(s.as_ref(), "kota-surabaya").await;
    let mut newest = vec![
        dispatched_to(s.as_ref(), "kota-surabaya").await,
        dispatched_to(s.as_ref(), "kota-surabaya").await,
    ];
    newest.sort();
    let q = TextQuery {
        terms: vec!["lubang".into()],
        notes: NotesAccess::None,
        window: 2,
    };
    for order in [
        SearchOrder::Relevance,
        SearchOrder::Newest,
        SearchOrder::Deadline,
    ] {
        assert_eq!(
            found(s.as_ref(), &ListScope::Public, &q, order).await,
            newest,
            "{order:?}"
        );
    }
    let counts = facets(s.as_ref(), &ListScope::Public, &q).await;
    assert_eq!(counts.iter().map(|f| f.n).sum::<u64>(), 2);
    assert!(
        is_partial(s.as_ref(), &q).await,
        "four match, two considered"
    );
    assert!(
        !is_partial(
            s.as_ref(),
            &TextQuery {
                window: 4,
                ..q.clone()
            }
        )
        .await,
        "four match, four considered"
    );
    let tangerang = ListScope::Agency(AgencyId::new("kabupaten-tangerang"));
    assert_eq!(
        found(s.as_ref(), &tangerang, &q, SearchOrder::Relevance).await,
        [oldest]
    );
    let wide = TextQuery { window: 10, ..q };
    assert_eq!(
        found(
            s.as_ref(),
            &ListScope::Public,
            &wide,
            SearchOrder::Relevance
        )
        .await
        .len(),
        4
    );
}

/// By relevance a report whose title holds the searched words comes before a newer one that
/// holds them only in its chronology.
pub async fn a_title_holding_the_words_ranks_above_a_newer_chronology_holding_them(
    h: &dyn Harness,
) {
    let s = h.store();
    let (titled, _) = submit(s.as_ref(), false).await;
    let mut new = super::sample_new_report(false);
    new.title = Some("Pengendara motor jatuh".into());
    new.body = "Jalan berlubang di depan pasar sejak bulan lalu.".into();
    let (newer, _) = super::submit_new(s.as_ref(), new, &crate::SubmitExtras::default()).await;
    let q = TextQuery {
        terms: vec!["lubang".into()],
        notes: NotesAccess::None,
        window: crate::SEARCH_WINDOW,
    };
    assert_eq!(
        ranked(s.as_ref(), &q, SearchOrder::Relevance).await,
        [titled.tracking_id, newer.tracking_id]
    );
}

/// A match older than the newest entries a backend searches first is still found: the search
/// widens until its window is full or the whole index was searched.
pub async fn a_match_older_than_the_newest_entries_is_still_found(h: &dyn Harness) {
    let s = h.store();
    let (old, _) = submit(s.as_ref(), false).await;
    unrelated(s.as_ref(), 105).await;
    let q = TextQuery {
        terms: vec!["lubang".into()],
        notes: NotesAccess::None,
        window: 1,
    };
    assert_eq!(
        ranked(s.as_ref(), &q, SearchOrder::Relevance).await,
        [old.tracking_id]
    );
}

/// Submits `n` reports that do not hold "lubang".
async fn unrelated(s: &dyn Store, n: usize) {
    for i in 0..n {
        let mut new = super::sample_new_report(false);
        new.title = Some(format!("Pohon tumbang nomor {i}"));
        new.body = "Pohon besar tumbang menutup jalan.".into();
        super::submit_new(s, new, &crate::SubmitExtras::default()).await;
    }
}

/// A window filled from older entries holds the matches indexed last, each once: with a
/// window of three, one match among the newest entries and three far older, the search
/// returns the newest match and the two indexed before it, and says more matched.
pub async fn a_window_filled_from_older_entries_holds_the_newest_matches_once(h: &dyn Harness) {
    let s = h.store();
    let (oldest, _) = submit(s.as_ref(), false).await;
    unrelated(s.as_ref(), 100).await;
    let (older, _) = submit(s.as_ref(), false).await;
    let (old, _) = submit(s.as_ref(), false).await;
    unrelated(s.as_ref(), 70).await;
    let (newest, _) = submit(s.as_ref(), false).await;
    let q = TextQuery {
        terms: vec!["lubang".into()],
        notes: NotesAccess::None,
        window: 3,
    };
    let page = s
        .search_reports(
            &ListScope::All,
            &ReportFilter::default(),
            &q,
            want(SearchOrder::Newest, None, 50),
        )
        .await
        .unwrap();
    let mut ids: Vec<TrackingId> = page.hits.iter().map(|h| h.report.tracking_id).collect();
    ids.sort();
    let mut expected = vec![newest.tracking_id, old.tracking_id, older.tracking_id];
    expected.sort();
    assert_eq!(ids, expected, "the three matches indexed last, each once");
    assert!(
        page.partial,
        "a fourth report matched: {}",
        oldest.tracking_id
    );
}

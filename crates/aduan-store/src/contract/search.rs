//! Contract cases for full-text search: a report is found by its words only within a scope
//! that may see it, internal notes only by those who may read them, never by its reporter's
//! identity; results page without repeats; facets count what is found; the index is checked
//! and rebuilt page by page. The terms are the lexemes `aduan-text` makes of the sample text
//! ("Jalan berlubang di Jl. Ahmad Yani" indexes `jalan lubang jalan ahmad yani`).

use super::{Harness, apply, dispatch_action, facts, submit, t0};
use crate::{
    EventActor, ListScope, NotesAccess, ReportFilter, SearchAfter, SearchOrder, SearchWant, Store,
    TextQuery,
};
use aduan_domain::actor::{Actor, Role, Staff, StaffRole};
use aduan_domain::lifecycle::{Action, decide};
use aduan_domain::report::Report;
use aduan_domain::{AgencyId, TrackingId, UserId};
use chrono::Duration;

/// The page of `order` after `after`, at most `limit`, without facets.
pub(super) fn want(order: SearchOrder, after: Option<&SearchAfter>, limit: u32) -> SearchWant<'_> {
    SearchWant {
        order,
        after,
        limit,
        facets: false,
    }
}

/// The facet counts of everything `q` finds in `scope`.
pub(super) async fn facets(
    s: &dyn Store,
    scope: &ListScope,
    q: &TextQuery,
) -> Vec<crate::FacetCount> {
    let want = SearchWant {
        facets: true,
        ..want(SearchOrder::Relevance, None, 1)
    };
    s.search_reports(scope, &ReportFilter::default(), q, want)
        .await
        .unwrap()
        .facets
        .unwrap()
}

fn query(terms: &[&str], notes: NotesAccess) -> TextQuery {
    TextQuery {
        terms: terms.iter().map(|t| (*t).to_owned()).collect(),
        notes,
        window: crate::SEARCH_WINDOW,
    }
}

async fn found(s: &dyn Store, scope: &ListScope, q: &TextQuery) -> Vec<TrackingId> {
    s.search_reports(
        scope,
        &ReportFilter::default(),
        q,
        want(SearchOrder::Relevance, None, 50),
    )
    .await
    .unwrap()
    .hits
    .into_iter()
    .map(|h| h.report.tracking_id)
    .collect()
}

/// Submits and dispatches the sample report to Kota Surabaya; the report as stored after.
async fn dispatched(s: &dyn Store) -> Report {
    let (report, _) = submit(s, false).await;
    apply(
        s,
        &report,
        &dispatch_action("kota-surabaya"),
        t0() + Duration::hours(1),
    )
    .await
    .unwrap();
    s.get_report(&report.tracking_id).await.unwrap().unwrap()
}

/// Kota Surabaya's administrator takes `action` on the stored `report`.
async fn by_agency(s: &dyn Store, report: &Report, action: &Action) {
    let actor = Actor::Staff(Staff {
        user: UserId(2),
        role: StaffRole::AgencyAdmin {
            agency: AgencyId::new("kota-surabaya"),
        },
    });
    let d = decide(&facts(report), &actor, action).unwrap();
    s.commit(crate::Commit::Transition {
        id: &report.tracking_id,
        expected_version: report.version,
        state: &d.state,
        event: d.event,
        actor: &EventActor {
            id: "2".into(),
            role: Role::AgencyAdmin,
        },
        at: t0() + Duration::hours(2),
        effects: None,
    })
    .await
    .unwrap();
}

/// Before dispatch only staff who may verify find a report; after it the public and the
/// holding agency do and another agency does not; a confidential report is never public.
pub async fn a_report_is_found_by_its_words_only_in_a_scope_that_may_see_it(h: &dyn Harness) {
    let s = h.store();
    let (waiting, _) = submit(s.as_ref(), false).await;
    let q = query(&["lubang", "yani"], NotesAccess::None);
    assert!(found(s.as_ref(), &ListScope::Public, &q).await.is_empty());
    assert_eq!(
        found(s.as_ref(), &ListScope::All, &q).await,
        [waiting.tracking_id]
    );
    let report = dispatched(s.as_ref()).await;
    let public = found(s.as_ref(), &ListScope::Public, &q).await;
    assert_eq!(public, [report.tracking_id]);
    let holder = ListScope::Agency(AgencyId::new("kota-surabaya"));
    assert!(
        found(s.as_ref(), &holder, &q)
            .await
            .contains(&report.tracking_id)
    );
    let other = ListScope::Agency(AgencyId::new("kabupaten-tangerang"));
    assert!(found(s.as_ref(), &other, &q).await.is_empty());
    let missing = query(&["lubang", "banjir"], NotesAccess::None);
    assert!(
        found(s.as_ref(), &ListScope::All, &missing)
            .await
            .is_empty()
    );
    h.exec_sql(&format!(
        "UPDATE reports SET confidential = TRUE WHERE tracking_id = '{}'",
        report.tracking_id
    ))
    .await;
    assert!(found(s.as_ref(), &ListScope::Public, &q).await.is_empty());
    assert_eq!(
        found(s.as_ref(), &ListScope::Dispatched, &q).await,
        [report.tracking_id]
    );
}

/// A follow-up is searchable by everyone who sees the report; an internal note only where
/// notes may be read, and for the Ombudsman's supervisors only once escalated to them.
pub async fn follow_ups_are_searchable_and_notes_only_by_who_may_read_them(h: &dyn Harness) {
    let s = h.store();
    let report = dispatched(s.as_ref()).await;
    let follow_up = Action::FollowUp {
        body: "Perbaikan aspal dijadwalkan pekan depan.".into(),
    };
    by_agency(s.as_ref(), &report, &follow_up).await;
    let report = s.get_report(&report.tracking_id).await.unwrap().unwrap();
    let note = Action::Note {
        body: "Kontraktor wanprestasi, cek anggaran.".into(),
    };
    by_agency(s.as_ref(), &report, &note).await;
    let id = [report.tracking_id];
    let public = query(&["aspal"], NotesAccess::None);
    assert_eq!(found(s.as_ref(), &ListScope::Public, &public).await, id);
    let none = query(&["kontraktor"], NotesAccess::None);
    assert!(
        found(s.as_ref(), &ListScope::Dispatched, &none)
            .await
            .is_empty()
    );
    let all = query(&["kontraktor"], NotesAccess::All);
    let holder = ListScope::Agency(AgencyId::new("kota-surabaya"));
    assert_eq!(found(s.as_ref(), &holder, &all).await, id);
    let ombudsman = query(&["kontraktor"], NotesAccess::WhenEscalatedToOmbudsman);
    assert!(
        found(s.as_ref(), &ListScope::Dispatched, &ombudsman)
            .await
            .is_empty()
    );
    let public_words = query(&["aspal"], NotesAccess::WhenEscalatedToOmbudsman);
    assert_eq!(
        found(s.as_ref(), &ListScope::Dispatched, &public_words).await,
        id
    );
    h.exec_sql(&format!(
        "UPDATE reports SET escalation_level = 'ombudsman' WHERE tracking_id = '{}'",
        report.tracking_id
    ))
    .await;
    assert_eq!(
        found(s.as_ref(), &ListScope::Dispatched, &ombudsman).await,
        id
    );
}

/// The reporter's name, e-mail, phone and NIK are not in the index: nobody finds a report by
/// them, however broad the scope.
pub async fn nobody_finds_a_report_by_its_reporters_identity(h: &dyn Harness) {
    let s = h.store();
    dispatched(s.as_ref()).await;
    for words in [
        vec!["siti"],
        vec!["rahmawati"],
        vec!["6281234567890"],
        vec!["3578014507900001"],
        vec!["example"],
        vec!["123456789"],
    ] {
        let q = query(&words, NotesAccess::All);
        assert!(
            found(s.as_ref(), &ListScope::All, &q).await.is_empty(),
            "{words:?}"
        );
    }
}

/// Pages of two, by relevance and by newest, cover every hit once.
pub async fn search_results_page_by_score_or_time_without_repeats(h: &dyn Harness) {
    let s = h.store();
    let mut all = Vec::new();
    for _ in 0..5 {
        all.push(dispatched(s.as_ref()).await.tracking_id);
    }
    all.sort();
    let q = query(&["lubang"], NotesAccess::None);
    for order in [
        SearchOrder::Relevance,
        SearchOrder::Newest,
        SearchOrder::Deadline,
    ] {
        let mut seen = Vec::new();
        let mut after: Option<SearchAfter> = None;
        loop {
            let page = s
                .search_reports(
                    &ListScope::Public,
                    &ReportFilter::default(),
                    &q,
                    want(order, after.as_ref(), 2),
                )
                .await
                .unwrap()
                .hits;
            let Some(last) = page.last() else { break };
            after = Some(match order {
                SearchOrder::Relevance => SearchAfter::Score(last.score, last.report.tracking_id),
                SearchOrder::Newest => {
                    SearchAfter::At(last.report.submitted_at, last.report.tracking_id)
                }
                SearchOrder::Deadline => {
                    SearchAfter::At(crate::no_deadline(), last.report.tracking_id)
                }
            });
            seen.extend(page.iter().map(|h| h.report.tracking_id));
            assert!(seen.len() <= 5, "{order:?} repeats: {seen:?}");
        }
        seen.sort();
        assert_eq!(seen, all, "{order:?}");
    }
}

/// Facet counts add up to the reports found, grouped by their values, within the scope.
pub async fn facets_count_what_a_search_finds_within_its_scope(h: &dyn Harness) {
    let s = h.store();
    dispatched(s.as_ref()).await;
    dispatched(s.as_ref()).await;
    submit(s.as_ref(), false).await;
    let q = query(&["lubang"], NotesAccess::None);
    let public = facets(s.as_ref(), &ListScope::Public, &q).await;
    assert_eq!(public.iter().map(|f| f.n).sum::<u64>(), 2);
    assert!(public.iter().all(|f| f.status == "dispatched"));
    assert!(
        public
            .iter()
            .all(|f| f.agency.as_deref() == Some("kota-surabaya"))
    );
    assert!(
        public
            .iter()
            .all(|f| f.region_code.as_deref() == Some("35.78"))
    );
    // t0 is 2 March 2026 09:15 WIB.
    assert!(
        public
            .iter()
            .all(|f| f.period == "2026-03" && f.channel == "web")
    );
    let everything = facets(s.as_ref(), &ListScope::All, &q).await;
    assert_eq!(everything.iter().map(|f| f.n).sum::<u64>(), 3);
}

/// A tampered entry is found stale by the check, a rebuild writes it again, and the analyser
/// version the index stands on is kept.
pub async fn the_index_is_checked_and_rebuilt_page_by_page(h: &dyn Harness) {
    let s = h.store();
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(dispatched(s.as_ref()).await.tracking_id);
    }
    ids.sort();
    let check = |s: std::sync::Arc<dyn Store>| async move {
        let (mut after, mut total) = (None, crate::IndexPage::default());
        loop {
            let page = s.check_search_index(after.as_ref(), 2).await.unwrap();
            total.reports += page.reports;
            total.missing += page.missing;
            total.stale += page.stale;
            match page.last {
                Some(last) => after = Some(last),
                None => break total,
            }
        }
    };
    let clean = check(s.clone()).await;
    assert_eq!((clean.reports, clean.missing, clean.stale), (3, 0, 0));
    let entries = if s.backend() == "postgres" {
        "report_search"
    } else {
        "report_search_keys"
    };
    h.exec_sql(&format!(
        "UPDATE {entries} SET doc_hash = 'tampered' WHERE report_id = '{}'",
        ids[1]
    ))
    .await;
    assert_eq!(check(s.clone()).await.stale, 1);
    let page = s.reindex_reports(None, 2).await.unwrap();
    assert_eq!((page.reports, page.last), (2, Some(ids[1])));
    let rest = s.reindex_reports(page.last.as_ref(), 2).await.unwrap();
    assert_eq!(rest.reports, 1);
    assert_eq!(check(s.clone()).await.stale, 0);
    let q = query(&["lubang"], NotesAccess::None);
    assert_eq!(found(s.as_ref(), &ListScope::Public, &q).await.len(), 3);
    // A database made without reports stands on the first analyser.
    assert_eq!(s.search_basis().await.unwrap(), Some(1));
    s.set_search_basis(1).await.unwrap();
    s.set_search_basis(2).await.unwrap();
    assert_eq!(h.reopen().await.search_basis().await.unwrap(), Some(2));
}

//! Keeping the search index: every entry is written with its report, so the index never
//! drifts; these rebuild it (after the analyser changed, or on an operator's word) and check
//! it, page by page in tracking-id order, telling progress as they go.

use crate::AppState;
use crate::error::AppResult;
use aduan_store::IndexPage;

pub use aduan_text::ANALYSER_VERSION;

/// Reports per page (and per write transaction of a rebuild).
pub const PAGE: u32 = 1_000;

/// What a check found over the whole index.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexTotals {
    /// Reports checked.
    pub reports: u64,
    /// Without an entry.
    pub missing: u64,
    /// With an entry made from other text than the report holds.
    pub stale: u64,
}

impl IndexTotals {
    /// Whether every report's entry is there and current.
    pub fn sound(&self) -> bool {
        self.missing == 0 && self.stale == 0
    }
}

/// Writes every report's entry again, telling `progress` the reports done so far, and records
/// the analyser version the index now stands on; returns the reports indexed.
pub async fn rebuild(state: &AppState, progress: &(dyn Fn(u64) + Sync)) -> AppResult<u64> {
    let mut done = 0;
    let mut after = None;
    loop {
        let page = state.store.reindex_reports(after.as_ref(), PAGE).await?;
        done += page.reports;
        progress(done);
        match page.last {
            Some(last) if page.reports == u64::from(PAGE) => after = Some(last),
            _ => break,
        }
    }
    state
        .store
        .set_search_basis(aduan_text::ANALYSER_VERSION)
        .await?;
    Ok(done)
}

/// Checks every report's entry against its text now, telling `progress` the reports checked.
pub async fn verify(state: &AppState, progress: &(dyn Fn(u64) + Sync)) -> AppResult<IndexTotals> {
    let mut totals = IndexTotals::default();
    let mut after = None;
    loop {
        let page: IndexPage = state.store.check_search_index(after.as_ref(), PAGE).await?;
        totals.reports += page.reports;
        totals.missing += page.missing;
        totals.stale += page.stale;
        progress(totals.reports);
        match page.last {
            Some(last) if page.reports == u64::from(PAGE) => after = Some(last),
            _ => break,
        }
    }
    Ok(totals)
}

/// Makes sure the index stands on this build's analyser: rebuilt when it was built with
/// another version or never recorded one (a database that held reports before the index
/// existed); returns the reports indexed, if it was rebuilt.
pub async fn keep_index_on_analyser(state: &AppState) -> AppResult<Option<u64>> {
    if state.store.search_basis().await? == Some(aduan_text::ANALYSER_VERSION) {
        return Ok(None);
    }
    let indexed = rebuild(state, &|_| {}).await?;
    tracing::info!(reports = indexed, "search index rebuilt for this analyser");
    Ok(Some(indexed))
}

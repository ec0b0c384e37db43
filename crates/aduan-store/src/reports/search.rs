//! Full-text search over reports: each report's text (title, body, follow-ups and location;
//! internal notes apart) is kept as lexemes in an index of the backend's own kind, written in
//! the transaction that writes the report, and searched within a [`ListScope`] and a
//! [`ReportFilter`] exactly as a listing is. The lexemes come from `aduan-text`, so both
//! backends index the same words; reporters' identities are never indexed.

use crate::{ListScope, ReportFilter, StoreResult};
use aduan_domain::TrackingId;
use aduan_domain::report::Report;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// Whose internal notes a search may match: the visibility policy's `internal_notes`, pushed
/// down as the listing pushes down its scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotesAccess {
    /// None: the public, reporters, and supervisors of reports not escalated to them.
    None,
    /// The notes of every report in scope (administrators and unit officers).
    All,
    /// The notes of reports escalated to the Ombudsman only (the Ombudsman's supervisors);
    /// other reports match on their public text.
    WhenEscalatedToOmbudsman,
}

/// How many matching reports a search considers: the most recently indexed ones in the
/// caller's scope and filter. Ranking, sorting and facet counts are exact within them; a
/// search matching more (a common word over a million reports) ranks and counts the newest
/// this many, so that its cost stays bounded however common its words are.
pub const SEARCH_WINDOW: u32 = 1_000;

/// A search: every term must appear (terms are `aduan_text::query_terms`, `[a-z0-9]+`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextQuery {
    /// The lexemes looked for, all of them.
    pub terms: Vec<String>,
    /// Which internal notes may match.
    pub notes: NotesAccess,
    /// At most this many matches are considered, the most recently indexed first
    /// ([`SEARCH_WINDOW`] in the service).
    pub window: u32,
}

/// The order of search results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchOrder {
    /// The best match first (the backend's relevance score), then tracking id.
    Relevance,
    /// Newest first, as a listing.
    Newest,
    /// A work queue's order: the deadline due soonest first (`reports.next_due`).
    Deadline,
}

/// Keyset position in search results: strictly after this.
#[derive(Debug, Clone, PartialEq)]
pub enum SearchAfter {
    /// The score and tracking id of the last hit ([`SearchOrder::Relevance`]).
    Score(f64, TrackingId),
    /// The submission time ([`SearchOrder::Newest`]) or next deadline
    /// ([`SearchOrder::Deadline`]) and tracking id of the last hit.
    At(DateTime<Utc>, TrackingId),
}

/// One report found, with its relevance score (higher is better; comparable only within one
/// search on one backend).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The report.
    pub report: Report,
    /// Its score.
    pub score: f64,
}

/// A count of found reports with the same facet values (status, agency, region, category,
/// kind, channel and month); the application folds them into facets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    /// Status.
    pub status: String,
    /// Holding agency.
    pub agency: Option<String>,
    /// Region code.
    pub region_code: Option<String>,
    /// Category id.
    pub category: Option<String>,
    /// Kind.
    pub kind: String,
    /// Channel.
    pub channel: String,
    /// Month of submission, `YYYY-MM` in WIB.
    pub period: String,
    /// Reports.
    pub n: u64,
}

/// A page of reports (in tracking-id order) whose index entries were written or checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexPage {
    /// Reports on the page.
    pub reports: u64,
    /// Of them, without an index entry ([`SearchStore::check_search_index`] only).
    pub missing: u64,
    /// Of them, with an entry made from other text than the report holds now.
    pub stale: u64,
    /// The last report of the page: where the next page starts; `None` after the last.
    pub last: Option<TrackingId>,
}

/// Which page of a search to read.
#[derive(Debug, Clone, Copy)]
pub struct SearchWant<'a> {
    /// The order.
    pub order: SearchOrder,
    /// Strictly after this.
    pub after: Option<&'a SearchAfter>,
    /// At most this many.
    pub limit: u32,
    /// With the facet counts of everything found (all pages).
    pub facets: bool,
}

/// A page of a search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchPage {
    /// The reports found, in the order asked for.
    pub hits: Vec<SearchHit>,
    /// The facet counts of everything found, when asked for: of the same window, so they add
    /// up to at most `query.window`.
    pub facets: Option<Vec<FacetCount>>,
    /// More reports match than the window holds: the order and the counts are of the newest.
    pub partial: bool,
}

/// Searching reports and keeping the index.
#[async_trait]
pub trait SearchStore: Send + Sync {
    /// Reports in `scope` matching `filter` and `query`: of the `query.window` matches indexed
    /// last (a report is indexed when it is submitted, so these are the newest), the page
    /// `want` asks for (sorted, strictly after `want.after`, at most `want.limit`), and their
    /// facet counts if asked.
    async fn search_reports(
        &self,
        scope: &ListScope,
        filter: &ReportFilter,
        query: &TextQuery,
        want: SearchWant<'_>,
    ) -> StoreResult<SearchPage>;

    /// Writes the index entries of up to `limit` reports after `after` (tracking-id order)
    /// from their text now, in one transaction.
    async fn reindex_reports(
        &self,
        after: Option<&TrackingId>,
        limit: u32,
    ) -> StoreResult<IndexPage>;

    /// Checks the index entries of up to `limit` reports after `after` against their text now,
    /// writing nothing; the last page also runs the backend's own integrity check of the index.
    async fn check_search_index(
        &self,
        after: Option<&TrackingId>,
        limit: u32,
    ) -> StoreResult<IndexPage>;

    /// The analyser version the whole index was last built with (`None`: never, or unknown).
    async fn search_basis(&self) -> StoreResult<Option<u32>>;

    /// Records that the whole index now stands on analyser `version`.
    async fn set_search_basis(&self, version: u32) -> StoreResult<()>;
}

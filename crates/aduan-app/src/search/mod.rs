//! Full-text search over reports (issue 19): a query's words analysed the way the index was
//! (`aduan-text`), searched within the scope the caller may list, internal notes only where the
//! visibility policy lets the caller read them; highlighted snippets of what the caller sees,
//! and facet counts of everything found. Keeping the index: [`index`].

mod facets;
pub mod index;

pub use facets::{FacetValue, Facets};

use crate::AppState;
use crate::error::{AppError, AppResult, FieldErrors};
use aduan_domain::actor::{StaffRole, SupervisorBody};
use aduan_store::{ListScope, NotesAccess, ReportFilter, SEARCH_WINDOW, SearchHit, TextQuery};
use serde::Serialize;
use utoipa::ToSchema;

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// The length of a body's snippet, in characters.
const SNIPPET_CHARS: usize = 180;

/// The internal notes a searcher with `role` may match: the policy's `internal_notes`
/// (administrators and unit officers of the reports they see, the Ombudsman's supervisors of
/// the reports escalated to the Ombudsman, nobody else).
pub fn notes_access(role: Option<&StaffRole>) -> NotesAccess {
    match role {
        Some(StaffRole::NationalAdmin | StaffRole::AgencyAdmin { .. })
        | Some(StaffRole::UnitOfficer { .. }) => NotesAccess::All,
        Some(StaffRole::Supervisor {
            body: SupervisorBody::Ombudsman,
        }) => NotesAccess::WhenEscalatedToOmbudsman,
        Some(StaffRole::Supervisor { .. }) | None => NotesAccess::None,
    }
}

/// The terms of query text `q`; `q`'s field error (`too_long`, `no_terms`) otherwise.
pub fn terms_of(q: &str) -> Result<Vec<String>, &'static str> {
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err("too_long");
    }
    let terms = aduan_text::query_terms(q);
    if terms.is_empty() {
        return Err("no_terms");
    }
    Ok(terms)
}

/// [`terms_of`] as a validation error of field `q`.
pub fn query_of(q: &str, role: Option<&StaffRole>) -> AppResult<TextQuery> {
    match terms_of(q) {
        Ok(terms) => Ok(TextQuery {
            terms,
            notes: notes_access(role),
            window: SEARCH_WINDOW,
        }),
        Err(code) => {
            let mut errors = FieldErrors::new();
            errors.insert("q".into(), code.into());
            Err(AppError::Validation(errors))
        }
    }
}

/// A piece of highlighted text: as written, and whether a searched word matched it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Snippet {
    /// The text.
    pub text: String,
    /// Matched a searched word.
    pub hit: bool,
}

/// Highlights `terms` in `text`: the piece around the first match, at most `max_chars`.
pub fn highlighted(text: &str, terms: &[String], max_chars: usize) -> Vec<Snippet> {
    aduan_text::highlight(text, terms, max_chars)
        .into_iter()
        .map(|s| Snippet {
            text: s.text,
            hit: s.hit,
        })
        .collect()
}

/// What matched in one found report, as its viewer sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HitView {
    /// The report.
    pub tracking_id: String,
    /// Its relevance score (higher is better; compare only within one search).
    pub score: f64,
    /// The title, highlighted.
    pub title: Vec<Snippet>,
    /// A piece of the chronology around the first match, highlighted.
    pub snippet: Vec<Snippet>,
}

impl HitView {
    /// The highlights of a hit whose viewer sees `title` and `body`.
    pub fn of(hit_id: String, score: f64, title: &str, body: &str, terms: &[String]) -> Self {
        Self {
            tracking_id: hit_id,
            score,
            title: highlighted(title, terms, MAX_QUERY_CHARS),
            snippet: highlighted(body, terms, SNIPPET_CHARS),
        }
    }
}

/// What a search adds to a page of reports.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchResult {
    /// The words searched for, as analysed (stemmed, slang folded, stopwords dropped).
    pub terms: Vec<String>,
    /// What matched in each report of the page, in the page's order.
    pub hits: Vec<HitView>,
    /// Counts of everything found by status, agency, province, topic, kind, channel and
    /// month (first page only); of the newest 1,000 matches when more match (`partial`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
}

/// A page of a search: the hits, the facets when asked for.
#[derive(Debug)]
pub struct Found {
    /// The reports found, in order.
    pub hits: Vec<SearchHit>,
    /// The facets of everything found.
    pub facets: Option<Facets>,
}

/// Which page of a search to read.
pub use aduan_store::SearchWant as Want;

/// Searches `scope` for `query` within `filter`: the page `want` asks for. The caller applies
/// the policy to every row.
pub async fn find(
    state: &AppState,
    scope: &ListScope,
    filter: &ReportFilter,
    query: &TextQuery,
    want: Want<'_>,
) -> AppResult<Found> {
    let page = state
        .store
        .search_reports(scope, filter, query, want)
        .await?;
    let partial = page.partial;
    let facets = page.facets.map(|counts| Facets::of(&counts, partial));
    let hits = page.hits;
    Ok(Found { hits, facets })
}

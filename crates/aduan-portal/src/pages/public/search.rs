//! A search of the public feed: public reports only, the best match first, each with a
//! snippet of its chronology where the searched words are marked.

use super::{FeedItem, public_items};
use aduan_app::AppState;
use aduan_app::error::AppResult;
use aduan_app::reports::list::Position;
use aduan_app::search::{Want, find, highlighted, query_of};
use aduan_store::{ListScope, ReportFilter, SearchOrder};

/// The length of a result's snippet, in characters.
const SNIPPET_CHARS: usize = 200;

/// A page of search results.
#[derive(Debug, Default)]
pub struct SearchPage {
    /// The reports found, best first.
    pub items: Vec<FeedItem>,
    /// The cursor of the next page.
    pub next: Option<String>,
    /// How many public reports the search counted (first page only): all that match, or the
    /// newest of them when `partial`.
    pub found: Option<u64>,
    /// More match than a search considers: `found` is the newest of them.
    pub partial: bool,
    /// The text held no word to search for (only common words or signs).
    pub no_terms: bool,
}

/// Searches the public reports within `filter` for `q`, after `cursor` (a cursor this
/// function gave; anything else starts at the top).
pub async fn public_search(
    state: &AppState,
    filter: &ReportFilter,
    q: &str,
    cursor: Option<&str>,
    limit: u32,
) -> AppResult<SearchPage> {
    let state = &state.public_reads();
    let Ok(query) = query_of(q, None) else {
        return Ok(SearchPage {
            no_terms: true,
            ..SearchPage::default()
        });
    };
    let after = cursor
        .and_then(Position::decode)
        .filter(|p| matches!(p, Position::Score(..)))
        .map(|p| p.search_after());
    let want = Want {
        order: SearchOrder::Relevance,
        after: after.as_ref(),
        limit,
        facets: after.is_none(),
    };
    let found = find(state, &ListScope::Public, filter, &query, want).await?;
    let next = found
        .hits
        .last()
        .filter(|_| found.hits.len() == limit as usize)
        .map(|h| Position::Score(h.score, h.report.tracking_id).encode());
    let bodies: Vec<(String, String)> = found
        .hits
        .iter()
        .map(|h| (h.report.tracking_id.to_string(), h.report.body.clone()))
        .collect();
    let reports = found.hits.into_iter().map(|h| h.report).collect();
    let mut items = public_items(state, reports).await?;
    for item in &mut items {
        if let Some((_, body)) = bodies.iter().find(|(id, _)| *id == item.tracking_id) {
            item.snippet = highlighted(body, &query.terms, SNIPPET_CHARS);
        }
    }
    Ok(SearchPage {
        items,
        next,
        partial: found.facets.as_ref().is_some_and(|f| f.partial),
        found: found.facets.map(|f| f.counted),
        no_terms: false,
    })
}

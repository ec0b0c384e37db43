//! Listing and searching reports: the public feed for everyone, a citizen's own reports, and
//! what staff may see for staff; the policy has the last word on every row.

mod query;

pub use query::{Checked, ListQuery, Position, check};

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::reports::viewer::Viewed;
use crate::search::{HitView, SearchResult};
use crate::view::ReportView;
use aduan_domain::actor::{Actor, StaffRole};
use aduan_domain::report::{Report, title_from_body};
use aduan_domain::{AgencyId, TrackingId, UnitId};
use aduan_store::{ListScope, SearchOrder, queue_deadline};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// A page of reports.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportPage {
    /// In the order asked for.
    pub items: Vec<ReportView>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// With `q`: the words searched for, what matched in each item, and on the first page the
    /// counts of everything found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<SearchResult>,
}

impl ReportPage {
    fn empty() -> Self {
        Self {
            items: Vec::new(),
            next_cursor: None,
            search: None,
        }
    }
}

/// The units an officer sees: its own and every unit below it.
async fn subtree(state: &AppState, agency: &AgencyId, unit: &UnitId) -> AppResult<Vec<UnitId>> {
    let units = state.store.list_units(agency).await?;
    let mut out = vec![unit.clone()];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i].clone();
        out.extend(
            units
                .iter()
                .filter(|u| u.parent.as_ref() == Some(&parent))
                .map(|u| u.id.clone()),
        );
        i += 1;
    }
    Ok(out)
}

/// What `caller` may list: the role's scope, their own reports (`mine`), or the public's;
/// `None` for a citizen asking for their own reports who has filed none.
pub(crate) async fn scope_of(
    state: &AppState,
    caller: &Caller,
    mine: bool,
) -> AppResult<Option<ListScope>> {
    Ok(Some(match caller.staff().map(|s| s.role) {
        Some(StaffRole::NationalAdmin) => ListScope::All,
        Some(StaffRole::AgencyAdmin { agency }) => ListScope::Agency(agency),
        Some(StaffRole::UnitOfficer { agency, unit }) => {
            let units = subtree(state, &agency, &unit).await?;
            ListScope::Units(agency, units)
        }
        Some(StaffRole::Supervisor { .. }) => ListScope::Dispatched,
        None => match (&caller.user, mine) {
            (Some(user), true) => match state.store.reporter_of_user(user.id).await? {
                Some(r) => ListScope::Reporter(r),
                None => return Ok(None),
            },
            (None, true) => return Err(AppError::Unauthorized),
            _ => ListScope::Public,
        },
    }))
}

/// List or search reports: the public feed (read from the replica, if there is one), or what
/// the caller's role may see; with `q`, the reports whose text matches.
pub async fn list(state: &AppState, caller: &Caller, q: &ListQuery) -> AppResult<ReportPage> {
    let state = &state.reads_for(caller);
    let Some(rows) = rows_of(state, caller, q).await? else {
        return Ok(ReportPage::empty());
    };
    page_of(state, rows).await
}

/// The tracking ids of the reports [`list`] would show, in its order, without reading what it
/// shows of them (no identity is read, so no look is recorded): for the back office's links
/// to a report's neighbours in the queue.
pub async fn list_ids(state: &AppState, caller: &Caller, q: &ListQuery) -> AppResult<Vec<String>> {
    let state = &state.reads_for(caller);
    let Some(rows) = rows_of(state, caller, q).await? else {
        return Ok(Vec::new());
    };
    Ok(rows
        .seen
        .iter()
        .map(|s| s.report().tracking_id.to_string())
        .collect())
}

/// The rows of one page as their viewers see them, before anything is shown of them.
struct Rows {
    seen: Vec<Viewed>,
    clocks: HashMap<TrackingId, Vec<aduan_domain::sla::Clock>>,
    next_cursor: Option<String>,
    scores: HashMap<TrackingId, f64>,
    search: Option<SearchResult>,
}

/// The rows [`list`] shows; `None` when the caller's scope holds nothing.
async fn rows_of(state: &AppState, caller: &Caller, q: &ListQuery) -> AppResult<Option<Rows>> {
    let checked = check(q, state.clock.now())?;
    let Some(scope) = scope_of(state, caller, q.mine.unwrap_or(false)).await? else {
        return Ok(None);
    };
    let limit = checked.limit;
    let (reports, scores, search) = match &checked.q {
        None => {
            let cursor = match &checked.position {
                Some(Position::At(at, id)) => Some((*at, *id)),
                _ => None,
            };
            let reports = state
                .store
                .list_reports(&scope, &checked.filter, cursor.as_ref(), limit)
                .await?;
            (reports, HashMap::new(), None)
        }
        Some(text) => {
            let role = caller.staff().map(|s| s.role);
            let query = crate::search::query_of(text, role.as_ref())?;
            let after = checked.position.as_ref().map(Position::search_after);
            let want = crate::search::Want {
                order: checked.order,
                after: after.as_ref(),
                limit,
                facets: checked.position.is_none(),
            };
            let found = crate::search::find(state, &scope, &checked.filter, &query, want).await?;
            let scores: HashMap<TrackingId, f64> = found
                .hits
                .iter()
                .map(|h| (h.report.tracking_id, h.score))
                .collect();
            let reports = found.hits.into_iter().map(|h| h.report).collect();
            let result = SearchResult {
                terms: query.terms,
                hits: Vec::new(),
                facets: found.facets,
            };
            (reports, scores, Some(result))
        }
    };
    seen_of(state, caller, &scope, reports, &checked, scores, search)
        .await
        .map(Some)
}

/// `reports` as `caller` sees them: each row through the policy, with the cursor of the next
/// page.
async fn seen_of(
    state: &AppState,
    caller: &Caller,
    scope: &ListScope,
    reports: Vec<Report>,
    checked: &Checked,
    scores: HashMap<TrackingId, f64>,
    search: Option<SearchResult>,
) -> AppResult<Rows> {
    // What the page shows of its reports is read for all of them at once: a fixed number of
    // statements per page, however many rows it has.
    let ids: Vec<TrackingId> = reports.iter().map(|r| r.tracking_id).collect();
    let clocks = state.store.list_clocks_of(&ids).await?;
    let last = reports
        .last()
        .filter(|_| reports.len() == checked.limit as usize);
    let next_cursor = last.map(|r| {
        let id = r.tracking_id;
        match checked.order {
            SearchOrder::Relevance => Position::Score(scores.get(&id).copied().unwrap_or(0.0), id),
            SearchOrder::Deadline => {
                let theirs = clocks.get(&id).map(Vec::as_slice).unwrap_or_default();
                Position::At(queue_deadline(theirs), id)
            }
            SearchOrder::Newest => Position::At(r.submitted_at, id),
        }
        .encode()
    });
    // An access code unlocks one report, not a listing: trying it on every row would count
    // each other report as a wrong guess. So each row's viewer is the caller's staff role,
    // else their own reporter id (read once), else the public.
    let staff = caller.staff();
    let own = match (scope, &staff, &caller.user) {
        (ListScope::Reporter(r), _, _) => Some(r.clone()),
        (_, None, Some(user)) => state.store.reporter_of_user(user.id).await?,
        _ => None,
    };
    let seen = reports
        .into_iter()
        .map(|report| {
            let actor = match &staff {
                Some(s) => Actor::Staff(s.clone()),
                None if own.as_ref() == Some(&report.reporter) => {
                    Actor::Reporter(report.reporter.clone())
                }
                None => Actor::Public,
            };
            (actor, report)
        })
        .collect();
    // The scope already filtered in SQL; the policy has the last word on every row.
    let seen: Vec<Viewed> = Viewed::many(state, seen)
        .await?
        .into_iter()
        .filter(|s| s.visibility().report())
        .map(|s| s.through(caller.via))
        .collect();
    Ok(Rows {
        seen,
        clocks,
        next_cursor,
        scores,
        search,
    })
}

/// The page of `rows`: what each viewer may see of its report and, for a search, each row's
/// highlights.
async fn page_of(state: &AppState, rows: Rows) -> AppResult<ReportPage> {
    let Rows {
        seen,
        clocks,
        next_cursor,
        scores,
        mut search,
    } = rows;
    let items = crate::reports::read::views_of(state, &seen, &clocks).await?;
    if let Some(result) = search.as_mut() {
        // One view per report seen, in order: each row's score is its report's.
        result.hits = seen
            .iter()
            .zip(&items)
            .map(|(s, v)| {
                let title = v.title.clone().unwrap_or_else(|| title_from_body(&v.body));
                let score = scores.get(&s.report().tracking_id).copied().unwrap_or(0.0);
                HitView::of(v.tracking_id.clone(), score, &title, &v.body, &result.terms)
            })
            .collect();
    }
    Ok(ReportPage {
        items,
        next_cursor,
        search,
    })
}

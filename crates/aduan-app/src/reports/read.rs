//! Reading one report as a given viewer: the view, the status card, the history. The one
//! visibility policy is applied here for every edge (API, pages, SMS): what is shown comes
//! only from a [`Viewed`], which only this crate makes (see [`crate::reports::viewer`]).

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::reports::looks::{self, Shown};
use crate::reports::viewer::Viewed;
use crate::view::{EventView, ReportView, StatusCard, event_views, report_view, status_card};
use aduan_domain::sla::Clock;
use aduan_domain::visibility::IdentityView;
use aduan_domain::{ReporterId, TrackingId};
use aduan_store::{Cursor, ListScope, ReportFilter};
use std::collections::HashMap;

/// Loads a report and what `caller` may see of it (404 for a malformed or unknown id).
pub async fn load(state: &AppState, caller: &Caller, tracking_id: &str) -> AppResult<Viewed> {
    let id = tracking_id.trim();
    if let Ok(tracking) = TrackingId::parse(id)
        && let Some(report) = state.store.get_report(&tracking).await?
    {
        return Viewed::of(state, caller, report).await;
    }
    // Not a tracking id here: the id an imported report had in the legacy system, perhaps.
    if id.is_empty() || id.len() > crate::import::build::MAX_LEGACY_ID {
        return Err(AppError::NotFound);
    }
    let found = state.store.legacy_reports(&[id.to_owned()]).await?;
    let Some(legacy) = found.into_iter().next() else {
        return Err(AppError::NotFound);
    };
    let report = state
        .store
        .get_report(&legacy.tracking_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let seen = Viewed::of(state, caller, report).await?;
    // Legacy ids are often sequential, so they can be guessed, unlike tracking ids: by one, a
    // caller without an identity finds only a report the public may see.
    if caller.is_anonymous() && !seen.visibility().report() {
        return Err(AppError::NotFound);
    }
    Ok(seen)
}

/// The view of a report its viewer may see: the identity as the policy shows it, and the live
/// clocks; `not_found` when they may not see the report. Staff shown a reporter's identity
/// are recorded in the log of looks first ([`crate::reports::looks`]).
pub async fn view_of(state: &AppState, seen: &Viewed) -> AppResult<ReportView> {
    let vis = seen.visibility();
    if !vis.report() {
        return Err(AppError::NotFound);
    }
    let report = seen.report();
    let identity = match vis.identity() {
        IdentityView::Full | IdentityView::NameOnly => {
            state.store.get_identity(&report.reporter).await?
        }
        IdentityView::Pelapor | IdentityView::Anonim => None,
    };
    let look = looks::look_of(state, seen, identity.as_ref(), Shown::Report);
    looks::record(state, look.as_slice()).await?;
    let clocks = state.store.list_clocks(&report.tracking_id).await?;
    Ok(report_view(
        report,
        vis,
        identity.as_ref(),
        crate::deadlines::sla_view(state, &clocks),
    ))
}

/// The views of many reports their viewers may see (a list page), with `clocks` read for all
/// of them at once; the identities the policy shows are read at once too, and no other, and
/// the looks of staff shown them are recorded together first. `not_found` when a viewer may
/// not see their report.
pub async fn views_of(
    state: &AppState,
    seen: &[Viewed],
    clocks: &HashMap<TrackingId, Vec<Clock>>,
) -> AppResult<Vec<ReportView>> {
    if seen.iter().any(|s| !s.visibility().report()) {
        return Err(AppError::NotFound);
    }
    let mut shown: Vec<ReporterId> = seen
        .iter()
        .filter(|s| {
            matches!(
                s.visibility().identity(),
                IdentityView::Full | IdentityView::NameOnly
            )
        })
        .map(|s| s.report().reporter.clone())
        .collect();
    shown.sort();
    shown.dedup();
    let identities = state.store.get_identities(&shown).await?;
    let seen_looks: Vec<_> = seen
        .iter()
        .filter_map(|s| {
            let identity = identities.get(&s.report().reporter);
            looks::look_of(state, s, identity, Shown::List)
        })
        .collect();
    looks::record(state, &seen_looks).await?;
    Ok(seen
        .iter()
        .map(|s| {
            let report = s.report();
            let identity = match s.visibility().identity() {
                IdentityView::Full | IdentityView::NameOnly => identities.get(&report.reporter),
                IdentityView::Pelapor | IdentityView::Anonim => None,
            };
            let clocks = clocks
                .get(&report.tracking_id)
                .map(Vec::as_slice)
                .unwrap_or_default();
            report_view(
                report,
                s.visibility(),
                identity,
                crate::deadlines::sla_view(state, clocks),
            )
        })
        .collect())
}

/// The report as `caller` may see it; `not_found` when they may not see it. A caller without
/// an identity reads the replica, if there is one ([`AppState::reads_for`]).
pub async fn report(state: &AppState, caller: &Caller, tracking_id: &str) -> AppResult<ReportView> {
    let state = &state.reads_for(caller);
    view_of(state, &load(state, caller, tracking_id).await?).await
}

/// The status card, for anyone holding the tracking id.
pub async fn status(state: &AppState, caller: &Caller, tracking_id: &str) -> AppResult<StatusCard> {
    let state = &state.reads_for(caller);
    card_of(state, &load(state, caller, tracking_id).await?).await
}

/// The status card of a report as its viewer may see it, with the live clocks (anyone holding
/// the tracking id sees one).
pub async fn card_of(state: &AppState, seen: &Viewed) -> AppResult<StatusCard> {
    let report = seen.report();
    let clocks = state.store.list_clocks(&report.tracking_id).await?;
    Ok(status_card(
        report,
        seen.visibility(),
        crate::deadlines::sla_view(state, &clocks),
    ))
}

/// The history `caller` may see, oldest first; `not_found` when they may not see the report.
pub async fn events(
    state: &AppState,
    caller: &Caller,
    tracking_id: &str,
) -> AppResult<Vec<EventView>> {
    let state = &state.reads_for(caller);
    history_of(state, &load(state, caller, tracking_id).await?).await
}

/// The history of a report its viewer may see, oldest first; `not_found` when they may not
/// see the report.
pub async fn history_of(state: &AppState, seen: &Viewed) -> AppResult<Vec<EventView>> {
    if !seen.visibility().report() {
        return Err(AppError::NotFound);
    }
    let events = state.store.list_events(&seen.report().tracking_id).await?;
    Ok(event_views(&events, seen.visibility()))
}

/// The logged-in account's own reports, newest first, after `cursor`, at most `limit`: those
/// the policy lets their reporter see, and the cursor to read on from when the page was full.
pub async fn own_reports(
    state: &AppState,
    caller: &Caller,
    cursor: Option<&Cursor>,
    limit: u32,
) -> AppResult<(Vec<Viewed>, Option<Cursor>)> {
    let user = caller.require_user()?;
    let Some(reporter) = state.store.reporter_of_user(user.id).await? else {
        return Ok((Vec::new(), None));
    };
    let scope = ListScope::Reporter(reporter.clone());
    let reports = state
        .store
        .list_reports(&scope, &ReportFilter::default(), cursor, limit)
        .await?;
    let next = reports
        .last()
        .filter(|_| reports.len() == limit as usize)
        .map(|r| (r.submitted_at, r.tracking_id));
    let mut out = Vec::with_capacity(reports.len());
    for report in reports {
        let actor = aduan_domain::actor::Actor::Reporter(reporter.clone());
        let seen = Viewed::new(state, actor, report).await?;
        if seen.visibility().report() {
            out.push(seen);
        }
    }
    Ok((out, next))
}

//! `/akun`: the account home. A citizen sees their contact details and their reports; staff
//! see their name and role, and that the back office is a separate application.

use super::require_user;
use aduan_app::AppState;
use aduan_app::reports::read::visibility_as;
use aduan_domain::TrackingId;
use aduan_domain::actor::Actor;
use aduan_domain::report::{Report, title_from_body};
use aduan_domain::visibility::Visibility;
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use aduan_store::{Cursor, ListScope, ReportFilter, User};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// Reports per page of "my reports".
const PAGE_SIZE: u32 = 20;

/// A report of the account's own, with what its reporter may see of it.
pub struct OwnReport {
    /// The report.
    pub report: Report,
    /// The reporter's view, by the domain policy.
    pub vis: Visibility,
}

/// The account's own reports, newest first, after `cursor`, at most `limit`: those the
/// policy lets the reporter see, and the cursor to read on from when the page was full.
pub async fn own_reports(
    state: &AppState,
    user: &User,
    cursor: Option<&Cursor>,
    limit: u32,
) -> Result<(Vec<OwnReport>, Option<Cursor>), PageError> {
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
    let actor = Actor::Reporter(reporter);
    let mut out = Vec::with_capacity(reports.len());
    for report in reports {
        let vis = visibility_as(state, &actor, &report).await?;
        if vis.report() {
            out.push(OwnReport { report, vis });
        }
    }
    Ok((out, next))
}

/// One line of "my reports".
struct Row {
    id: String,
    title: String,
    status: String,
    submitted: String,
}

#[derive(Template)]
#[template(path = "account_home.html")]
struct HomePage {
    c: Ctx,
    name: String,
    email: Option<String>,
    phone: Option<String>,
    /// The staff role's label, for staff accounts.
    role: Option<String>,
    reports: Vec<Row>,
    /// The tracking id to continue after, when there are more.
    more_after: Option<String>,
    /// Whether this is a later page.
    paged: bool,
}

/// `?setelah=<tracking id>`: the page after that report.
#[derive(Debug, Default, Deserialize)]
pub struct HomeQuery {
    setelah: Option<String>,
}

/// `GET /akun`.
pub async fn home(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<HomeQuery>,
) -> Result<Response, PageError> {
    let user = match require_user(&c) {
        Ok(u) => u,
        Err(redirect) => return Ok(redirect.into_response()),
    };
    let staff = user
        .staff_role()
        .map(|r| c.t(&format!("account-role-{}", r.role().as_str())));
    let mut reports = Vec::new();
    let mut more_after = None;
    let mut paged = false;
    if staff.is_none() {
        let cursor = match q.setelah.as_deref().map(TrackingId::parse) {
            Some(Ok(id)) => state
                .store
                .get_report(&id)
                .await?
                .map(|r| (r.submitted_at, r.tracking_id)),
            _ => None,
        };
        paged = cursor.is_some();
        let (mut own, _) = own_reports(&state, &user, cursor.as_ref(), PAGE_SIZE + 1).await?;
        if own.len() > PAGE_SIZE as usize {
            own.truncate(PAGE_SIZE as usize);
            more_after = own.last().map(|o| o.report.tracking_id.to_string());
        }
        reports = own
            .iter()
            .map(|o| Row {
                id: o.report.tracking_id.to_string(),
                title: o
                    .report
                    .state
                    .title
                    .clone()
                    .unwrap_or_else(|| title_from_body(&o.report.body)),
                status: c.status(o.report.state.status.as_str()),
                submitted: c.when(&o.report.submitted_at),
            })
            .collect();
    }
    render(&HomePage {
        name: user.name.clone(),
        email: user.email.clone(),
        phone: user.phone.clone(),
        role: staff,
        reports,
        more_after,
        paged,
        c,
    })
}

//! `/akun`: the account home. A citizen sees their contact details and their reports; staff
//! see their name and role, and that the back office is a separate application.

use super::require_user;
use aduan_app::AppState;
use aduan_app::reports::read::own_reports;
use aduan_domain::TrackingId;
use aduan_domain::report::title_from_body;
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// Reports per page of "my reports".
const PAGE_SIZE: u32 = 20;

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
        let (mut own, _) = own_reports(&state, &c.caller(), cursor.as_ref(), PAGE_SIZE + 1).await?;
        if own.len() > PAGE_SIZE as usize {
            own.truncate(PAGE_SIZE as usize);
            more_after = own.last().map(|o| o.report().tracking_id.to_string());
        }
        reports = own
            .iter()
            .map(|o| o.report())
            .map(|r| Row {
                id: r.tracking_id.to_string(),
                title: r
                    .state
                    .title
                    .clone()
                    .unwrap_or_else(|| title_from_body(&r.body)),
                status: c.status(r.state.status.as_str()),
                submitted: c.when(&r.submitted_at),
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

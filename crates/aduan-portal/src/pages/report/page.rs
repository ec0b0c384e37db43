//! `GET /laporan/{id}`: the report as this visitor may see it. The reporter (by login or by
//! the access code remembered for this report) sees everything that concerns them and the
//! actions open to them; the public sees a dispatched, non-confidential report; anyone else
//! holding the tracking id sees the status card.

use super::comments::{CommentItem, labelled};
use super::{access, timeline};
use aduan_app::AppState;
use aduan_app::auth::Caller;
use aduan_app::reports::read::{card_of, history_of, load, view_of};
use aduan_app::view::{ReportView, StatusCard};
use aduan_domain::lifecycle::reporter_actions;
use aduan_domain::visibility::IdentityView;
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// A message shown at the top of the page after an action.
pub struct Flash {
    /// Success (or a problem).
    pub ok: bool,
    /// The text.
    pub text: String,
}

/// An attachment as listed.
pub struct FileItem {
    /// Download link.
    pub href: String,
    /// Shown name.
    pub name: String,
    /// Size in KB.
    pub kb: i64,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    c: Ctx,
    r: ReportView,
    reporter: String,
    agency: Option<String>,
    requested_agency: Option<String>,
    category: Option<String>,
    clock: Option<String>,
    auto_close: Option<String>,
    items: Vec<timeline::Item>,
    files: Vec<FileItem>,
    is_reporter: bool,
    /// The reveals of the reporter's identity they have been told of (the reporter only).
    reveals: Vec<aduan_app::reports::reveal::RevealNotice>,
    is_staff: bool,
    actions: Vec<&'static str>,
    support: u64,
    supported: bool,
    comments: Vec<CommentItem>,
    flash: Option<Flash>,
}

impl ReportPage {
    fn can(&self, action: &str) -> bool {
        self.actions.contains(&action)
    }
}

#[derive(Template)]
#[template(path = "status_card.html")]
struct StatusPage {
    c: Ctx,
    card: StatusCard,
    clock: Option<String>,
    flash: Option<Flash>,
}

/// `?ok=` after a successful action.
#[derive(Deserialize)]
pub struct Done {
    ok: Option<String>,
}

/// The caller this browser is for `id`: its session and the code it remembers.
pub fn caller(c: &Ctx, headers: &HeaderMap, id: &str) -> Caller {
    Caller {
        access_code: access::code(headers, id),
        ..c.caller()
    }
}

async fn agency_name(state: &AppState, slug: Option<&String>) -> Result<Option<String>, PageError> {
    let Some(slug) = slug else { return Ok(None) };
    let found = state
        .store
        .get_agency(&aduan_domain::AgencyId::new(slug))
        .await?;
    Ok(Some(found.map(|a| a.name).unwrap_or_else(|| slug.clone())))
}

/// Renders the report page for this visitor, with an optional message.
pub async fn page(
    state: &AppState,
    c: Ctx,
    headers: &HeaderMap,
    id: &str,
    flash: Option<Flash>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let caller = caller(&c, headers, id);
    // A visitor without an identity reads the replica, if there is one.
    let state = &state.reads_for(&caller);
    let seen = load(state, &caller, id).await?;
    let (report, vis) = (seen.report(), seen.visibility());
    if !vis.report() {
        let card = card_of(state, &seen).await?;
        let clock = card.sla.as_ref().map(|s| timeline::clock_text(&c, s));
        let mut res = render(&StatusPage {
            c,
            card,
            clock,
            flash,
        })?;
        *res.status_mut() = status;
        return Ok(res);
    }
    let r = view_of(state, &seen).await?;
    let events = history_of(state, &seen).await?;
    let names = timeline::names(state.store.as_ref(), &events).await?;
    let items = timeline::items(&c, &events, &names);
    let clocks = state.store.list_clocks(&report.tracking_id).await?;
    let facts = aduan_app::facts::report_facts(state, report, &clocks).await?;
    let is_reporter = seen.is_reporter();
    let reveals = aduan_app::reports::reveal::told_to_reporter(state, &seen).await?;
    let actions: Vec<&'static str> = reporter_actions(&facts, seen.actor())
        .into_iter()
        .map(|k| k.as_str())
        .collect();
    let reporter = match vis.identity() {
        IdentityView::Anonim => c.t("reporter-anonymous"),
        IdentityView::Pelapor => c.t("reporter-hidden"),
        _ => r
            .reporter
            .name
            .clone()
            .unwrap_or_else(|| c.t("reporter-hidden")),
    };
    let clock = r
        .sla
        .as_ref()
        .filter(|s| s.phase.as_str() != "auto_close")
        .map(|s| timeline::clock_text(&c, s));
    let auto_close = r
        .clocks
        .iter()
        .find(|k| k.open && k.phase.as_str() == "auto_close")
        .map(|k| timeline::clock_text(&c, k));
    let files = aduan_app::reports::attachments::listed(state, &seen)
        .await?
        .into_iter()
        .map(|a| FileItem {
            href: format!("/laporan/{}/lampiran/{}", report.tracking_id, a.id),
            name: format!("{} {}", c.t("report-file"), a.id),
            kb: (a.size + 1023) / 1024,
        })
        .collect();
    let is_staff = seen.staff().is_some();
    let support = state.store.support_count(&report.tracking_id).await?;
    let supported = match &c.user {
        Some(u) => state.store.has_supported(&report.tracking_id, u.id).await?,
        None => false,
    };
    let comments = state
        .store
        .list_comments(&report.tracking_id, is_staff)
        .await?;
    let comments = labelled(
        state.store.as_ref(),
        &c,
        &report.reporter,
        &reporter,
        comments,
    )
    .await?;
    let category = match &report.state.category {
        Some(cat) => Some(
            state
                .store
                .get_category(cat)
                .await?
                .map(|k| k.name)
                .unwrap_or_else(|| cat.to_string()),
        ),
        None => None,
    };
    let page = ReportPage {
        agency: agency_name(state, r.agency.as_ref()).await?,
        requested_agency: agency_name(state, r.requested_agency.as_ref()).await?,
        category,
        reporter,
        clock,
        auto_close,
        items,
        files,
        is_reporter,
        reveals,
        is_staff,
        actions,
        support,
        supported,
        comments,
        flash,
        r,
        c,
    };
    let mut res = render(&page)?;
    *res.status_mut() = status;
    Ok(res)
}

/// `GET /laporan/{id}`.
pub async fn show(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    let flash = done.ok.as_deref().and_then(done_message).map(|key| Flash {
        ok: true,
        text: c.t(key),
    });
    page(&state, c, &headers, &id, flash, StatusCode::OK).await
}

/// The message key after a successful step.
fn done_message(what: &str) -> Option<&'static str> {
    Some(match what {
        "add_info" => "report-done-add-info",
        "identity_erased" => "report-done-identity-erased",
        "withdraw" => "report-done-withdraw",
        "reply" => "report-done-reply",
        "confirm" => "report-done-confirm",
        "rate" => "report-done-rate",
        "reopen" => "report-done-reopen",
        "appeal" => "report-done-appeal",
        "escalate" => "report-done-escalate",
        "support" => "report-done-support",
        "comment" => "report-done-comment",
        "moderate" => "report-done-moderate",
        "code" => "report-done-code",
        _ => return None,
    })
}

/// `GET /laporan/{id}/lampiran/{file}`: an attachment, for whoever may see it (the reporter
/// by the remembered code too), as the API hands it out (the copy without metadata).
pub async fn file(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let caller = caller(&c, &headers, &id);
    let file =
        aduan_app::reports::attachments::download(&state, &caller, &id, &file, false).await?;
    let (headers, body) = file.into_http();
    Ok((headers, axum::body::Body::from_stream(body)).into_response())
}

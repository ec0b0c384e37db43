//! `GET /kantor/laporan/{id}`: the report screen for a staff member who may see the report
//! (404 for anyone else, through the use cases' `load` and the visibility policy).

use super::choices::{Forms, category_name, forms};
use super::form::Draft;
use super::history::{self, ClockRow, Item, Names};
use super::nav::{Neighbours, neighbours};
use super::offer::{STAFF_ACTIONS, open_actions};
use super::suggest::{Chips, Picked, chips};
use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_app::groups::{self, MemberView};
use aduan_app::reports::attachments;
use aduan_app::reports::read::{history_of, load, view_of};
use aduan_app::view::ReportView;
use aduan_domain::actor::StaffRole;
use aduan_domain::visibility::IdentityView;
use aduan_pagekit::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

/// A message at the top of the page.
pub struct Flash {
    /// Success (or a problem).
    pub ok: bool,
    /// The text.
    pub text: String,
    /// Offer to reload the report (it changed meanwhile).
    pub reload: bool,
}

/// An attachment as listed.
pub struct FileRow {
    /// Its id.
    pub id: i64,
    /// The file name to show (never the reporter's own file name).
    pub name: String,
    /// Size in KB.
    pub kb: i64,
    /// Published to the public.
    pub public: bool,
    /// Who uploaded it.
    pub by: String,
}

#[derive(Template)]
#[template(path = "office_review.html")]
struct ReviewPage {
    c: Ctx,
    r: ReportView,
    reporter: String,
    full_identity: bool,
    requested_agency: Option<String>,
    agency: Option<String>,
    unit: Option<String>,
    category: Option<String>,
    clocks: Vec<ClockRow>,
    history: Vec<Item>,
    replies: Vec<Item>,
    files: Vec<FileRow>,
    may_publish: bool,
    actions: Vec<&'static str>,
    forms: Forms,
    flash: Option<Flash>,
    warning: Option<String>,
    draft: Draft,
    nav: Neighbours,
    queue_status: String,
    similar: Vec<MemberView>,
    group: Option<String>,
    may_group: bool,
    chips: Chips,
}

impl ReviewPage {
    fn can(&self, action: &str) -> bool {
        self.actions.contains(&action)
    }

    fn text_of(&self, action: &str) -> &str {
        if self.draft.action == action {
            &self.draft.body
        } else {
            ""
        }
    }

    fn reason_of(&self, action: &str) -> &str {
        if self.draft.action == action {
            &self.draft.reason
        } else {
            ""
        }
    }
}

/// How the page is shown besides the report itself.
#[derive(Default)]
pub struct Shown {
    /// The message at the top.
    pub flash: Option<Flash>,
    /// A warning under it (files that could not be stored).
    pub warning: Option<String>,
    /// What was typed into a refused form.
    pub draft: Draft,
    /// The queue's status filter, for the previous/next links.
    pub queue: Option<String>,
    /// The agency filter typed into the directory's search box.
    pub agency_filter: String,
    /// The suggestions clicked.
    pub picked: Picked,
}

/// `?ok=`, `?gagal=`, `?status=`, `?instansi=`, `?pilih_instansi=`, `?pilih_kategori=`.
#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    ok: Option<String>,
    gagal: Option<String>,
    status: Option<String>,
    instansi: Option<String>,
    pilih_instansi: Option<String>,
    pilih_kategori: Option<String>,
}

/// The message after a successful step.
pub fn done_key(what: &str) -> Option<String> {
    let known = STAFF_ACTIONS.contains(&what) || matches!(what, "publish" | "unpublish");
    known.then(|| format!("review-done-{}", what.replace('_', "-")))
}

/// The queue a report opened without one is taken to be in: the reports in the same phase
/// (awaiting verification, postponed, held, or any).
fn default_queue(status: &str) -> &'static str {
    match status {
        "submitted" => "submitted",
        "postponed" => "postponed",
        "dispatched" | "in_progress" => "dispatched,in_progress",
        _ => "",
    }
}

/// `GET /kantor/laporan/{id}`.
pub async fn show(
    State(state): State<AppState>,
    s: StaffCtx,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, PageError> {
    let flash = q.ok.as_deref().and_then(done_key).map(|key| Flash {
        ok: true,
        text: s.c.t(&key),
        reload: false,
    });
    let warning = q
        .gagal
        .as_deref()
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|n| *n > 0)
        .map(|n| s.c.n("review-files-failed", "count", n));
    let queue = q.status.filter(|v| !v.is_empty());
    let picked = Picked {
        agency: q.pilih_instansi.filter(|v| !v.is_empty()),
        category: q.pilih_kategori.filter(|v| !v.is_empty()),
        queue: queue.clone().unwrap_or_default(),
    };
    let shown = Shown {
        flash,
        warning,
        draft: Draft::default(),
        queue,
        agency_filter: q.instansi.unwrap_or_default().trim().to_owned(),
        picked,
    };
    page(&state, s, &id, shown, StatusCode::OK).await
}

/// Renders the screen for `s`, or 404 when `s` may not see the report.
pub async fn page(
    state: &AppState,
    s: StaffCtx,
    id: &str,
    shown: Shown,
    status: StatusCode,
) -> Result<Response, PageError> {
    let caller = s.caller();
    let seen = load(state, &caller, id).await?;
    let (report, vis) = (seen.report(), seen.visibility());
    if !vis.report() {
        return Err(PageError::NotFound);
    }
    let store = state.store.as_ref();
    let c = &s.c;
    let r = view_of(state, &seen).await?;
    let clocks = store.list_clocks(&report.tracking_id).await?;
    let facts = aduan_app::facts::report_facts(state, report, &clocks).await?;
    let mut actions = open_actions(&facts, seen.actor());
    if vis.identity() == IdentityView::Full {
        actions.retain(|a| *a != "reveal_identity");
    }
    let mut names = Names::default();
    let events = history_of(state, &seen).await?;
    let history = history::items(c, store, &mut names, &events).await?;
    let replies = history::items(
        c,
        store,
        &mut names,
        &events
            .into_iter()
            .filter(|e| matches!(e.action.as_str(), "reply" | "add_info"))
            .collect::<Vec<_>>(),
    )
    .await?;
    let clock_rows = history::clocks(c, store, &mut names, &r.clocks).await?;
    let reporter = match vis.identity() {
        IdentityView::Anonim => c.t("reporter-anonymous"),
        IdentityView::Pelapor => c.t("reporter-hidden"),
        IdentityView::Full | IdentityView::NameOnly => r
            .reporter
            .name
            .clone()
            .unwrap_or_else(|| c.t("reporter-hidden")),
    };
    let files = attachments::list(state, &caller, id)
        .await?
        .into_iter()
        .map(|a| FileRow {
            id: a.id,
            name: a.file_name,
            kb: (a.size + 1023) / 1024,
            public: a.public,
            by: if a.uploaded_by == "reporter" {
                c.t("review-actor-reporter")
            } else {
                c.t("review-actor-staff")
            },
        })
        .collect();
    let role = s.role().clone();
    let mut forms = forms(
        state,
        c,
        &role,
        &mut actions,
        &r,
        &shown.agency_filter,
        &mut names,
    )
    .await?;
    let chips = if actions.contains(&"verify_dispatch") {
        chips(state, report, &mut forms, &shown.picked).await
    } else {
        Chips::default()
    };
    let requested_agency = match &r.requested_agency {
        Some(a) => Some(names.agency(store, a).await?),
        None => None,
    };
    let agency = match &r.agency {
        Some(a) => Some(names.agency(store, a).await?),
        None => None,
    };
    let unit = match &r.unit {
        Some(u) => Some(names.unit(store, u).await?),
        None => None,
    };
    let category = match &r.category {
        Some(id) => Some(category_name(state, id).await?),
        None => None,
    };
    let queue = shown
        .queue
        .unwrap_or_else(|| default_queue(&r.status).to_owned());
    let nav = neighbours(
        state,
        &s,
        id,
        Some(queue.as_str()).filter(|q| !q.is_empty()),
    )
    .await;
    let may_publish = !matches!(role, StaffRole::Supervisor { .. }) && r.status != "deleted";
    let similar = groups::similar(state, &caller, id).await?;
    let group = groups::group_of(state, &seen).await?;
    let may_group = groups::may_group(&seen);
    let page = ReviewPage {
        reporter,
        full_identity: vis.identity() == IdentityView::Full,
        requested_agency,
        agency,
        unit,
        category,
        clocks: clock_rows,
        history,
        replies,
        files,
        may_publish,
        actions,
        forms,
        flash: shown.flash,
        warning: shown.warning,
        draft: shown.draft,
        nav,
        queue_status: queue,
        similar,
        group,
        may_group,
        chips,
        r,
        c: s.c,
    };
    let mut res = render(&page)?;
    *res.status_mut() = status;
    Ok(res)
}

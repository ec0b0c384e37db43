//! `GET /instansi`: the searchable agency directory; `GET /instansi/{slug}`: one agency, its
//! latest public reports and its clocks kept and missed.

use super::stats::{PhaseRow, figures, phase_rows};
use super::{FeedItem, public_page, with_query};
use aduan_app::AppState;
use aduan_domain::AgencyId;
use aduan_domain::directory::{Agency, AgencyKind};
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::options::Opt;
use aduan_pagekit::render;
use aduan_store::{AgencyFilter, ReportFilter};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

/// Agencies per page of the directory.
pub const AGENCIES_PER_PAGE: usize = 50;

/// Latest reports shown on an agency or category page.
pub const LATEST: u32 = 10;

/// The directory's search.
#[derive(Debug, Default, Deserialize)]
pub struct DirectoryQuery {
    q: Option<String>,
    kind: Option<String>,
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "public_agencies.html")]
struct DirectoryPage {
    c: Ctx,
    q: String,
    kinds: Vec<Opt>,
    agencies: Vec<Agency>,
    count: String,
    page: usize,
    next: Option<String>,
    previous: Option<String>,
}

/// `GET /instansi`.
pub async fn directory(
    State(state): State<AppState>,
    c: Ctx,
    query: Result<Query<DirectoryQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let Query(dq) = query.map_err(|_| PageError::BadForm)?;
    let q =
        dq.q.as_deref()
            .map(str::trim)
            .unwrap_or_default()
            .to_owned();
    let kind_text = dq.kind.as_deref().map(str::trim).unwrap_or_default();
    let kind = match kind_text {
        "" => None,
        k => Some(AgencyKind::parse(k).ok_or(PageError::BadForm)?),
    };
    let page: usize = match dq.page.as_deref().map(str::trim).unwrap_or_default() {
        "" => 1,
        p => p
            .parse()
            .ok()
            .filter(|p| *p >= 1)
            .ok_or(PageError::BadForm)?,
    };
    let filter = AgencyFilter {
        kind,
        search: Some(q.clone()).filter(|s| !s.is_empty()),
        ..AgencyFilter::default()
    };
    // The whole directory is a few hundred rows; one query, paged here.
    let all = state.store.list_agencies(&filter).await?;
    let total = all.len();
    let start = (page - 1) * AGENCIES_PER_PAGE;
    let agencies: Vec<Agency> = all
        .into_iter()
        .skip(start)
        .take(AGENCIES_PER_PAGE)
        .collect();
    let link = |p: usize| {
        let p = p.to_string();
        with_query(
            "/instansi",
            &[("q", q.as_str()), ("kind", kind_text), ("page", p.as_str())],
        )
    };
    let next = (start + AGENCIES_PER_PAGE < total).then(|| link(page + 1));
    let previous = (page > 1).then(|| link(page - 1));
    let kinds = AgencyKind::ALL
        .iter()
        .map(|k| Opt {
            value: k.as_str().into(),
            label: c.t(&format!("public-agency-kind-{}", k.as_str())),
            selected: k.as_str() == kind_text,
        })
        .collect();
    render(&DirectoryPage {
        count: c.n("public-agencies-count", "count", total as i64),
        c,
        q,
        kinds,
        agencies,
        page,
        next,
        previous,
    })
}

#[derive(Template)]
#[template(path = "public_agency.html")]
struct AgencyPage {
    c: Ctx,
    kind: String,
    zone: String,
    agency: Agency,
    parent: Option<Agency>,
    items: Vec<FeedItem>,
    feed_link: String,
    phases: Vec<PhaseRow>,
}

/// `GET /instansi/{slug}`.
pub async fn show(
    State(state): State<AppState>,
    c: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let id = AgencyId::new(slug);
    let agency = state
        .store
        .get_agency(&id)
        .await?
        .ok_or(PageError::NotFound)?;
    let parent = match &agency.parent {
        Some(p) => state.store.get_agency(p).await?,
        None => None,
    };
    let filter = ReportFilter {
        agency: Some(id.clone()),
        ..ReportFilter::default()
    };
    let (items, _) = public_page(&state, &filter, None, LATEST).await?;
    let feed_link = with_query("/laporan", &[("agency", id.as_str())]);
    let phases = phase_rows(&c, &figures(&state, Some(id.as_str())).await?);
    render(&AgencyPage {
        kind: c.t(&format!("public-agency-kind-{}", agency.kind.as_str())),
        zone: c.t(&format!(
            "public-zone-{}",
            agency.zone.code().to_lowercase()
        )),
        c,
        agency,
        parent,
        items,
        feed_link,
        phases,
    })
}

//! `GET /kantor`: the work queue of the logged-in staff member, as tabs per role (national
//! admin: awaiting verification, postponed, escalated to it; agency admin: requested for its
//! agency, held, breached; unit officer: held by its units; supervisors: escalated cases),
//! the most urgent deadline first, with a countdown badge on each report and a mark on each
//! breached one; filterable and paged. On the verification tabs the list is also the bulk
//! form (see [`super::bulk`]).

mod filters;
mod rows;
mod tabs;

use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_app::reports::list::list;
use aduan_domain::actor::StaffRole;
use aduan_domain::directory::Agency;
use aduan_pagekit::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::options::{Opt, category_options, region_options};
use aduan_pagekit::render;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use filters::{CHANNELS, QueueQuery, given};
use rows::Row;
use std::collections::HashMap;
use tabs::tabs_for;

/// A tab link.
pub struct TabLink {
    /// Where it goes.
    pub href: String,
    /// Its name.
    pub label: String,
    /// The tab being shown.
    pub current: bool,
}

/// The bulk form's choices.
pub struct Bulk {
    /// Agencies one may dispatch to.
    pub agencies: Vec<Opt>,
    /// Where to come back to.
    pub back: String,
}

#[derive(Template)]
#[template(path = "office_queue.html")]
struct QueuePage {
    c: Ctx,
    tabs: Vec<TabLink>,
    tab_slug: &'static str,
    tab_label: String,
    tab_lead: String,
    rows: Vec<Row>,
    bulk: Option<Bulk>,
    statuses: Vec<Opt>,
    kinds: Vec<Opt>,
    channels: Vec<Opt>,
    categories: Vec<Opt>,
    regions: Vec<Opt>,
    agencies: Vec<Opt>,
    requested: Vec<Opt>,
    from: String,
    to: String,
    filtered: bool,
    q: String,
    no_terms: bool,
    page: usize,
    next: Option<String>,
    previous: Option<String>,
}

/// `?k=v&...`, encoded.
fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let pairs: Vec<&(&str, &str)> = pairs.iter().filter(|(_, v)| !v.is_empty()).collect();
    if pairs.is_empty() {
        return path.to_owned();
    }
    format!(
        "{path}?{}",
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    )
}

/// The agencies the staff member may dispatch to in bulk: any for the national admin, its own
/// for an agency admin, none for others.
fn dispatch_targets(role: &StaffRole, agencies: &[Agency]) -> Option<Vec<Opt>> {
    match role {
        StaffRole::NationalAdmin => Some(filters::agency_options(agencies, "")),
        StaffRole::AgencyAdmin { agency } => Some(filters::agency_options(
            &agencies
                .iter()
                .filter(|a| &a.id == agency)
                .cloned()
                .collect::<Vec<_>>(),
            agency.as_str(),
        )),
        _ => None,
    }
}

/// `GET /kantor`.
pub async fn queue(
    State(state): State<AppState>,
    s: StaffCtx,
    query: Result<Query<QueueQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let Query(q) = query.map_err(|_| PageError::BadForm)?;
    let role = s.role().clone();
    let tab = tabs::pick(&role, given(&q.tab));
    let broad = matches!(
        role,
        StaffRole::NationalAdmin | StaffRole::Supervisor { .. }
    );
    let directory = state.directory().await?;
    let agencies = &directory.agencies;
    let categories = state.categories().await?;

    let page = match q.list_query(&tab, broad) {
        Some(list_query) => list(&state, &s.caller(), &list_query).await?,
        None => aduan_app::reports::list::ReportPage {
            items: Vec::new(),
            next_cursor: None,
            search: None,
        },
    };
    let c = s.c;
    let agency_names: HashMap<String, String> = agencies
        .iter()
        .map(|a| (a.id.to_string(), a.name.clone()))
        .collect();
    let category_names: HashMap<String, String> = categories
        .iter()
        .map(|k| (k.id.to_string(), k.name.clone()))
        .collect();
    let rows = rows::rows(&c, &page.items, &agency_names, &category_names);

    let mut fields = q.pairs();
    fields.push(("tab", tab.slug));
    let trail: Vec<&str> = given(&q.trail)
        .split('.')
        .filter(|s| !s.is_empty())
        .collect();
    let link = |cursor: &str, trail: &str| {
        let mut pairs = fields.clone();
        pairs.push(("cursor", cursor));
        pairs.push(("trail", trail));
        with_query("/kantor", &pairs)
    };
    let here = given(&q.cursor);
    let next = page.next_cursor.as_ref().map(|n| {
        let mut longer = trail.clone();
        longer.push(if here.is_empty() { "0" } else { here });
        link(n, &longer.join("."))
    });
    let previous = trail.split_last().map(|(last, rest)| {
        let back = if *last == "0" { "" } else { last };
        link(back, &rest.join("."))
    });

    let bulk = (tab.bulk && !rows.is_empty())
        .then(|| dispatch_targets(&role, agencies))
        .flatten()
        .map(|agencies| Bulk {
            agencies,
            back: with_query("/kantor", &fields),
        });
    let tab_links = tabs_for(&role)
        .iter()
        .map(|t| TabLink {
            href: with_query("/kantor", &[("tab", t.slug)]),
            label: c.t(&t.label_key()),
            current: t.slug == tab.slug,
        })
        .collect();
    let opts = |choices: Vec<&str>, key: &dyn Fn(&str) -> String, current: &str| {
        choices
            .into_iter()
            .map(|v| Opt::new(v, key(v), current))
            .collect::<Vec<_>>()
    };
    let statuses = opts(
        filters::status_choices(&tab)
            .iter()
            .map(|s| s.as_str())
            .collect(),
        &|v| c.status(v),
        given(&q.status),
    );
    let kinds = opts(
        vec!["complaint", "aspiration", "information_request"],
        &|v| c.kind(v),
        given(&q.kind),
    );
    let channels = opts(CHANNELS.to_vec(), &|v| c.channel(v), given(&q.channel));
    let (agency_opts, requested) = if broad {
        (
            filters::agency_options(agencies, given(&q.agency)),
            if matches!(role, StaffRole::NationalAdmin) {
                filters::agency_options(agencies, given(&q.requested_agency))
            } else {
                Vec::new()
            },
        )
    } else {
        (Vec::new(), Vec::new())
    };
    render(&QueuePage {
        tabs: tab_links,
        rows,
        bulk,
        statuses,
        kinds,
        channels,
        categories: category_options(&categories, given(&q.category)),
        regions: region_options(agencies, given(&q.region)),
        agencies: agency_opts,
        requested,
        from: given(&q.from).to_owned(),
        to: given(&q.to).to_owned(),
        filtered: q.filtered(),
        q: given(&q.q).to_owned(),
        no_terms: q.no_terms(),
        page: trail.len() + 1,
        next,
        previous,
        tab_slug: tab.slug,
        tab_label: c.t(&tab.label_key()),
        tab_lead: c.t(&tab.lead_key()),
        c,
    })
}

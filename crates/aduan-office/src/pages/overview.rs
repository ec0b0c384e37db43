//! `GET /kantor/ikhtisar`: one agency at a glance. Its open reports by age (working days since
//! submission, in the agency's time zone) and by phase, its current breaches with links to
//! each report, the reporters' latest confirmations and ratings, and its SLA figures exactly
//! as `GET /api/v1/stats/sla?agency=…` computes them (the same function).
//!
//! Agency admins see their own agency; the national admin chooses any; unit officers and
//! supervisors are refused, since an agency's whole picture names reports that they may not
//! open. The phases follow the status: verification (submitted), awaiting the reporter
//! (postponed until they add what is missing), first follow-up (dispatched), completion (in
//! progress). Counting walks the agency's open reports page by page on each request.

mod figures;

use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_domain::actor::StaffRole;
use aduan_domain::directory::Agency;
use aduan_domain::workdays::working_days_elapsed;
use aduan_domain::{AgencyId, Status};
use aduan_pagekit::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use aduan_store::{Cursor, ListScope, ReportFilter};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use figures::{FeedbackRow, SlaRow, feedback, sla};
use serde::Deserialize;

/// Reports read per query while counting.
const PAGE: u32 = 500;
/// Breaches listed (all are counted).
const BREACHES_LISTED: usize = 50;
/// Upper bounds (inclusive) of the age buckets in working days; the last bucket is open.
const AGE_BOUNDS: [i64; 4] = [2, 5, 10, 30];
/// The open statuses and the phase each stands for.
const PHASES: [(Status, &str); 4] = [
    (Status::Submitted, "verification"),
    (Status::Postponed, "awaiting_reporter"),
    (Status::Dispatched, "first_follow_up"),
    (Status::InProgress, "completion"),
];

/// A labelled count.
pub struct Count {
    /// Stable code, for the page's ids.
    pub code: String,
    /// Label.
    pub label: String,
    /// How many.
    pub count: u64,
}

/// A report past one of its deadlines.
pub struct BreachRow {
    /// Tracking id.
    pub id: String,
    /// Title, if any.
    pub title: Option<String>,
}

#[derive(Template)]
#[template(path = "office_overview.html")]
struct OverviewPage {
    c: Ctx,
    /// The national admin's choice of agency.
    agencies: Vec<(String, String, bool)>,
    agency: Option<Agency>,
    open: u64,
    ages: Vec<Count>,
    phases: Vec<Count>,
    breach_count: u64,
    breaches: Vec<BreachRow>,
    feedback: Vec<FeedbackRow>,
    sla: Vec<SlaRow>,
}

/// `?instansi=` (the national admin's choice).
#[derive(Debug, Default, Deserialize)]
pub struct OverviewQuery {
    #[serde(default)]
    instansi: String,
}

/// The agency shown, or none yet (the national admin has not chosen).
fn chosen(s: &StaffCtx, q: &OverviewQuery) -> Result<Option<AgencyId>, PageError> {
    let asked = Some(q.instansi.trim()).filter(|a| !a.is_empty());
    match s.role() {
        StaffRole::NationalAdmin => Ok(asked.map(AgencyId::new)),
        StaffRole::AgencyAdmin { agency } if asked.is_none_or(|a| a == agency.as_str()) => {
            Ok(Some(agency.clone()))
        }
        _ => Err(PageError::Forbidden),
    }
}

/// `GET /kantor/ikhtisar`.
pub async fn overview(
    State(state): State<AppState>,
    s: StaffCtx,
    Query(q): Query<OverviewQuery>,
) -> Result<Response, PageError> {
    let id = chosen(&s, &q)?;
    let agencies = if s.is_national() {
        let directory = state.directory().await?;
        directory
            .agencies
            .iter()
            .map(|a| {
                let selected = id.as_ref() == Some(&a.id);
                (a.id.to_string(), a.name.clone(), selected)
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut page = OverviewPage {
        c: s.c,
        agencies,
        agency: None,
        open: 0,
        ages: Vec::new(),
        phases: Vec::new(),
        breach_count: 0,
        breaches: Vec::new(),
        feedback: Vec::new(),
        sla: Vec::new(),
    };
    if let Some(id) = id {
        let agency = state
            .store
            .get_agency(&id)
            .await?
            .ok_or(PageError::NotFound)?;
        count_open(&state, &mut page, &agency).await?;
        list_breaches(&state, &mut page, &agency.id).await?;
        page.feedback = feedback(&state, &page.c, &agency.id).await?;
        page.sla = sla(&state, &page.c, &agency.id).await?;
        page.agency = Some(agency);
    }
    render(&page)
}

/// Pages through the reports in the agency's scope matching `filter`, newest first.
async fn each_report(
    state: &AppState,
    agency: &AgencyId,
    filter: ReportFilter,
    mut f: impl FnMut(&aduan_domain::Report),
) -> Result<(), PageError> {
    let scope = ListScope::Agency(agency.clone());
    let mut cursor: Option<Cursor> = None;
    loop {
        let reports = state
            .store
            .list_reports(&scope, &filter, cursor.as_ref(), PAGE)
            .await?;
        reports.iter().for_each(&mut f);
        match reports.last() {
            Some(r) if reports.len() == PAGE as usize => {
                cursor = Some((r.submitted_at, r.tracking_id));
            }
            _ => return Ok(()),
        }
    }
}

/// Counts the open reports by age and by phase.
async fn count_open(
    state: &AppState,
    page: &mut OverviewPage,
    agency: &Agency,
) -> Result<(), PageError> {
    let (now, cal) = (state.clock.now(), state.calendar.get());
    let mut ages = [0u64; AGE_BOUNDS.len() + 1];
    for (status, code) in PHASES {
        let mut count = 0;
        let filter = ReportFilter {
            status: Some(status),
            ..ReportFilter::default()
        };
        each_report(state, &agency.id, filter, |r| {
            count += 1;
            let age = working_days_elapsed(&cal, agency.zone, r.submitted_at, now);
            let bucket = AGE_BOUNDS
                .iter()
                .position(|b| age <= *b)
                .unwrap_or(AGE_BOUNDS.len());
            ages[bucket] += 1;
        })
        .await?;
        page.open += count;
        page.phases.push(Count {
            code: code.into(),
            label: page.c.t(&format!("overview-phase-{code}")),
            count,
        });
    }
    let mut from = 0;
    for (i, count) in ages.into_iter().enumerate() {
        let (code, label) = match AGE_BOUNDS.get(i) {
            Some(to) => (
                format!("{from}-{to}"),
                page.c.t2("overview-age-range", "from", from, "to", to),
            ),
            None => (
                format!("{from}-"),
                page.c.t1("overview-age-over", "days", from - 1),
            ),
        };
        page.ages.push(Count { code, label, count });
        from = AGE_BOUNDS.get(i).map_or(from, |b| b + 1);
    }
    Ok(())
}

/// Counts the reports past a deadline now and lists the newest of them.
async fn list_breaches(
    state: &AppState,
    page: &mut OverviewPage,
    agency: &AgencyId,
) -> Result<(), PageError> {
    let filter = ReportFilter {
        overdue_at: Some(state.clock.now()),
        ..ReportFilter::default()
    };
    let (mut count, mut rows) = (0, Vec::new());
    each_report(state, agency, filter, |r| {
        count += 1;
        if rows.len() < BREACHES_LISTED {
            rows.push(BreachRow {
                id: r.tracking_id.to_string(),
                title: r.state.title.clone(),
            });
        }
    })
    .await?;
    page.breach_count = count;
    page.breaches = rows;
    Ok(())
}

//! The clocks kept and missed: the figures of `GET /api/v1/stats/sla` (the same function, so
//! the page and the API never disagree), per agency and as a league table at `/statistik`.
//!
//! The figures are computed from every stored clock on each request; that is quick for the
//! demo data but would want a cached summary for a national deployment with millions of
//! reports.

use aduan_app::AppState;
use aduan_app::stats::SlaQuery;
use aduan_domain::sla::Phase;
use aduan_domain::sla::figures::PhaseFigures;
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use std::cmp::Ordering;

/// The SLA figures, as the API computes them, for one party (an agency slug) or for all.
pub async fn figures(
    state: &AppState,
    party: Option<&str>,
) -> Result<Vec<PhaseFigures>, PageError> {
    let query = SlaQuery {
        agency: party.map(str::to_owned),
        unit: None,
        from: None,
        until: None,
    };
    let stats = aduan_app::stats::sla(state, query).await?;
    Ok(stats.figures)
}

/// One phase's figures, ready to print in the visitor's language.
#[derive(Debug)]
pub struct PhaseRow {
    /// The phase's name.
    pub phase: String,
    /// Decided: stopped, or open past the deadline.
    pub decided: u64,
    /// Stopped within the limit, with the share.
    pub within: String,
    /// Missed, with how many of them are still open past due.
    pub missed: String,
    /// Median duration.
    pub median: String,
    /// 90th percentile duration.
    pub p90: String,
    /// Share within the limit, as "87%" (empty when nothing was decided).
    pub share: String,
    /// Completions the system auto-closed before the deadline, the agency never having
    /// completed: neither within nor missed.
    pub auto_closed_before_due: u64,
    /// Completions by kind, "2 confirmed by the reporter · 1 closed by the agency · 3
    /// auto-closed" (empty for the other phases).
    pub completions: String,
}

impl PhaseRow {
    /// The row of `f`.
    pub fn of(c: &Ctx, f: &PhaseFigures) -> Self {
        let share = f
            .compliance
            .map(|s| c.t1("public-percent", "value", (s * 100.0).round() as i64))
            .unwrap_or_default();
        let within = if share.is_empty() {
            f.within_limit.to_string()
        } else {
            format!("{} ({share})", f.within_limit)
        };
        let mut missed = f.missed.to_string();
        if f.open_past_due > 0 {
            let open = c.n(
                "public-figure-open-past-due",
                "count",
                f.open_past_due as i64,
            );
            missed = format!("{missed} · {open}");
        }
        let days = |d: Option<i64>| match d {
            Some(d) => c.n("public-working-days", "days", d),
            None => c.t("public-figure-none"),
        };
        let completions = if f.phase == Phase::Completion {
            [
                c.n("public-figure-confirmed", "count", f.confirmed),
                c.n("public-figure-agency-closed", "count", f.agency_closed),
                c.n("public-figure-auto-closed", "count", f.auto_closed),
            ]
            .join(" · ")
        } else {
            String::new()
        };
        Self {
            phase: c.t(&format!("public-phase-{}", f.phase.as_str())),
            auto_closed_before_due: f.auto_closed_before_due,
            completions,
            decided: f.decided,
            within,
            missed,
            median: days(f.median_days),
            p90: days(f.p90_days),
            share,
        }
    }
}

/// The rows of a party's phases, in the order a report goes through them.
pub fn phase_rows(c: &Ctx, figures: &[PhaseFigures]) -> Vec<PhaseRow> {
    let order = [Phase::Verification, Phase::FirstFollowUp, Phase::Completion];
    order
        .iter()
        .filter_map(|p| figures.iter().find(|f| f.phase == *p))
        .map(|f| PhaseRow::of(c, f))
        .collect()
}

/// An agency in the league table.
#[derive(Debug)]
pub struct LeagueRow {
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// The completion figures.
    pub row: PhaseRow,
    /// "12 of 14 reports".
    pub counts: String,
}

#[derive(Template)]
#[template(path = "public_stats.html")]
struct StatsPage {
    c: Ctx,
    rows: Vec<LeagueRow>,
}

/// Best first: higher share within the limit, then more decided, then by name.
fn league_order(a: &(PhaseFigures, String), b: &(PhaseFigures, String)) -> Ordering {
    let share = |f: &PhaseFigures| f.compliance.unwrap_or(-1.0);
    share(&b.0)
        .partial_cmp(&share(&a.0))
        .unwrap_or(Ordering::Equal)
        .then(b.0.decided.cmp(&a.0.decided))
        .then(a.1.cmp(&b.1))
}

/// `GET /statistik`: agencies by the share of reports completed within the legal limit.
pub async fn league(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let directory = state.directory().await?;
    let names = &directory.names;
    let mut ranked: Vec<(PhaseFigures, String)> = figures(&state, None)
        .await?
        .into_iter()
        // An agency whose reports were only auto-closed before the deadline is listed too,
        // without a share: it completed nothing.
        .filter(|f| f.phase == Phase::Completion && (f.decided > 0 || f.auto_closed_before_due > 0))
        .filter_map(|f| {
            let name = names.get(&aduan_domain::AgencyId::new(f.responsible.clone()))?;
            Some((f.clone(), name.clone()))
        })
        .collect();
    ranked.sort_by(league_order);
    let rows = ranked
        .iter()
        .map(|(f, name)| LeagueRow {
            slug: f.responsible.clone(),
            name: name.clone(),
            row: PhaseRow::of(&c, f),
            counts: c.t2(
                "public-stats-counts",
                "within",
                f.within_limit,
                "decided",
                f.decided,
            ),
        })
        .collect();
    render(&StatsPage { c, rows })
}

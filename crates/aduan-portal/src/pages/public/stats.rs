//! The clocks kept and missed of one agency: the figures of `GET /api/v1/stats/sla` (the same
//! function, so the page and the API never disagree), read from the running counts, as rows
//! of its page. The league table of all agencies is [`super::statistik`].

use aduan_app::AppState;
use aduan_app::stats::SlaQuery;
use aduan_domain::sla::Phase;
use aduan_domain::sla::figures::PhaseFigures;
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;

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

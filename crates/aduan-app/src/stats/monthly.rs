//! The monthly report of one agency, or of the nation: the month's figures against the time
//! limits, the reports received over the twelve months up to it, what the agency holds open
//! now by age, and its oldest open public reports. A printable page and a PDF are made of it.

use super::{SlaQuery, sla};
use crate::AppState;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::reports::viewer::Viewed;
use aduan_domain::AgencyId;
use aduan_domain::sla::Phase;
use aduan_domain::sla::figures::PhaseFigures;
use aduan_domain::workdays::Zone;
use aduan_store::VolumeQuery;
use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};
use serde::Deserialize;

/// Which monthly report.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonthlyParams {
    /// The agency (slug); none for the nation.
    pub agency: Option<String>,
    /// The month, `YYYY-MM` (WIB); none for the last whole month.
    pub month: Option<String>,
}

/// One open report in the report.
#[derive(Debug, Clone)]
pub struct OpenLine {
    /// Tracking id.
    pub tracking_id: String,
    /// Title.
    pub title: String,
    /// Status code.
    pub status: String,
    /// Days since submission.
    pub age_days: i64,
}

/// The monthly report's figures.
#[derive(Debug, Clone)]
pub struct Monthly {
    /// The agency's slug and name; none for the nation.
    pub agency: Option<(String, String)>,
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Reports received in the month (the nation) or dispatched to the agency in it; `None`
    /// when below the public minimum.
    pub received: Option<u64>,
    /// The public minimum count.
    pub min_count: u64,
    /// The phases that started in the month: the agency's, or every party's summed (then
    /// without durations, which do not add up).
    pub phases: Vec<PhaseFigures>,
    /// Reports received (or dispatched to the agency) per month, the twelve months up to this
    /// one; `None` where below the public minimum.
    pub trend: Vec<(String, Option<u64>)>,
    /// Open reports held now by age since submission: ≤ 7 days, 8–30, 31–90, 91–365, older.
    pub backlog: [u64; 5],
    /// The oldest open public reports held, oldest first.
    pub oldest_open: Vec<OpenLine>,
    /// As of.
    pub as_of: DateTime<Utc>,
}

fn invalid(field: &str) -> AppError {
    let mut e = FieldErrors::new();
    e.insert(field.into(), "invalid".into());
    AppError::Validation(e)
}

fn first_of(month: &str) -> Option<NaiveDate> {
    (month.len() == 7)
        .then(|| NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok())
        .flatten()
}

/// Sums every party's figures per phase (durations left out).
fn national(figures: Vec<PhaseFigures>) -> Vec<PhaseFigures> {
    let mut out: Vec<PhaseFigures> = Vec::new();
    for f in figures {
        match out.iter_mut().find(|o| o.phase == f.phase) {
            Some(o) => {
                o.decided += f.decided;
                o.within_limit += f.within_limit;
                o.missed += f.missed;
                o.open_past_due += f.open_past_due;
                o.auto_closed_before_due += f.auto_closed_before_due;
                o.confirmed += f.confirmed;
                o.agency_closed += f.agency_closed;
                o.auto_closed += f.auto_closed;
            }
            None => out.push(PhaseFigures {
                responsible: String::new(),
                median_days: None,
                p90_days: None,
                ..f
            }),
        }
    }
    for o in &mut out {
        o.compliance = (o.decided > 0).then(|| o.within_limit as f64 / o.decided as f64);
    }
    out.sort_by_key(|f| f.phase);
    out
}

/// The monthly report `p` asks for.
pub async fn monthly(state: &AppState, p: &MonthlyParams) -> AppResult<Monthly> {
    let state = &state.public_reads();
    let now = state.clock.now();
    let today = Zone::Wib.local_date(now);
    let first = match p.month.as_deref().filter(|m| !m.is_empty()) {
        Some(m) => first_of(m).ok_or_else(|| invalid("month"))?,
        None => today
            .with_day(1)
            .and_then(|d| d.checked_sub_months(Months::new(1)))
            .ok_or_else(|| invalid("month"))?,
    };
    let next = first
        .checked_add_months(Months::new(1))
        .ok_or_else(|| invalid("month"))?;
    let directory = state.directory().await?;
    let agency = match p.agency.as_deref().filter(|a| !a.is_empty()) {
        Some(slug) => {
            let id = AgencyId::new(slug);
            let name = directory.names.get(&id).ok_or(AppError::NotFound)?;
            Some((slug.to_owned(), name.clone()))
        }
        None => None,
    };
    let slug = agency.as_ref().map(|(s, _)| s.clone());
    let figures = sla(
        state,
        SlaQuery {
            agency: slug.clone(),
            unit: None,
            from: Some(first),
            until: Some(next),
        },
    )
    .await?
    .figures;
    let phases = match &slug {
        Some(s) => figures
            .into_iter()
            .filter(|f| f.responsible == *s && f.phase != Phase::Verification)
            .collect(),
        None => national(figures),
    };
    let month = |d: NaiveDate| d.format("%Y-%m").to_string();
    let since = first
        .checked_sub_months(Months::new(11))
        .ok_or_else(|| invalid("month"))?;
    let counts = state
        .store
        .volume_counts(&VolumeQuery {
            dim: if slug.is_some() { "dispatched" } else { "kind" },
            from: Some(month(since)),
            until: Some(month(next)),
            by_month: true,
        })
        .await?;
    let min_count = state.config.stats.min_count;
    let mut trend: Vec<(String, Option<u64>)> = Vec::new();
    let mut d = since;
    while d < next {
        let m = month(d);
        let n: u64 = counts
            .iter()
            .filter(|c| c.period == m && slug.as_deref().is_none_or(|s| c.agency == s))
            .map(|c| c.n.unsigned_abs())
            .sum();
        trend.push((m, (n >= min_count || n == 0).then_some(n)));
        d = d.checked_add_months(Months::new(1)).unwrap_or(next);
    }
    let received = trend.last().and_then(|(_, n)| *n);
    let id = slug.as_deref().map(AgencyId::new);
    let bounds = [7, 30, 90, 365].map(|d| now - Duration::days(d));
    let backlog = state
        .store
        .backlog(&bounds, id.as_ref())
        .await?
        .into_iter()
        .fold([0u64; 5], |mut sum, row| {
            for (s, b) in sum.iter_mut().zip(row.buckets) {
                *s += b.unsigned_abs();
            }
            sum
        });
    // Read as the public reads them: the one visibility policy has the last word on each.
    let oldest = state.store.oldest_open(id.as_ref(), true, 10).await?;
    let oldest_open = Viewed::public_many(state, oldest)
        .await?
        .iter()
        .filter(|seen| seen.visibility().report())
        .map(|seen| seen.report())
        .map(|r| OpenLine {
            tracking_id: r.tracking_id.to_string(),
            title: r.shown_title(),
            status: r.state.status.as_str().to_owned(),
            age_days: (now - r.submitted_at).num_days(),
        })
        .collect();
    Ok(Monthly {
        agency,
        month: month(first),
        received,
        min_count,
        phases,
        trend,
        backlog,
        oldest_open,
        as_of: now,
    })
}

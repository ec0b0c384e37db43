//! The league table: agencies ranked by the share of completion phases decided within the
//! legal limit (ties broken by the first follow-up's share), graded in the manner of the
//! Ministry of Home Affairs' evaluation, with each agency's durations, completions by kind,
//! reroute rate, reporters' ratings and backlog by age.

use super::{SlaQuery, StatsConfig, sla};
use crate::AppState;
use crate::error::{AppError, AppResult, FieldErrors};
use aduan_domain::directory::AgencyKind;
use aduan_domain::sla::Phase;
use aduan_domain::sla::figures::PhaseFigures;
use aduan_store::VolumeQuery;
use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};

/// Filters of the league table.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LeagueParams {
    /// Only agencies of this kind: `kementerian`, `lembaga`, `provinsi`, `kabupaten`, `kota`,
    /// `other`.
    pub kind: Option<String>,
    /// Only the regional governments of this province (its two-digit Kemendagri code): the
    /// province and its kabupaten and kota.
    pub province: Option<String>,
    /// Phases started on or after this day (YYYY-MM-DD, WIB).
    pub from: Option<NaiveDate>,
    /// Phases started before this day (YYYY-MM-DD, WIB).
    pub until: Option<NaiveDate>,
}

/// One phase's figures of an agency.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PhaseLine {
    /// Decided: stopped, or open past the deadline.
    pub decided: u64,
    /// Within the limit.
    pub within: u64,
    /// Share within the limit, 0 to 1 (absent when nothing was decided).
    pub share: Option<f64>,
    /// Median working days of the phases the agency stopped.
    pub median_days: Option<i64>,
    /// 90th percentile working days.
    pub p90_days: Option<i64>,
}

/// An agency in the league table.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LeagueRow {
    /// Place in the table (1 is best); graded agencies first.
    pub rank: u32,
    /// Slug.
    pub agency: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Its region's Kemendagri code (regional governments).
    pub region_code: Option<String>,
    /// `baik`, `sedang` or `kurang`; absent below the minimum of decided completions.
    pub grade: Option<String>,
    /// Verification (charged to the national admin: absent for agencies).
    pub first_follow_up: Option<PhaseLine>,
    /// Completion: the ranking's phase.
    pub completion: PhaseLine,
    /// Completions confirmed by the reporter.
    pub confirmed: u64,
    /// Completions the agency closed, the reporter not answering.
    pub agency_closed: u64,
    /// Completions the system auto-closed after the deadline (a miss).
    pub auto_closed: u64,
    /// Completions auto-closed before the deadline, the agency never having completed:
    /// neither within nor missed.
    pub auto_closed_before_due: u64,
    /// Reports dispatched to it in the period's months.
    pub dispatched: u64,
    /// Of them, sent back as not its authority.
    pub rerouted: u64,
    /// `rerouted / dispatched` (absent with no dispatch).
    pub reroute_rate: Option<f64>,
    /// Reporters' ratings in the period's months.
    pub ratings: u64,
    /// Their average, 1 to 5.
    pub rating_average: Option<f64>,
    /// Reports it holds open now by age since submission: up to 7 days, 8–30, 31–90,
    /// 91–365, older.
    pub backlog: [u64; 5],
}

/// The grading rule, as configured (`[stats]`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Thresholds {
    /// `baik` from this share of completions within the limit, in percent.
    pub good: u32,
    /// `sedang` from this share, `kurang` below.
    pub fair: u32,
    /// Decided completions an agency needs to be graded.
    pub min_decided: u64,
}

/// The league table.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct League {
    /// As of.
    pub as_of: DateTime<Utc>,
    /// The grading rule.
    pub thresholds: Thresholds,
    /// Best first.
    pub rows: Vec<LeagueRow>,
}

impl League {
    /// The regional governments' completions per province (the first part of their region
    /// code): within the limit and decided, for provinces with any decided; for the map.
    pub fn province_shares(&self) -> std::collections::BTreeMap<String, (u64, u64)> {
        let mut sums: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
        for r in &self.rows {
            let regional = AgencyKind::parse(&r.kind).is_some_and(|k| k.is_regional());
            let Some(code) = regional.then(|| r.region_code.clone()).flatten() else {
                continue;
            };
            let province = code.split('.').next().unwrap_or_default().to_owned();
            let s = sums.entry(province).or_default();
            s.0 += r.completion.within;
            s.1 += r.completion.decided;
        }
        sums.retain(|_, (_, decided)| *decided > 0);
        sums
    }
}

/// The grade of a share within the limit (0 to 1) over `decided` completions.
pub fn grade(cfg: &StatsConfig, decided: u64, share: Option<f64>) -> Option<&'static str> {
    let percent = share? * 100.0;
    if decided < cfg.grade_min_decided {
        return None;
    }
    Some(if percent >= f64::from(cfg.grade_good) {
        "baik"
    } else if percent >= f64::from(cfg.grade_fair) {
        "sedang"
    } else {
        "kurang"
    })
}

fn line(f: &PhaseFigures) -> PhaseLine {
    PhaseLine {
        decided: f.decided,
        within: f.within_limit,
        share: f.compliance,
        median_days: f.median_days,
        p90_days: f.p90_days,
    }
}

fn month(d: NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

/// Per agency: the counts of `dim` (by value) over the months of the period.
async fn per_agency(
    state: &AppState,
    dim: &'static str,
    p: &LeagueParams,
) -> AppResult<HashMap<String, Vec<(String, u64)>>> {
    // The months the period touches: from the month of its first day to the month after
    // that of its last.
    let after_last = p.until.and_then(|u| {
        (u - Duration::days(1))
            .with_day(1)?
            .checked_add_months(Months::new(1))
    });
    let counts = state
        .store
        .volume_counts(&VolumeQuery {
            dim,
            from: p.from.map(month),
            until: after_last.map(month),
            by_month: false,
        })
        .await?;
    let mut out: HashMap<String, Vec<(String, u64)>> = HashMap::new();
    for c in counts {
        out.entry(c.agency)
            .or_default()
            .push((c.value, c.n.unsigned_abs()));
    }
    Ok(out)
}

/// The league table `p` asks for, kept for `figures_cache_seconds` like the figures it is
/// made of.
pub async fn league(state: &AppState, p: &LeagueParams) -> AppResult<League> {
    let key = format!("{:?}", (&p.kind, &p.province, p.from, p.until));
    let (now, max_age) = (state.clock.now(), super::kept_for(state));
    state
        .figures
        .league
        .get(key, now, max_age, async || counted(state, p).await)
        .await
}

/// The league table counted now.
async fn counted(state: &AppState, p: &LeagueParams) -> AppResult<League> {
    let kind = match p.kind.as_deref() {
        None | Some("") => None,
        Some(k) => Some(AgencyKind::parse(k).ok_or_else(|| {
            let mut e = FieldErrors::new();
            e.insert("kind".into(), "invalid".into());
            AppError::Validation(e)
        })?),
    };
    let stats = sla(
        state,
        SlaQuery {
            agency: None,
            unit: None,
            from: p.from,
            until: p.until,
        },
    )
    .await?;
    let state = &state.public_reads();
    let directory = state.directory().await?;
    let cfg = &state.config.stats;
    let dispatched = per_agency(state, "dispatched", p).await?;
    let rerouted = per_agency(state, "rerouted", p).await?;
    let ratings = per_agency(state, "rating", p).await?;
    let now = state.clock.now();
    let bounds = [7, 30, 90, 365].map(|d| now - Duration::days(d));
    let backlog: HashMap<String, [i64; 5]> = state
        .store
        .backlog(&bounds, None)
        .await?
        .into_iter()
        .map(|b| (b.agency, b.buckets))
        .collect();
    let sum = |m: &HashMap<String, Vec<(String, u64)>>, a: &str| -> u64 {
        m.get(a).map_or(0, |v| v.iter().map(|(_, n)| n).sum())
    };
    let mut rows: Vec<LeagueRow> = directory
        .agencies
        .iter()
        .filter(|a| kind.is_none_or(|k| a.kind == k))
        .filter(|a| {
            p.province.as_deref().is_none_or(|prov| {
                a.kind.is_regional()
                    && a.region_code
                        .as_deref()
                        .is_some_and(|r| r.split('.').next() == Some(prov))
            })
        })
        .filter_map(|a| {
            let slug = a.id.as_str();
            let mine = |phase| {
                stats
                    .figures
                    .iter()
                    .find(|f| f.responsible == slug && f.phase == phase)
            };
            let completion = mine(Phase::Completion)?;
            if completion.decided == 0 && completion.auto_closed_before_due == 0 {
                return None;
            }
            let stars = ratings.get(slug).cloned().unwrap_or_default();
            let rated: u64 = stars.iter().map(|(_, n)| n).sum();
            let star_sum: u64 = stars
                .iter()
                .map(|(s, n)| s.parse::<u64>().unwrap_or(0) * n)
                .sum();
            let (sent, back) = (sum(&dispatched, slug), sum(&rerouted, slug));
            Some(LeagueRow {
                rank: 0,
                agency: slug.to_owned(),
                name: a.name.clone(),
                kind: a.kind.as_str().to_owned(),
                region_code: a.region_code.clone(),
                grade: grade(cfg, completion.decided, completion.compliance).map(str::to_owned),
                first_follow_up: mine(Phase::FirstFollowUp).map(line),
                completion: line(completion),
                confirmed: completion.confirmed,
                agency_closed: completion.agency_closed,
                auto_closed: completion.auto_closed,
                auto_closed_before_due: completion.auto_closed_before_due,
                dispatched: sent,
                rerouted: back,
                reroute_rate: (sent > 0).then(|| back as f64 / sent as f64),
                ratings: rated,
                rating_average: (rated > 0).then(|| star_sum as f64 / rated as f64),
                backlog: backlog
                    .get(slug)
                    .map(|b| b.map(i64::unsigned_abs))
                    .unwrap_or_default(),
            })
        })
        .collect();
    rows.sort_by(league_order);
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
    }
    Ok(League {
        as_of: stats.as_of,
        thresholds: Thresholds {
            good: cfg.grade_good,
            fair: cfg.grade_fair,
            min_decided: cfg.grade_min_decided,
        },
        rows,
    })
}

/// Graded first; then the higher completion share, the higher first follow-up share, more
/// decided, the name.
fn league_order(a: &LeagueRow, b: &LeagueRow) -> std::cmp::Ordering {
    let share = |l: Option<&PhaseLine>| l.and_then(|l| l.share).unwrap_or(-1.0);
    b.grade
        .is_some()
        .cmp(&a.grade.is_some())
        .then(share(Some(&b.completion)).total_cmp(&share(Some(&a.completion))))
        .then(share(b.first_follow_up.as_ref()).total_cmp(&share(a.first_follow_up.as_ref())))
        .then(b.completion.decided.cmp(&a.completion.decided))
        .then(a.name.cmp(&b.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_change_exactly_at_the_thresholds_and_need_the_minimum_decided() {
        let cfg = StatsConfig::default();
        let g = |decided, share| grade(&cfg, decided, Some(share));
        assert_eq!(g(20, 0.80), Some("baik"));
        assert_eq!(g(20, 0.7999), Some("sedang"));
        assert_eq!(g(20, 0.60), Some("sedang"));
        assert_eq!(g(20, 0.5999), Some("kurang"));
        assert_eq!(g(19, 1.0), None);
        assert_eq!(grade(&cfg, 40, None), None);
    }
}

//! The statistics as CSV: the volumes (small counts withheld, as for the public everywhere)
//! and the league table, from [`crate::stats`].

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::stats::league::{LeagueParams, LeagueRow, PhaseLine, league};
use crate::stats::volumes::{VolumeParams, volumes};

/// The header of the volumes' CSV.
pub const VOLUME_COLUMNS: [&str; 3] = ["value", "count", "suppressed"];

/// The header of the league table's CSV.
pub const LEAGUE_COLUMNS: [&str; 29] = [
    "rank",
    "agency",
    "name",
    "kind",
    "grade",
    "first_follow_up_decided",
    "first_follow_up_within",
    "first_follow_up_share",
    "first_follow_up_median_days",
    "first_follow_up_p90_days",
    "completion_decided",
    "completion_within",
    "completion_share",
    "completion_median_days",
    "completion_p90_days",
    "confirmed",
    "agency_closed",
    "auto_closed",
    "auto_closed_before_due",
    "dispatched",
    "rerouted",
    "reroute_rate",
    "ratings",
    "rating_average",
    "backlog_up_to_7_days",
    "backlog_8_to_30_days",
    "backlog_31_to_90_days",
    "backlog_91_to_365_days",
    "backlog_over_365_days",
];

/// Rows of text as CSV with `header` first.
fn csv_of<const N: usize>(header: [&str; N], rows: &[[String; N]]) -> AppResult<String> {
    let internal = |e: csv::Error| AppError::Internal(e.into());
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(header).map_err(internal)?;
    for row in rows {
        w.write_record(row).map_err(internal)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::Internal(e.to_string().into()))?;
    String::from_utf8(bytes).map_err(|e| AppError::Internal(e.into()))
}

/// The breakdown `params` asks for as the public sees it, as CSV: a row per value, its count
/// empty and `suppressed` true when under `[stats] min_count`. The total is not a row: it would
/// tell a withheld count.
pub async fn volumes_csv(state: &AppState, params: &VolumeParams) -> AppResult<String> {
    let v = volumes(state, params, false).await?;
    let rows: Vec<[String; 3]> = v
        .items
        .iter()
        .map(|i| {
            [
                i.value.clone(),
                i.count.map(|n| n.to_string()).unwrap_or_default(),
                i.suppressed.to_string(),
            ]
        })
        .collect();
    csv_of(VOLUME_COLUMNS, &rows)
}

/// The league table `params` asks for, as CSV: a row per agency, best first, each phase's
/// figures flattened into columns, absent values empty.
pub async fn league_csv(state: &AppState, params: &LeagueParams) -> AppResult<String> {
    let table = league(state, params).await?;
    let rows: Vec<[String; 29]> = table.rows.iter().map(league_record).collect();
    csv_of(LEAGUE_COLUMNS, &rows)
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn phase(p: Option<&PhaseLine>) -> [String; 5] {
    [
        opt(p.map(|p| p.decided)),
        opt(p.map(|p| p.within)),
        opt(p.and_then(|p| p.share)),
        opt(p.and_then(|p| p.median_days)),
        opt(p.and_then(|p| p.p90_days)),
    ]
}

fn league_record(r: &LeagueRow) -> [String; 29] {
    let [f0, f1, f2, f3, f4] = phase(r.first_follow_up.as_ref());
    let [c0, c1, c2, c3, c4] = phase(Some(&r.completion));
    let [b0, b1, b2, b3, b4] = r.backlog.map(|n| n.to_string());
    [
        r.rank.to_string(),
        r.agency.clone(),
        r.name.clone(),
        r.kind.clone(),
        opt(r.grade.as_ref()),
        f0,
        f1,
        f2,
        f3,
        f4,
        c0,
        c1,
        c2,
        c3,
        c4,
        r.confirmed.to_string(),
        r.agency_closed.to_string(),
        r.auto_closed.to_string(),
        r.auto_closed_before_due.to_string(),
        r.dispatched.to_string(),
        r.rerouted.to_string(),
        opt(r.reroute_rate),
        r.ratings.to_string(),
        opt(r.rating_average),
        b0,
        b1,
        b2,
        b3,
        b4,
    ]
}

//! `GET /statistik`: which agencies answer on time and what people report where. The league
//! table of `/api/v1/stats/agencies` (the same function, so the page and the API never
//! disagree) with its grades and their thresholds, a tile map of the provinces' regional
//! governments, and the breakdowns of `/api/v1/stats/volumes` (small counts withheld). Every
//! chart is an SVG drawn here with a table of the same figures beside it.

use aduan_app::AppState;
use aduan_app::stats::league::{League, LeagueParams, LeagueRow, league};
use aduan_app::stats::volumes::{VolumeParams, Volumes, volumes};
use aduan_charts::{Bar, PROVINCE_TILES, bar_chart, tile_map, trend_chart};
use aduan_domain::directory::AgencyKind;
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::options::Opt;
use aduan_pagekit::render;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The page's filters; an empty field means "any".
#[derive(Debug, Default, Deserialize)]
pub struct StatsQuery {
    kind: Option<String>,
    province: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

fn given(v: &Option<String>) -> &str {
    v.as_deref().map(str::trim).unwrap_or_default()
}

/// One agency's line of the table, ready to print.
#[derive(Debug)]
pub struct Line {
    /// The row.
    pub row: LeagueRow,
    /// "87%", or empty.
    pub share: String,
    /// The first follow-up's share, or empty.
    pub first_share: String,
    /// "12 dari 14 laporan".
    pub counts: String,
    /// The grade's label, or empty.
    pub grade: String,
    /// Median working days of completion.
    pub median: String,
    /// "2 dikonfirmasi pelapor · ...".
    pub completions: String,
    /// Reroute rate, or empty.
    pub reroutes: String,
    /// Average rating, or empty.
    pub rating: String,
    /// Reports held open now.
    pub backlog: u64,
}

/// One breakdown: its chart and its table.
#[derive(Debug)]
pub struct Breakdown {
    /// Heading.
    pub heading: String,
    /// The SVG.
    pub svg: String,
    /// Label and count ("< 5" when withheld).
    pub rows: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "public_stats.html")]
struct StatsPage {
    c: Ctx,
    lines: Vec<Line>,
    thresholds: String,
    chart: String,
    map: String,
    breakdowns: Vec<Breakdown>,
    kinds: Vec<Opt>,
    provinces: Vec<Opt>,
    from: String,
    to: String,
    filtered: bool,
}

fn percent(c: &Ctx, share: Option<f64>) -> String {
    share
        .map(|s| c.t1("public-percent", "value", (s * 100.0).round() as i64))
        .unwrap_or_default()
}

fn line(c: &Ctx, row: LeagueRow) -> Line {
    let days = |d: Option<i64>| match d {
        Some(d) => c.n("public-working-days", "days", d),
        None => c.t("public-figure-none"),
    };
    Line {
        share: percent(c, row.completion.share),
        first_share: percent(c, row.first_follow_up.as_ref().and_then(|f| f.share)),
        counts: c.t2(
            "public-stats-counts",
            "within",
            row.completion.within,
            "decided",
            row.completion.decided,
        ),
        grade: row
            .grade
            .as_deref()
            .map(|g| c.t(&format!("public-grade-{g}")))
            .unwrap_or_default(),
        median: days(row.completion.median_days),
        completions: [
            c.n("public-figure-confirmed", "count", row.confirmed),
            c.n("public-figure-agency-closed", "count", row.agency_closed),
            c.n("public-figure-auto-closed", "count", row.auto_closed),
        ]
        .join(" · "),
        reroutes: percent(c, row.reroute_rate),
        rating: row
            .rating_average
            .map(|r| format!("{r:.1}").replace('.', ","))
            .unwrap_or_default(),
        backlog: row.backlog.iter().sum(),
        row,
    }
}

/// Each province's regional governments together: within / decided of their completions.
fn province_shares(table: &League) -> BTreeMap<String, (f64, String)> {
    table
        .province_shares()
        .into_iter()
        .map(|(p, (within, decided))| {
            let share = within as f64 * 100.0 / decided as f64;
            let abbr = PROVINCE_TILES
                .iter()
                .find(|t| t.0 == p)
                .map_or(p.as_str(), |t| t.1);
            let text = format!("{abbr}: {share:.0}% ({within}/{decided})");
            (p, (share, text))
        })
        .collect()
}

fn breakdown(c: &Ctx, key: &str, v: &Volumes, label: &dyn Fn(&str) -> String) -> Breakdown {
    let heading = c.t(&format!("public-stats-by-{key}"));
    let rows: Vec<(String, String)> = v
        .items
        .iter()
        .map(|i| {
            let count = match i.count {
                Some(n) => n.to_string(),
                None => c.t1("public-stats-withheld", "min", v.min_count as i64),
            };
            (label(&i.value), count)
        })
        .collect();
    let desc = c.t("public-stats-chart-desc");
    let svg = if key == "month" {
        let points: Vec<(String, f64)> = v
            .items
            .iter()
            .map(|i| (i.value.clone(), i.count.unwrap_or(0) as f64))
            .collect();
        trend_chart(&format!("chart-{key}"), &heading, &desc, &points)
    } else {
        let bars: Vec<Bar> = v
            .items
            .iter()
            .take(12)
            .map(|i| Bar {
                label: label(&i.value),
                value: i.count.unwrap_or(0) as f64,
                shown: i.count.map_or_else(|| "<".to_owned(), |n| n.to_string()),
            })
            .collect();
        bar_chart(&format!("chart-{key}"), &heading, &desc, &bars, None)
    };
    Breakdown { heading, svg, rows }
}

fn day(v: &str) -> Result<Option<NaiveDate>, PageError> {
    match v {
        "" => Ok(None),
        d => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| PageError::BadForm),
    }
}

/// `GET /statistik`.
pub async fn page(
    State(state): State<AppState>,
    c: Ctx,
    query: Result<Query<StatsQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let Query(q) = query.map_err(|_| PageError::BadForm)?;
    let (from, to) = (day(given(&q.from))?, day(given(&q.to))?);
    let params = LeagueParams {
        kind: Some(given(&q.kind).to_owned()).filter(|k| !k.is_empty()),
        province: Some(given(&q.province).to_owned()).filter(|p| !p.is_empty()),
        from,
        until: to.and_then(|d| d.succ_opt()),
    };
    let table = league(&state, &params).await?;
    let t = &table.thresholds;
    let thresholds = c.t3(
        "public-stats-thresholds",
        ("good", i64::from(t.good)),
        ("fair", i64::from(t.fair)),
        ("min", t.min_decided as i64),
    );
    let classes = [
        (
            f64::from(t.good),
            "#1b7837",
            c.t1("public-grade-good-legend", "good", i64::from(t.good)),
        ),
        (
            f64::from(t.fair),
            "#e0a800",
            c.t1("public-grade-fair-legend", "fair", i64::from(t.fair)),
        ),
        (
            0.0,
            "#c0392b",
            c.t1("public-grade-poor-legend", "fair", i64::from(t.fair)),
        ),
    ];
    let class_refs: Vec<(f64, &str, &str)> = classes
        .iter()
        .map(|(v, col, l)| (*v, *col, l.as_str()))
        .collect();
    let map = tile_map(
        "map-provinces",
        &c.t("public-stats-map-title"),
        &c.t("public-stats-map-desc"),
        &province_shares(&table),
        &class_refs,
        &c.t("public-stats-map-no-data"),
    );
    let bars: Vec<Bar> = table
        .rows
        .iter()
        .take(15)
        .map(|r| Bar {
            label: r.name.clone(),
            value: r.completion.share.unwrap_or(0.0) * 100.0,
            shown: percent(&c, r.completion.share),
        })
        .collect();
    let chart = bar_chart(
        "chart-league",
        &c.t("public-stats-chart-title"),
        &c.t("public-stats-chart-desc"),
        &bars,
        Some(100.0),
    );
    let directory = state.directory().await?;
    let categories = state.categories().await?;
    let region_name = |code: &str| {
        directory
            .agencies
            .iter()
            .find(|a| a.kind.is_regional() && a.region_code.as_deref() == Some(code))
            .map_or_else(|| code.to_owned(), |a| a.name.clone())
    };
    let topic_name = |id: &str| {
        categories
            .iter()
            .find(|k| k.id.as_str() == id)
            .map_or_else(|| c.t("public-stats-none"), |k| k.name.clone())
    };
    let mut breakdowns = Vec::new();
    for key in ["topic", "province", "channel", "kind", "month"] {
        let v = volumes(
            &state,
            &VolumeParams {
                by: Some(key.into()),
                from: None,
                until: None,
            },
            false,
        )
        .await?;
        let label: Box<dyn Fn(&str) -> String> = match key {
            "topic" => Box::new(&topic_name),
            "province" => Box::new(&region_name),
            "channel" => Box::new(|v: &str| c.channel(v)),
            "kind" => Box::new(|v: &str| c.kind(v)),
            _ => Box::new(str::to_owned),
        };
        breakdowns.push(breakdown(&c, key, &v, &label));
    }
    let kinds = AgencyKind::ALL
        .iter()
        .map(|k| {
            Opt::new(
                k.as_str(),
                c.t(&format!("public-agency-kind-{}", k.as_str())),
                given(&q.kind),
            )
        })
        .collect();
    let provinces = directory
        .agencies
        .iter()
        .filter(|a| a.kind == AgencyKind::Provinsi)
        .filter_map(|a| {
            Some(Opt::new(
                a.region_code.as_deref()?,
                a.name.clone(),
                given(&q.province),
            ))
        })
        .collect();
    let lines = table.rows.into_iter().map(|r| line(&c, r)).collect();
    render(&StatsPage {
        lines,
        thresholds,
        chart,
        map,
        breakdowns,
        kinds,
        provinces,
        from: given(&q.from).to_owned(),
        to: given(&q.to).to_owned(),
        filtered: [&q.kind, &q.province, &q.from, &q.to]
            .iter()
            .any(|v| !given(v).is_empty()),
        c,
    })
}

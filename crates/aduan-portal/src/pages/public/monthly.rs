//! The monthly report of an agency or of the nation: `/statistik/bulanan` as a printable page,
//! `/statistik/bulanan.pdf` as a PDF, both from `aduan_app::stats::monthly`.

use aduan_app::AppState;
use aduan_app::stats::monthly::{Monthly, MonthlyParams, monthly};
use aduan_charts::trend_chart;
use aduan_domain::sla::figures::PhaseFigures;
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use aduan_report_pdf::{Figure, MonthlyReport, Row, Table};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// The figures and tables of a monthly report as text in the visitor's language, shared by the
/// page and the PDF.
struct Texts {
    title: String,
    subtitle: String,
    figures: Vec<(String, String)>,
    trend_heading: String,
    trend: Vec<(String, String)>,
    phase_columns: Vec<String>,
    phases: Vec<Vec<String>>,
    open_columns: Vec<String>,
    open: Vec<(String, Vec<String>)>,
}

fn count(c: &Ctx, n: Option<u64>, min: u64) -> String {
    n.map_or_else(
        || c.t1("public-stats-withheld", "min", min as i64),
        |n| n.to_string(),
    )
}

fn phase_row(c: &Ctx, f: &PhaseFigures) -> Vec<String> {
    let share = f
        .compliance
        .map(|s| c.t1("public-percent", "value", (s * 100.0).round() as i64))
        .unwrap_or_default();
    let days = |d: Option<i64>| {
        d.map(|d| c.n("public-working-days", "days", d))
            .unwrap_or_default()
    };
    vec![
        c.t(&format!("public-phase-{}", f.phase.as_str())),
        f.decided.to_string(),
        f.within_limit.to_string(),
        share,
        days(f.median_days),
        days(f.p90_days),
    ]
}

fn texts(c: &Ctx, m: &Monthly) -> Texts {
    let whose = m
        .agency
        .as_ref()
        .map_or_else(|| c.t("public-monthly-national"), |(_, name)| name.clone());
    let received_key = if m.agency.is_some() {
        "public-monthly-dispatched"
    } else {
        "public-monthly-received"
    };
    let backlog: u64 = m.backlog.iter().sum();
    let mut figures = vec![
        (c.t(received_key), count(c, m.received, m.min_count)),
        (c.t("public-monthly-open-now"), backlog.to_string()),
    ];
    for (key, n) in ["public-monthly-older-90", "public-monthly-older-365"]
        .iter()
        .zip([m.backlog[3] + m.backlog[4], m.backlog[4]])
    {
        figures.push((c.t(key), n.to_string()));
    }
    Texts {
        title: c.t2("public-monthly-title", "whose", &whose, "month", &m.month),
        subtitle: c.t1("public-monthly-as-of", "when", c.when(&m.as_of)),
        figures,
        trend_heading: c.t(received_key),
        trend: m
            .trend
            .iter()
            .map(|(month, n)| (month.clone(), count(c, *n, m.min_count)))
            .collect(),
        phase_columns: [
            "public-monthly-col-phase",
            "public-figure-decided",
            "public-figure-within",
            "public-monthly-col-share",
            "public-figure-median",
            "public-figure-p90",
        ]
        .iter()
        .map(|k| c.t(k))
        .collect(),
        phases: m.phases.iter().map(|f| phase_row(c, f)).collect(),
        open_columns: [
            "public-monthly-col-id",
            "public-monthly-col-title",
            "public-monthly-col-status",
            "public-monthly-col-age",
        ]
        .iter()
        .map(|k| c.t(k))
        .collect(),
        open: m
            .oldest_open
            .iter()
            .map(|o| {
                let cells = vec![
                    o.tracking_id.clone(),
                    o.title.clone(),
                    c.status(&o.status),
                    c.n("public-monthly-days", "days", o.age_days),
                ];
                (o.tracking_id.clone(), cells)
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "public_monthly.html")]
struct MonthlyPage {
    c: Ctx,
    t: Texts,
    chart: String,
    pdf: String,
}

fn params(query: Result<Query<MonthlyParams>, QueryRejection>) -> Result<MonthlyParams, PageError> {
    query.map(|Query(q)| q).map_err(|_| PageError::BadForm)
}

/// `GET /statistik/bulanan`: the printable page.
pub async fn page(
    State(state): State<AppState>,
    c: Ctx,
    query: Result<Query<MonthlyParams>, QueryRejection>,
) -> Result<Response, PageError> {
    let p = params(query)?;
    let m = monthly(&state, &p).await?;
    let t = texts(&c, &m);
    let points: Vec<(String, f64)> = m
        .trend
        .iter()
        .map(|(month, n)| (month.clone(), n.unwrap_or(0) as f64))
        .collect();
    let chart = trend_chart(
        "chart-monthly",
        &t.trend_heading,
        &c.t("public-stats-chart-desc"),
        &points,
    );
    let mut pairs = vec![("month", m.month.as_str())];
    if let Some((slug, _)) = &m.agency {
        pairs.push(("agency", slug.as_str()));
    }
    let pdf = super::with_query("/statistik/bulanan.pdf", &pairs);
    render(&MonthlyPage { t, chart, pdf, c })
}

/// `GET /statistik/bulanan.pdf`: the same report as a PDF.
pub async fn pdf(
    State(state): State<AppState>,
    c: Ctx,
    query: Result<Query<MonthlyParams>, QueryRejection>,
) -> Result<Response, PageError> {
    let p = params(query)?;
    let m = monthly(&state, &p).await?;
    let t = texts(&c, &m);
    let report = MonthlyReport {
        title: t.title,
        subtitle: t.subtitle,
        figures: t
            .figures
            .into_iter()
            .map(|(label, value)| Figure { label, value })
            .collect(),
        trend_heading: t.trend_heading,
        trend: m
            .trend
            .iter()
            .map(|(month, n)| (month.clone(), n.unwrap_or(0) as f64))
            .collect(),
        tables: vec![
            Table {
                heading: c.t("public-monthly-phases"),
                columns: t.phase_columns,
                rows: t.phases.into_iter().map(|cells| Row { cells }).collect(),
            },
            Table {
                heading: c.t("public-monthly-oldest"),
                columns: t.open_columns,
                rows: t.open.into_iter().map(|(_, cells)| Row { cells }).collect(),
            },
        ],
        footer: c.t("public-monthly-footer"),
    };
    let bytes = tokio::task::spawn_blocking(move || aduan_report_pdf::render(&report))
        .await
        .map_err(|e| PageError::App(aduan_app::error::AppError::Internal(Box::new(e))))?;
    let name = format!(
        "attachment; filename=\"aduan-{}-{}.pdf\"",
        m.agency.as_ref().map_or("nasional", |(s, _)| s.as_str()),
        m.month
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, name),
        ],
        bytes,
    )
        .into_response())
}

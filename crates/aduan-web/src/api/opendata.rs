//! Open data, through [`aduan_app::opendata`]: `GET /open/reports.csv` and
//! `/open/reports.jsonl` (the public reports, personal data removed), `/open/volumes.csv` and
//! `/open/agencies.csv` (the statistics), all under CC BY 4.0; and `GET /reports/export.csv`,
//! the same rows of a member of staff's scope, audited. The reports stream page by page.

use crate::auth::Auth;
use crate::error::ApiResult;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::opendata::{self, ExportQuery, Format, ReportExport};
use aduan_app::stats::league::LeagueParams;
use aduan_app::stats::volumes::VolumeParams;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

const CSV: &str = "text/csv; charset=utf-8";
const JSON_LINES: &str = "application/x-ndjson";

/// The headers of a download: its type, its file name, the licence (`Link: <…>; rel="license"`)
/// and its attribution; `private` ones are never kept by a cache.
fn download(content_type: &'static str, file: &str, private: bool, state: &AppState) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    let disposition = format!("attachment; filename=\"{file}\"");
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    let licence = format!("<{}>; rel=\"license\"", opendata::LICENCE_URL);
    if let Ok(v) = HeaderValue::from_str(&licence) {
        h.insert(header::LINK, v);
    }
    if let Ok(v) = HeaderValue::from_str(&opendata::attribution(state)) {
        h.insert("x-attribution", v);
    }
    if private {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    h
}

/// An export as a response whose body is written page by page as the client reads it.
fn streamed(export: ReportExport, headers: HeaderMap) -> Response {
    (headers, Body::from_stream(export.into_stream())).into_response()
}

fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, AppError> {
    q.map(|Query(q)| q)
        .map_err(|e| AppError::InvalidRequest(e.body_text()))
}

/// The public reports as CSV (UTF-8, a header row): every dispatched, in-progress or completed
/// report that is not confidential, newest first, without the reporter's identity, names,
/// NIK, phone numbers and e-mail addresses removed from the title and chronology, coordinates
/// rounded to two decimals. Licensed CC BY 4.0 (`Link: rel="license"`); the columns are
/// described in docs/open-data.md.
#[utoipa::path(get, path = "/open/reports.csv", extensions(("x-access" = json!(crate::api::access::PUBLIC))), tag = "open data", params(ExportQuery),
    responses((status = 200, description = "The reports, one CSV row each", content_type = "text/csv", body = String,
        headers(("Link" = String, description = "The data's licence: <https://creativecommons.org/licenses/by/4.0/>; rel=\"license\""),
            ("Content-Disposition" = String, description = "attachment; filename=\"aduan-laporan.csv\""))),
        (status = 400, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn open_reports_csv(
    State(state): State<AppState>,
    q: Result<Query<ExportQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let export = opendata::public_reports(&state, &query(q)?, Format::Csv).await?;
    let headers = download(CSV, "aduan-laporan.csv", false, &state);
    Ok(streamed(export, headers))
}

/// The public reports as JSON Lines: one object per line, the same fields as the CSV's
/// columns (absent values `null`).
#[utoipa::path(get, path = "/open/reports.jsonl", extensions(("x-access" = json!(crate::api::access::PUBLIC))), tag = "open data", params(ExportQuery),
    responses((status = 200, description = "The reports, one JSON object (OpenReport) per line", content_type = "application/x-ndjson",
        body = opendata::OpenReport,
        headers(("Link" = String, description = "The data's licence: <https://creativecommons.org/licenses/by/4.0/>; rel=\"license\""),
            ("Content-Disposition" = String, description = "attachment; filename=\"aduan-laporan.jsonl\""))),
        (status = 400, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn open_reports_jsonl(
    State(state): State<AppState>,
    q: Result<Query<ExportQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let export = opendata::public_reports(&state, &query(q)?, Format::JsonLines).await?;
    let headers = download(JSON_LINES, "aduan-laporan.jsonl", false, &state);
    Ok(streamed(export, headers))
}

/// A breakdown of the reports received (`by` as for `/stats/volumes`) as CSV: `value`,
/// `count` and `suppressed`; a count under the deployment's minimum is left empty and marked
/// suppressed, for everyone. Confidential reports are in these counts and nowhere else.
#[utoipa::path(get, path = "/open/volumes.csv", extensions(("x-access" = json!(crate::api::access::PUBLIC))), tag = "open data", params(VolumeParams),
    responses((status = 200, description = "One CSV row per value", content_type = "text/csv", body = String,
        headers(("Link" = String, description = "The data's licence"))),
        (status = 400, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn open_volumes_csv(
    State(state): State<AppState>,
    q: Result<Query<VolumeParams>, QueryRejection>,
) -> ApiResult<Response> {
    let q = query(q)?;
    let csv = opendata::stats::volumes_csv(&state, &q).await?;
    let by = q.by.as_deref().unwrap_or("topic");
    let headers = download(CSV, &format!("aduan-volume-{by}.csv"), false, &state);
    Ok((headers, csv).into_response())
}

/// The league table (filters as for `/stats/agencies`) as CSV: one row per agency, best first,
/// each phase's figures flattened into columns.
#[utoipa::path(get, path = "/open/agencies.csv", extensions(("x-access" = json!(crate::api::access::PUBLIC))), tag = "open data", params(LeagueParams),
    responses((status = 200, description = "One CSV row per agency", content_type = "text/csv", body = String,
        headers(("Link" = String, description = "The data's licence"))),
        (status = 400, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn open_agencies_csv(
    State(state): State<AppState>,
    q: Result<Query<LeagueParams>, QueryRejection>,
) -> ApiResult<Response> {
    let csv = opendata::stats::league_csv(&state, &query(q)?).await?;
    let headers = download(CSV, "aduan-instansi.csv", false, &state);
    Ok((headers, csv).into_response())
}

/// The reports in the caller's scope (staff: their agency, their unit and those below it, or
/// everything for the national admin) as CSV, with the public export's columns: the reporter's
/// identity stays out here too. Each request is written to the audit log.
#[utoipa::path(get, path = "/reports/export.csv", extensions(("x-access" = json!(crate::api::access::STAFF))), tag = "reports", params(ExportQuery),
    responses((status = 200, description = "The reports, one CSV row each", content_type = "text/csv", body = String),
        (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn staff_export_csv(
    State(state): State<AppState>,
    Auth(caller): Auth,
    q: Result<Query<ExportQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let export = opendata::staff_reports(&state, &caller, &query(q)?, Format::Csv).await?;
    let headers = download(CSV, "aduan-laporan-staf.csv", true, &state);
    Ok(streamed(export, headers))
}

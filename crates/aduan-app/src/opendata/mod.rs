//! Open data: the public reports and the statistics as CSV and JSON Lines, with personal data
//! removed, under a stated licence (docs/open-data.md is the data dictionary).
//!
//! - Reports ([`public_reports`]): every report the public may see (dispatched, in progress or
//!   completed, not confidential; each row through the policy), one [`OpenReport`] each, without
//!   the reporter's identity, their title and chronology through [`redact::redact`],
//!   coordinates rounded to two decimals. Confidential reports appear only as counts, in the
//!   statistics.
//! - Staff ([`staff_reports`]): the same rows for the reports in the caller's scope, each
//!   request audited (`report.export`); the reporter's identity stays out of these too.
//! - Statistics ([`stats`]): the volumes with small counts withheld, and the league table.
//!
//! An export streams: [`ReportExport::into_stream`] reads one page of [`PAGE_SIZE`] reports,
//! encodes it and hands it on before reading the next, so memory stays flat however many
//! reports there are.

pub mod export;
pub mod redact;
pub mod stats;

pub use export::{COLUMNS, OpenReport, public_page, staff_page};

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::reports::list::{ListQuery, check};
use aduan_store::{Cursor, ListScope, ReportFilter};
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

/// Reports read, encoded and sent at a time.
pub const PAGE_SIZE: u32 = 1000;

/// The data's licence: Creative Commons Attribution 4.0 International.
pub const LICENCE: &str = "CC-BY-4.0";

/// Where the licence is stated.
pub const LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";

/// The attribution the licence asks of re-users: `Aduan, <deployment>`, the deployment named by
/// its public address when one is configured.
pub fn attribution(state: &AppState) -> String {
    let url = state.config.public_url.trim();
    if url.is_empty() {
        "Aduan".to_owned()
    } else {
        format!("Aduan, {url}")
    }
}

/// Filters of a report export; all optional, combined with AND.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// Status, or several separated by commas (any of them).
    pub status: Option<String>,
    /// The agency dispatched to (slug).
    pub agency: Option<String>,
    /// Category id (a topic includes its sub-topics).
    pub category: Option<String>,
    /// Kind: `complaint`, `aspiration`, `information_request`.
    pub kind: Option<String>,
    /// Channel (`web`, `sms`, `api:partner`).
    pub channel: Option<String>,
    /// Region code (a province includes its kabupaten and kota).
    pub region: Option<String>,
    /// Submitted on or after this date (YYYY-MM-DD, WIB midnight) or instant (RFC 3339).
    pub from: Option<String>,
    /// Submitted before this date or instant.
    pub until: Option<String>,
}

impl ExportQuery {
    /// The store's filter, checked as the report list checks it.
    fn filter(&self, state: &AppState) -> AppResult<ReportFilter> {
        let q = ListQuery {
            status: self.status.clone(),
            agency: self.agency.clone(),
            category: self.category.clone(),
            kind: self.kind.clone(),
            channel: self.channel.clone(),
            region: self.region.clone(),
            from: self.from.clone(),
            until: self.until.clone(),
            ..ListQuery::default()
        };
        Ok(check(&q, state.clock.now())?.filter)
    }
}

/// How the rows are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV (RFC 4180, UTF-8) with a header row of [`COLUMNS`].
    Csv,
    /// JSON Lines: one [`OpenReport`] object per line.
    JsonLines,
}

impl Format {
    /// The name used in the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::JsonLines => "jsonl",
        }
    }
}

/// Whose reports an export reads.
#[derive(Debug, Clone)]
enum Source {
    Public,
    Staff(Box<Caller>),
}

/// A report export, checked and ready to stream.
#[derive(Clone)]
pub struct ReportExport {
    state: AppState,
    source: Source,
    filter: ReportFilter,
    format: Format,
}

/// The public export of the reports `q` asks for (`validation` for a bad filter).
pub async fn public_reports(
    state: &AppState,
    q: &ExportQuery,
    format: Format,
) -> AppResult<ReportExport> {
    Ok(ReportExport {
        filter: q.filter(state)?,
        state: state.public_reads(),
        source: Source::Public,
        format,
    })
}

/// The export of the reports `q` asks for in `caller`'s scope: staff only (`unauthorized`
/// without a session, `forbidden` for anyone else). Each request is audited before the first
/// row is read: who, the scope, the filters and the format.
pub async fn staff_reports(
    state: &AppState,
    caller: &Caller,
    q: &ExportQuery,
    format: Format,
) -> AppResult<ReportExport> {
    caller.require_user()?;
    let staff = caller.staff().ok_or(AppError::Forbidden)?;
    let filter = q.filter(state)?;
    let scope = crate::reports::list::scope_of(state, caller, false)
        .await?
        .ok_or(AppError::Forbidden)?;
    let subject = match &scope {
        ListScope::All => "reports:all".to_owned(),
        ListScope::Agency(a) => format!("reports:agency:{a}"),
        // The officer's own unit leads its subtree.
        ListScope::Units(a, units) => match units.first() {
            Some(unit) => format!("reports:unit:{unit}"),
            None => format!("reports:agency:{a}"),
        },
        ListScope::Dispatched => "reports:dispatched".to_owned(),
        ListScope::Public | ListScope::Reporter(_) => return Err(AppError::Forbidden),
    };
    let payload = serde_json::json!({ "format": format.as_str(), "filters": q });
    state
        .store
        .append_audit(
            &staff.user.to_string(),
            state.clock.now(),
            "report.export",
            &subject,
            payload,
        )
        .await?;
    Ok(ReportExport {
        state: state.clone(),
        source: Source::Staff(Box::new(caller.clone())),
        filter,
        format,
    })
}

/// Where a running export is.
struct Progress {
    export: ReportExport,
    cursor: Option<Cursor>,
    first: bool,
    done: bool,
}

impl ReportExport {
    /// The export's bytes, one chunk per page of [`PAGE_SIZE`] reports (the CSV header leads
    /// the first), each page read only when the previous chunk was taken. An error ends the
    /// stream after its item.
    pub fn into_stream(self) -> impl Stream<Item = AppResult<Bytes>> + Send + 'static {
        let start = Progress {
            export: self,
            cursor: None,
            first: true,
            done: false,
        };
        futures_util::stream::unfold(start, |mut p| async move {
            if p.done {
                return None;
            }
            let page = p.export.page(p.cursor.as_ref()).await;
            let chunk = page.and_then(|(rows, next)| {
                let bytes = encode(&rows, p.export.format, p.first)?;
                p.cursor = next;
                Ok(bytes)
            });
            if let Err(e) = &chunk {
                // The response has begun: the client sees the body cut short.
                tracing::error!(error = %e, "an export failed after it began");
            }
            p.first = false;
            p.done = chunk.is_err() || p.cursor.is_none();
            Some((chunk, p))
        })
        // A body wrapped by the compression layer is polled again after its end: a fused
        // stream answers "ended" again instead of panicking.
        .fuse()
    }

    async fn page(&self, cursor: Option<&Cursor>) -> AppResult<(Vec<OpenReport>, Option<Cursor>)> {
        match &self.source {
            Source::Public => public_page(&self.state, &self.filter, cursor, PAGE_SIZE).await,
            Source::Staff(caller) => {
                staff_page(&self.state, caller, &self.filter, cursor, PAGE_SIZE).await
            }
        }
    }
}

/// `rows` written in `format`; a CSV's header first when `header`.
pub fn encode(rows: &[OpenReport], format: Format, header: bool) -> AppResult<Bytes> {
    let internal = |e: Box<dyn std::error::Error + Send + Sync>| AppError::Internal(e);
    let mut out = Vec::with_capacity(rows.len() * 512);
    match format {
        Format::Csv => {
            let mut w = csv::WriterBuilder::new().from_writer(&mut out);
            if header {
                w.write_record(COLUMNS).map_err(|e| internal(e.into()))?;
            }
            for r in rows {
                w.write_record(r.record()).map_err(|e| internal(e.into()))?;
            }
            w.flush().map_err(|e| internal(e.into()))?;
        }
        Format::JsonLines => {
            for r in rows {
                serde_json::to_writer(&mut out, r).map_err(|e| internal(e.into()))?;
                out.push(b'\n');
            }
        }
    }
    Ok(Bytes::from(out))
}

#[cfg(test)]
#[path = "encode_tests.rs"]
mod tests;

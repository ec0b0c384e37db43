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
//! An export streams: [`ReportExport::into_stream`] reads pages of [`PAGE_SIZE`] reports,
//! encodes each and hands it on, never more than a few pages ahead of the client, so memory
//! stays flat however many reports there are; the next page is read while one is encoded.

pub mod export;
pub mod redact;
pub mod stats;

pub use export::{COLUMNS, OpenReport};

use export::Reader;

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::reports::list::{ListQuery, check};
use aduan_store::{Cursor, ListScope, ReportFilter};
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tokio::sync::mpsc;
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

/// A report export, checked and ready to stream.
#[derive(Clone)]
pub struct ReportExport {
    state: AppState,
    reader: Reader,
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
        reader: Reader::Public,
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
    let reader = Reader::staff(state, caller).await?;
    let Reader::Staff(_, scope) = &reader else {
        return Err(AppError::Forbidden);
    };
    let subject = match scope {
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
        reader,
        filter,
        format,
    })
}

/// Pages an export works on ahead of the one being sent, at each of its stages (read, made
/// into rows, encoded): reading the next pages goes on while earlier ones are made into rows,
/// and all of it while the client takes the bytes. Memory stays at a few pages (up to about
/// seven: three read or being read, three encoded and waiting, one being sent).
const AHEAD: usize = 3;

/// Reads of the database for exports running at once in this service, however many exports
/// run: each holds a connection, and the pool serves every other request too. One export
/// alone uses them all (its pages' ends and [`AHEAD`] pages); several share them.
static READS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(AHEAD + 1);

/// A permit to read for an export ([`READS`]).
async fn read_permit() -> AppResult<tokio::sync::SemaphorePermit<'static>> {
    READS
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.into()))
}

impl ReportExport {
    /// The export's bytes, one chunk per page of [`PAGE_SIZE`] reports (the CSV header leads
    /// the first), in order. A task of its own makes them, a few pages ahead of the client at
    /// most (see [`AHEAD`]), and stops when the client goes; an error ends the stream after
    /// its item.
    pub fn into_stream(self) -> impl Stream<Item = AppResult<Bytes>> + Send + 'static {
        let (tx, rx) = mpsc::channel(AHEAD);
        let maker = tokio::spawn(self.make(tx));
        futures_util::stream::unfold((rx, Some(maker)), |(mut rx, maker)| async move {
            if let Some(chunk) = rx.recv().await {
                return Some((chunk, (rx, maker)));
            }
            // The chunks ended: normally, or because the task that made them failed, which
            // must not read as a complete file.
            match maker?.await {
                Ok(()) => None,
                Err(e) => {
                    tracing::error!(error = %e, "an export's task failed after it began");
                    Some((Err(AppError::Internal(e.into())), (rx, None)))
                }
            }
        })
        // A body wrapped by the compression layer is polled again after its end: a fused
        // stream answers "ended" again instead of panicking.
        .fuse()
    }

    /// Sends the export's chunks to `tx` until the last, an error, or the receiver is gone.
    /// A task of its own finds where each page ends, one after another, reading keys only
    /// ([`ReportExport::find_pages`]); here up to [`AHEAD`] pages are read at once (each with
    /// its follow-up counts and the identities to remove, on its own connection), made into
    /// rows through the policy, redacted and encoded, and sent in order.
    async fn make(self, tx: mpsc::Sender<AppResult<Bytes>>) {
        let this = Arc::new(self);
        let (pages_tx, mut pages_rx) = mpsc::channel(AHEAD);
        tokio::spawn(this.clone().find_pages(pages_tx));
        let pages = futures_util::stream::poll_fn(move |cx| pages_rx.poll_recv(cx));
        // Whether the last page (the one that runs to the end) was sent: the pages' task may
        // have stopped before it.
        let mut last_sent = false;
        let chunks = pages
            .enumerate()
            .map(move |(i, bounds): (usize, AppResult<Bounds>)| {
                let this = this.clone();
                async move {
                    let (after, upto) = bounds?;
                    let (state, filter) = (&this.state, &this.filter);
                    let permit = read_permit().await?;
                    let page = this
                        .reader
                        .page(state, filter, after.as_ref(), upto.as_ref())
                        .await?;
                    drop(permit);
                    let rows = this.reader.rows(state, page).await?;
                    Ok((encode(&rows, this.format, i == 0)?, upto.is_none()))
                }
            })
            .buffered(AHEAD);
        futures_util::pin_mut!(chunks);
        while let Some(made) = chunks.next().await {
            let chunk = made.map(|(bytes, last)| {
                last_sent = last;
                bytes
            });
            let failed = chunk.is_err();
            if let Err(e) = &chunk {
                // The response has begun: the client sees the body cut short.
                tracing::error!(error = %e, "an export failed after it began");
            }
            if tx.send(chunk).await.is_err() || failed {
                return;
            }
        }
        if !last_sent {
            let cut = AppError::Internal("an export's pages stopped before the last".into());
            tracing::error!(error = %cut, "an export failed after it began");
            let _ = tx.send(Err(cut)).await;
        }
    }

    /// Sends the bounds of the export's pages to `tx`, in order, until the last (which runs to
    /// the end), an error, or the receiver is gone: each page starts after the end of the one
    /// before and ends at its [`PAGE_SIZE`]-th report.
    async fn find_pages(self: Arc<Self>, tx: mpsc::Sender<AppResult<Bounds>>) {
        let mut after = None;
        loop {
            let end = match read_permit().await {
                Ok(_permit) => {
                    self.reader
                        .page_end(&self.state, &self.filter, after.as_ref(), PAGE_SIZE)
                        .await
                }
                Err(e) => Err(e),
            };
            let (bounds, next) = match end {
                Ok(end) => (Ok((after, end)), end),
                Err(e) => (Err(e), None),
            };
            if tx.send(bounds).await.is_err() {
                return;
            }
            match next {
                Some(next) => after = Some(next),
                None => return,
            }
        }
    }
}

/// Where a page of an export starts (after this key) and ends (at this key; at the last report
/// when `None`).
type Bounds = (Option<Cursor>, Option<Cursor>);

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

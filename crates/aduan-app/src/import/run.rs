//! The import loop: one blocking reader parses and checks lines into batches while the writer
//! stores the previous batch, so the two cores share the work.

use super::build::{Built, reason};
use super::reader::{Batch, Reader};
use super::snapshot::Snapshot;
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::reports::attachments::keep_file;
use aduan_store::{BulkCounts, ImportBatch, ImportMark, NewAttachment, StoreError};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The JSON Lines file.
    pub input: PathBuf,
    /// The name its progress is kept under (resuming needs the same name).
    pub source: String,
    /// Reports per transaction.
    pub batch: usize,
    /// Stop after this many lines (a partial run, resumed later); none: read to the end.
    pub max_lines: Option<u64>,
}

/// A rejected line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Rejected {
    /// Its number in the file, from 1.
    pub line: u64,
    /// Its legacy id, if it could be read.
    pub legacy_id: Option<String>,
    /// Why.
    pub reason: String,
}

/// Where an import stands, as a progress display shows it.
pub trait Progress: Send + Sync {
    /// The input's size and where this run starts in it (bytes).
    fn start(&self, total_bytes: u64, from_byte: u64);
    /// After each committed batch: bytes read, reports imported and lines rejected by this run.
    fn advance(&self, byte: u64, imported: u64, rejected: u64);
    /// A rejected line, once its batch is committed.
    fn rejected(&self, r: &Rejected);
}

/// What an import did.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportSummary {
    /// Lines before this run's first (already imported by an earlier run).
    pub resumed_after_line: u64,
    /// Lines this run read.
    pub lines: u64,
    /// Reports this run imported.
    pub imported: u64,
    /// Events they carry.
    pub events: u64,
    /// Lines this run rejected.
    pub rejected: u64,
    /// How long it took.
    pub elapsed: Duration,
    /// Where the source stands now, over every run.
    pub mark: Option<ImportMark>,
}

/// Imports `opts.input` into `state`'s store, resuming after the source's mark.
pub async fn import(
    state: &AppState,
    opts: &ImportOptions,
    progress: &dyn Progress,
) -> AppResult<ImportSummary> {
    let started = Instant::now();
    let io = |e: std::io::Error| AppError::InvalidRequest(format!("{}: {e}", opts.input.display()));
    let total = std::fs::metadata(&opts.input).map_err(io)?.len();
    let print = fingerprint(&opts.input).map_err(io)?;
    let mark = state.store.import_mark(&opts.source).await?;
    if let Some(m) = &mark
        && (m.fingerprint != print || m.byte_offset > total)
    {
        return Err(AppError::InvalidRequest(format!(
            "{} is not the file imported as `{}` (its beginning or length differs): import \
             another file under another --source",
            opts.input.display(),
            opts.source
        )));
    }
    let (first_line, from) = mark.as_ref().map_or((0, 0), |m| (m.line, m.byte_offset));
    progress.start(total, from);
    let snapshot = Snapshot::read(state.store.as_ref()).await?;
    let reader = Reader {
        input: opts.input.clone(),
        base: opts.input.parent().map(PathBuf::from).unwrap_or_default(),
        from,
        first_line,
        batch: opts.batch.max(1),
        max_lines: opts.max_lines,
        snapshot,
        calendar: state.calendar(),
        limits: state.config.sla,
        now: state.clock.now(),
    };
    let (tx, mut rx) = tokio::sync::mpsc::channel::<AppResult<Batch>>(2);
    let handle = tokio::runtime::Handle::current();
    let reading = tokio::task::spawn_blocking(move || reader.run(&handle, &tx));
    let mut totals = Totals {
        mark: mark.unwrap_or(ImportMark {
            source: opts.source.clone(),
            fingerprint: print,
            line: 0,
            byte_offset: 0,
            imported: 0,
            rejected: 0,
            at: state.clock.now(),
        }),
        counts: BulkCounts::default(),
        rejected: 0,
    };
    while let Some(batch) = rx.recv().await {
        let batch = batch?;
        write(state, batch, &mut totals, progress).await?;
    }
    reading.await.map_err(|e| AppError::Internal(Box::new(e)))?;
    Ok(ImportSummary {
        resumed_after_line: first_line,
        lines: totals.mark.line - first_line,
        imported: totals.counts.reports,
        events: totals.counts.events,
        rejected: totals.rejected,
        elapsed: started.elapsed(),
        mark: state.store.import_mark(&opts.source).await?,
    })
}

/// Gives every report of a batch a fresh tracking id, its attachment records following.
fn redraw_tracking_ids(histories: &mut [aduan_store::History], attachments: &mut [NewAttachment]) {
    let mut rng = rand::rng();
    for h in histories {
        let old = h.report.tracking_id;
        h.report.tracking_id = aduan_domain::TrackingId::generate(&mut rng);
        for a in attachments.iter_mut().filter(|a| a.report == old) {
            a.report = h.report.tracking_id;
        }
    }
}

/// What identifies an input: the SHA-256 of its first 64 KiB (the lines an import reads first,
/// which a different export or an edited copy changes).
fn fingerprint(path: &std::path::Path) -> std::io::Result<String> {
    use sha2::Digest;
    use std::io::Read;
    let mut head = Vec::with_capacity(64 * 1024);
    std::fs::File::open(path)?
        .take(64 * 1024)
        .read_to_end(&mut head)?;
    Ok(format!(
        "sha256:{}",
        hex::encode(sha2::Sha256::digest(&head))
    ))
}

struct Totals {
    mark: ImportMark,
    counts: BulkCounts,
    rejected: u64,
}

/// Writes one batch: lines whose legacy id an earlier batch or run imported are rejected, the
/// files of the rest are stored, then histories, legacy ids, attachment records and the mark
/// go in one transaction; the rejects are told once it committed.
async fn write(
    state: &AppState,
    mut batch: Batch,
    totals: &mut Totals,
    progress: &dyn Progress,
) -> AppResult<()> {
    let ids: Vec<String> = batch
        .built
        .iter()
        .map(|(_, b)| b.legacy_id.clone())
        .collect();
    let known: HashMap<String, String> = state
        .store
        .legacy_reports(&ids)
        .await?
        .into_iter()
        .map(|l| (l.legacy_id, l.tracking_id.to_string()))
        .collect();
    let mut histories = Vec::with_capacity(batch.built.len());
    let mut legacy_ids = Vec::with_capacity(batch.built.len());
    let mut chose = Vec::with_capacity(batch.built.len());
    let mut attachments: Vec<NewAttachment> = Vec::new();
    for (line, built) in batch.built {
        if let Some(id) = known.get(&built.legacy_id) {
            batch.rejected.push(Rejected {
                line,
                reason: format!("legacy_id: already imported as {id}"),
                legacy_id: Some(built.legacy_id),
            });
            continue;
        }
        match keep_files(state, &built).await {
            Ok(files) => {
                attachments.extend(files);
                histories.push(built.history);
                legacy_ids.push(built.legacy_id);
                chose.push(built.confidential_choice);
            }
            Err(Ok(r)) => batch.rejected.push(Rejected {
                line,
                legacy_id: Some(built.legacy_id),
                reason: r,
            }),
            Err(Err(stop)) => return Err(stop),
        }
    }
    let rejected = batch.rejected.len() as u64;
    let mark = ImportMark {
        source: totals.mark.source.clone(),
        fingerprint: totals.mark.fingerprint.clone(),
        line: batch.last_line,
        byte_offset: batch.end_offset,
        imported: totals.mark.imported + histories.len() as u64,
        rejected: totals.mark.rejected + rejected,
        at: state.clock.now(),
    };
    let mut tries = 0;
    let counts = loop {
        let choices: Vec<(aduan_domain::TrackingId, bool)> = histories
            .iter()
            .zip(&chose)
            .filter_map(|(h, c)| c.map(|c| (h.report.tracking_id, c)))
            .collect();
        let written = state
            .store
            .import_histories(
                &ImportBatch {
                    histories: &histories,
                    legacy_ids: &legacy_ids,
                    attachments: &attachments,
                    choices: &choices,
                    mark: &mark,
                },
                &state.calendar(),
            )
            .await;
        match written {
            Ok(counts) => break counts,
            Err(StoreError::Conflict { constraint }) => {
                tries += 1;
                // Another import took some of the legacy ids meanwhile, or (rarely, 45 random
                // bits each) a tracking id drawn for the batch is taken: draw others and retry.
                if tries > 3 || !state.store.legacy_reports(&legacy_ids).await?.is_empty() {
                    return Err(AppError::Exists(format!(
                        "another import wrote some of lines {}..={} meanwhile ({constraint}); \
                         run it again to resume",
                        totals.mark.line + 1,
                        batch.last_line
                    )));
                }
                redraw_tracking_ids(&mut histories, &mut attachments);
            }
            Err(e) => return Err(e.into()),
        }
    };
    batch.rejected.sort_by_key(|r| r.line);
    for r in &batch.rejected {
        progress.rejected(r);
    }
    totals.counts += counts;
    totals.rejected += rejected;
    totals.mark = mark;
    progress.advance(batch.end_offset, totals.counts.reports, totals.rejected);
    Ok(())
}

/// Stores the files of one report. A file refused for its content rejects its line
/// (`Err(Ok(reason))`); a file that cannot be read or stored now (a disk or object storage
/// failure) stops the import before its batch commits (`Err(Err(error))`), so that running
/// it again retries the line instead of rejecting it for good.
async fn keep_files(
    state: &AppState,
    built: &Built,
) -> Result<Vec<NewAttachment>, Result<String, AppError>> {
    let mut out = Vec::with_capacity(built.files.len());
    for (i, f) in built.files.iter().enumerate() {
        let path = f.path.clone();
        let bytes = tokio::task::spawn_blocking(move || std::fs::read(path))
            .await
            .map_err(|e| Err(AppError::Internal(Box::new(e))))?
            .map_err(|e| {
                Err(AppError::InvalidRequest(format!(
                    "attachment {} of line {} ({}) cannot be read: {e}",
                    i + 1,
                    built.legacy_id,
                    f.path.display()
                )))
            })?;
        let mut record = keep_file(
            state,
            built.history.report.tracking_id,
            f.uploader.clone(),
            f.name.clone(),
            bytes::Bytes::from(bytes).into(),
            f.at,
        )
        .await
        .map_err(|e| match e {
            AppError::Internal(_) => Err(e),
            refused => Ok(format!("attachment {}: {}", i + 1, reason(&refused))),
        })?;
        record.public = f.public;
        out.push(record);
    }
    Ok(out)
}

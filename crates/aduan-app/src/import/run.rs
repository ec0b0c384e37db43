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
    let mark = state.store.import_mark(&opts.source).await?;
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
            }
            Err(r) => batch.rejected.push(Rejected {
                line,
                legacy_id: Some(built.legacy_id),
                reason: r,
            }),
        }
    }
    let rejected = batch.rejected.len() as u64;
    let mark = ImportMark {
        source: totals.mark.source.clone(),
        line: batch.last_line,
        byte_offset: batch.end_offset,
        imported: totals.mark.imported + histories.len() as u64,
        rejected: totals.mark.rejected + rejected,
        at: state.clock.now(),
    };
    let counts = state
        .store
        .import_histories(
            &ImportBatch {
                histories: &histories,
                legacy_ids: &legacy_ids,
                attachments: &attachments,
                mark: &mark,
            },
            &state.calendar(),
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict { constraint } => AppError::Exists(format!(
                "another import wrote some of lines {}..={} meanwhile ({constraint}); run it again to resume",
                totals.mark.line + 1,
                batch.last_line
            )),
            e => e.into(),
        })?;
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

/// Stores the files of one report; the reason when one cannot be kept.
async fn keep_files(state: &AppState, built: &Built) -> Result<Vec<NewAttachment>, String> {
    let mut out = Vec::with_capacity(built.files.len());
    for (i, f) in built.files.iter().enumerate() {
        let fail = |r: String| format!("attachment {}: {r}", i + 1);
        let path = f.path.clone();
        let bytes = tokio::task::spawn_blocking(move || std::fs::read(path))
            .await
            .map_err(|e| fail(e.to_string()))?
            .map_err(|e| fail(format!("{}: {e}", f.path.display())))?;
        let mut record = keep_file(
            state,
            built.history.report.tracking_id,
            f.uploader.clone(),
            f.name.clone(),
            bytes.into(),
            f.at,
        )
        .await
        .map_err(|e| fail(reason(&e)))?;
        record.public = f.public;
        out.push(record);
    }
    Ok(out)
}

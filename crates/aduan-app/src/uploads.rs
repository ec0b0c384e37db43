//! Uploads as they arrive: each file is written to a spool file on disk chunk by chunk
//! ([`aduan_attachments::Spool`]: its type decided from its first bytes, its size checked as it
//! grows), so receiving holds no file in memory. Two limits keep the service's memory flat
//! whatever the number of uploads at once: how many are received at a time (the rest wait,
//! their bodies unread) and how many are cleaned at a time (cleaning reads one file and
//! writes its copy in memory).

use crate::AppState;
use crate::error::{AppError, AppResult};
use aduan_attachments::{Spool, SpoolError, Spooled};
use bytes::Bytes;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Uploads received at a time, by default.
pub const RECEIVING: usize = 32;
/// Files cleaned at a time, by default (one for each core of a small machine).
pub const CLEANING: usize = 2;

/// Where uploads are spooled and how many are handled at once.
#[derive(Debug)]
pub struct Intake {
    dir: PathBuf,
    receiving: Arc<Semaphore>,
    cleaning: Arc<Semaphore>,
}

impl Intake {
    /// Spooling in `dir`, with `receiving` uploads received and `cleaning` files cleaned at a
    /// time (at least one each).
    pub fn new(dir: PathBuf, receiving: usize, cleaning: usize) -> Intake {
        Intake {
            dir,
            receiving: Arc::new(Semaphore::new(receiving.max(1))),
            cleaning: Arc::new(Semaphore::new(cleaning.max(1))),
        }
    }

    /// Spooling in `dir` with the default limits.
    pub fn in_dir(dir: PathBuf) -> Intake {
        Intake::new(dir, RECEIVING, CLEANING)
    }

    /// Where uploads are spooled.
    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// A turn to clean a file, waited for.
    pub(crate) async fn cleaning_turn(&self) -> AppResult<OwnedSemaphorePermit> {
        self.cleaning
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| AppError::Internal(Box::new(e)))
    }
}

/// A file as the use cases take it: bytes already in memory (a chat's download, an e-mail's
/// part, an import), or an upload spooled to disk.
#[derive(Debug)]
pub enum Upload {
    /// In memory.
    Bytes(Bytes),
    /// On disk.
    Spooled(Spooled),
}

impl From<Bytes> for Upload {
    fn from(b: Bytes) -> Self {
        Upload::Bytes(b)
    }
}

impl From<Spooled> for Upload {
    fn from(s: Spooled) -> Self {
        Upload::Spooled(s)
    }
}

/// An upload being received, holding its turn until it is whole.
pub struct Receiving {
    spool: Spool,
    _turn: OwnedSemaphorePermit,
}

fn spool_error(e: SpoolError) -> AppError {
    match e {
        SpoolError::Refused(e) => AppError::field("file", e.code()),
        SpoolError::Io(e) => AppError::Internal(Box::new(e)),
    }
}

/// Starts receiving an upload, once a turn is free.
pub async fn receive(state: &AppState) -> AppResult<Receiving> {
    let intake = &state.attachments.intake;
    let turn = intake
        .receiving
        .clone()
        .acquire_owned()
        .await
        .map_err(|e| AppError::Internal(Box::new(e)))?;
    let spool = Spool::new(&intake.dir, state.attachments.limits)
        .await
        .map_err(spool_error)?;
    Ok(Receiving { spool, _turn: turn })
}

impl Receiving {
    /// The next chunk; refused (`file`: the attachment's code) as soon as the first bytes show
    /// a type not accepted or the size passes its kind's limit.
    pub async fn push(&mut self, chunk: &[u8]) -> AppResult<()> {
        self.spool.push(chunk).await.map_err(spool_error)
    }

    /// The whole upload, on disk.
    pub async fn finish(self) -> AppResult<Spooled> {
        self.spool.finish().await.map_err(spool_error)
    }
}

/// Whether a spooled upload would be kept: its structure read and its copy made, in a
/// cleaning turn, nothing stored (a form checks every file before it files anything).
/// Refused as [`crate::reports::attachments`] refuses it (`file`: the attachment's code).
pub async fn check(state: &AppState, spooled: &Spooled, name: &str) -> AppResult<()> {
    let _turn = state.attachments.intake.cleaning_turn().await?;
    let bytes = tokio::fs::read(spooled.path())
        .await
        .map_err(|e| AppError::Internal(Box::new(e)))?;
    let (limits, name) = (state.attachments.limits, name.to_owned());
    tokio::task::spawn_blocking(move || {
        aduan_attachments::prepare(&bytes, &name, &limits).map(|_| ())
    })
    .await
    .map_err(|e| AppError::Internal(Box::new(e)))?
    .map_err(|e| AppError::field("file", e.code()))
}

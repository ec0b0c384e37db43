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
/// How long an upload may wait for its turn to be received before it is refused (429, try
/// again), and how long one may send nothing before it is dropped: a few slow senders cannot
/// hold every turn.
pub const PATIENCE: std::time::Duration = std::time::Duration::from_secs(30);
/// How old a spool file left by a process that ended without removing it must be before
/// [`sweep_spool`] removes it.
pub const SPOOL_LEFTOVER_AGE: std::time::Duration = std::time::Duration::from_secs(3_600);

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

/// Starts receiving an upload, once a turn is free; refused (`rate_limited`) when none frees
/// within [`PATIENCE`].
pub async fn receive(state: &AppState) -> AppResult<Receiving> {
    let intake = &state.attachments.intake;
    let waited = tokio::time::timeout(PATIENCE, intake.receiving.clone().acquire_owned()).await;
    let turn = waited
        .map_err(|_| AppError::RateLimited { retry_after: 10 })?
        .map_err(|e| AppError::Internal(Box::new(e)))?;
    let spool = Spool::new(&intake.dir, state.attachments.limits)
        .await
        .map_err(spool_error)?;
    Ok(Receiving { spool, _turn: turn })
}

/// The next chunk of an upload as its edge reads it (`next`), or `invalid_request` when the
/// sender sends nothing for [`PATIENCE`].
pub async fn next_chunk<T, E>(
    next: impl std::future::Future<Output = Result<T, E>>,
) -> AppResult<Result<T, E>> {
    tokio::time::timeout(PATIENCE, next).await.map_err(|_| {
        AppError::InvalidRequest("the upload stalled: nothing arrived for 30 seconds".into())
    })
}

/// Removes the spool files in `dir` older than `age` (left by a process that was killed while
/// receiving), so that no upload stays on disk outside the blob store; how many went.
pub fn sweep_spool(dir: &std::path::Path, age: std::time::Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let old = |e: &std::fs::DirEntry| {
        e.metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|a| a > age))
    };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("upload-") && old(e))
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::time::{Duration, SystemTime};

    #[test]
    fn the_spool_sweep_removes_only_old_uploads_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, age: u64| {
            let path = dir.path().join(name);
            let file = std::fs::File::create(&path).unwrap();
            file.set_modified(SystemTime::now() - Duration::from_secs(age))
                .unwrap();
            path
        };
        let old = write("upload-lama", 7_200);
        let fresh = write("upload-baru", 10);
        let other = write("catatan", 7_200);
        assert_eq!(sweep_spool(dir.path(), SPOOL_LEFTOVER_AGE), 1);
        assert!(!old.exists() && fresh.exists() && other.exists());
        assert_eq!(
            sweep_spool(&dir.path().join("tidak-ada"), SPOOL_LEFTOVER_AGE),
            0
        );
    }
}

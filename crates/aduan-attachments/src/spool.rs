//! An upload written to disk as it arrives, so that no whole file is held in memory while it
//! is received: its type is decided from its first bytes (as soon as they match an accepted
//! format, else at [`HEAD`] bytes), before the rest is read, so anything not accepted is refused
//! at once; its size is checked chunk by chunk against its kind's limit. What is kept is a
//! temporary file named `upload-*`, removed when dropped.

use crate::error::AttachmentError;
use crate::format::{Format, Limits};
use std::path::Path;
use tokio::io::AsyncWriteExt;

/// How many first bytes may decide the type: most formats are known by their first 16, but a
/// PDF's `%PDF` may come anywhere in its first kilobyte (after a printer's preamble).
pub const HEAD: usize = 1024;

/// Why an upload could not be spooled.
#[derive(Debug, thiserror::Error)]
pub enum SpoolError {
    /// The content is refused (its type or size).
    #[error(transparent)]
    Refused(#[from] AttachmentError),
    /// The disk failed.
    #[error("spooling an upload failed: {0}")]
    Io(#[from] std::io::Error),
}

/// What decides an upload as its chunks arrive, without storing them: its type from its first
/// bytes, its size against its kind's limit. [`Spool`] writes what it lets through.
#[derive(Debug)]
pub struct Gate {
    limits: Limits,
    head: Vec<u8>,
    format: Option<Format>,
    size: u64,
}

impl Gate {
    /// A gate under `limits`.
    pub fn new(limits: Limits) -> Gate {
        Gate {
            limits,
            head: Vec::with_capacity(HEAD),
            format: None,
            size: 0,
        }
    }

    /// The most this upload may grow to: its kind's limit once known, the largest before.
    fn cap(&self) -> u64 {
        self.format
            .map_or(self.limits.largest(), |f| self.limits.for_kind(f.kind()))
    }

    /// Decides the type when the head matches an accepted format, or (`last`) refuses it.
    fn decide(&mut self, last: bool) -> Result<(), AttachmentError> {
        match Format::detect(&self.head) {
            Ok(format) => self.format = Some(format),
            Err(detected) if last => return Err(AttachmentError::TypeNotAllowed { detected }),
            Err(_) => {}
        }
        Ok(())
    }

    fn too_large(&self) -> AttachmentError {
        let kind = self.format.map_or(crate::Kind::Video, Format::kind);
        AttachmentError::TooLarge {
            kind,
            size: self.size,
            limit: self.cap(),
        }
    }

    /// Lets the next chunk through, or refuses the upload as soon as its first bytes show a
    /// type not accepted or its size passes the limit.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), AttachmentError> {
        if self.format.is_none() {
            let wanted = HEAD.saturating_sub(self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..wanted]);
            self.decide(self.head.len() >= HEAD)?;
        }
        self.size += chunk.len() as u64;
        if self.size > self.cap() {
            return Err(self.too_large());
        }
        Ok(())
    }

    /// The whole upload's type and size; refused when empty or of a type not accepted.
    pub fn finish(mut self) -> Result<(Format, u64), AttachmentError> {
        if self.size == 0 {
            return Err(AttachmentError::Empty);
        }
        if self.format.is_none() {
            self.decide(true)?;
        }
        if self.size > self.cap() {
            return Err(self.too_large());
        }
        let format = self.format.ok_or(AttachmentError::Empty)?;
        Ok((format, self.size))
    }
}

/// An upload being written to disk.
pub struct Spool {
    file: tokio::fs::File,
    path: tempfile::TempPath,
    gate: Gate,
}

/// A whole upload on disk, of an accepted type and size; the file goes when this is dropped.
#[derive(Debug)]
pub struct Spooled {
    path: tempfile::TempPath,
    /// What its first bytes say it is.
    pub format: Format,
    /// Its size in bytes.
    pub size: u64,
}

impl Spooled {
    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Spool {
    /// A new spool file in `dir` (created if missing), under `limits`.
    pub async fn new(dir: &Path, limits: Limits) -> Result<Spool, SpoolError> {
        tokio::fs::create_dir_all(dir).await?;
        let dir = dir.to_owned();
        let named = tokio::task::spawn_blocking(move || {
            tempfile::Builder::new().prefix("upload-").tempfile_in(dir)
        })
        .await
        .map_err(std::io::Error::other)??;
        let (file, path) = named.into_parts();
        Ok(Spool {
            file: tokio::fs::File::from_std(file),
            path,
            gate: Gate::new(limits),
        })
    }

    /// Writes the next chunk; refused as soon as the first bytes show a type not accepted, or
    /// the size passes the limit.
    pub async fn push(&mut self, chunk: &[u8]) -> Result<(), SpoolError> {
        self.gate.push(chunk)?;
        self.file.write_all(chunk).await?;
        Ok(())
    }

    /// The whole upload, flushed to disk; refused when empty or of a type not accepted.
    pub async fn finish(mut self) -> Result<Spooled, SpoolError> {
        let (format, size) = self.gate.finish()?;
        self.file.flush().await?;
        Ok(Spooled {
            path: self.path,
            format,
            size,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    fn limits() -> Limits {
        Limits {
            image: 100,
            pdf: 200,
            video: 300,
        }
    }

    #[tokio::test]
    async fn a_file_of_another_type_is_refused_from_its_first_bytes_before_the_rest_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut spool = Spool::new(dir.path(), limits()).await.unwrap();
        let exe = [b"MZ".as_slice(), &[0u8; 1100]].concat();
        let refused = spool.push(&exe).await.unwrap_err();
        assert!(
            matches!(
                refused,
                SpoolError::Refused(AttachmentError::TypeNotAllowed { .. })
            ),
            "{refused}"
        );
    }

    #[tokio::test]
    async fn a_pdf_whose_header_comes_after_a_printers_preamble_is_still_a_pdf() {
        let dir = tempfile::tempdir().unwrap();
        let mut spool = Spool::new(dir.path(), limits()).await.unwrap();
        spool.push(&[b'\x1b'; 90]).await.unwrap();
        spool.push(b"%PDF-1.7\n").await.unwrap();
        let spooled = spool.finish().await.unwrap();
        assert_eq!(spooled.format, Format::Pdf);
    }

    #[tokio::test]
    async fn an_image_is_refused_as_soon_as_it_passes_the_image_limit_though_videos_may_be_larger()
    {
        let dir = tempfile::tempdir().unwrap();
        let mut spool = Spool::new(dir.path(), limits()).await.unwrap();
        spool.push(&[PNG, &[0u8; 70]].concat()).await.unwrap();
        let refused = spool.push(&[0u8; 30]).await.unwrap_err();
        assert!(
            matches!(
                refused,
                SpoolError::Refused(AttachmentError::TooLarge {
                    size: 116,
                    limit: 100,
                    ..
                })
            ),
            "{refused}"
        );
    }

    #[tokio::test]
    async fn a_whole_upload_is_on_disk_with_its_type_and_size_and_goes_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let mut spool = Spool::new(dir.path(), limits()).await.unwrap();
        for piece in PNG.chunks(3) {
            spool.push(piece).await.unwrap();
        }
        let spooled = spool.finish().await.unwrap();
        assert_eq!((spooled.format, spooled.size), (Format::Png, 16));
        assert_eq!(std::fs::read(spooled.path()).unwrap(), PNG);
        let path = spooled.path().to_owned();
        drop(spooled);
        assert!(!path.exists());
        let empty = Spool::new(dir.path(), limits()).await.unwrap();
        assert!(matches!(
            empty.finish().await.unwrap_err(),
            SpoolError::Refused(AttachmentError::Empty)
        ));
    }
}

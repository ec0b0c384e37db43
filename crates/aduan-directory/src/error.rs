//! Errors that name the file line at fault, and the errors of loading into a store.

use aduan_store::StoreError;
use std::fmt;

/// One problem in one line of a file (line 1 is the header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// The line number, 1-based.
    pub line: u64,
    /// What is wrong, e.g. `unknown zone "WIBB" (expected WIB, WITA or WIT)`.
    pub message: String,
}

impl LineError {
    /// A problem on `line`.
    pub fn new(line: u64, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Every problem found in a file, in line order; nothing is imported while there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileErrors {
    /// The file, as the user named it (or `data/agencies.csv` for the built-in data).
    pub file: String,
    /// The problems.
    pub errors: Vec<LineError>,
}

impl fmt::Display for FileErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors.len();
        write!(
            f,
            "{}: {n} problem{}",
            self.file,
            if n == 1 { "" } else { "s" }
        )?;
        for e in &self.errors {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FileErrors {}

/// Collects line errors while a file is read.
#[derive(Debug, Default)]
pub(crate) struct Problems(pub(crate) Vec<LineError>);

impl Problems {
    pub(crate) fn push(&mut self, line: u64, message: impl Into<String>) {
        self.0.push(LineError::new(line, message));
    }

    /// `Ok(value)` when nothing was found, else every problem of `file`.
    pub(crate) fn finish<T>(mut self, file: &str, value: T) -> Result<T, FileErrors> {
        if self.0.is_empty() {
            return Ok(value);
        }
        self.0.sort_by_key(|e| e.line);
        Err(FileErrors {
            file: file.to_owned(),
            errors: self.0,
        })
    }
}

/// Why loading or importing failed.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file has problems; each names its line.
    #[error(transparent)]
    File(#[from] FileErrors),
    /// The store refused or failed.
    #[error("the store refused the import: {0}")]
    Store(#[from] StoreError),
}

//! The store's error type; backend error types stay inside their backend crates.

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist.
    #[error("not found")]
    NotFound,
    /// A concurrent change or a unique constraint refused the write.
    #[error("conflict on {constraint}")]
    Conflict {
        /// The version guard or constraint that refused it.
        constraint: String,
    },
    /// A rate limit counted in the same transaction refused the write: try again after this
    /// many seconds.
    #[error("rate limited for {retry_after} s")]
    Limited {
        /// Seconds to wait.
        retry_after: i64,
    },
    /// Stored data could not be read back into domain types.
    #[error("corrupt row: {0}")]
    Corrupt(String),
    /// Anything else (connection, I/O), with its cause.
    #[error(transparent)]
    Other(Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    /// A stable snake_case code for the HTTP edge.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::NotFound => "not_found",
            StoreError::Conflict { .. } => "conflict",
            StoreError::Limited { .. } => "rate_limited",
            StoreError::Corrupt(_) | StoreError::Other(_) => "internal",
        }
    }
}

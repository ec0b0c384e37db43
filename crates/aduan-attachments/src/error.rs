//! Why an upload is refused.

use crate::format::{Format, Kind};

/// Why a file cannot be attached. Each variant has a stable snake_case [`code`](Self::code) for
/// the HTTP edge and a message that tells the uploader what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttachmentError {
    /// The content is not one of the accepted formats, whatever its name says.
    #[error(
        "only JPEG, PNG and WebP images, PDF documents and MP4 or QuickTime videos can be attached{}",
        detected.as_ref().map(|d| format!(" (this file is {d})")).unwrap_or_default()
    )]
    TypeNotAllowed {
        /// The type the content was recognised as, when it was recognised at all.
        detected: Option<String>,
    },
    /// The file is larger than its kind allows.
    #[error("the file is {}; {} may be at most {}", human(*size), kind.plural(), human(*limit))]
    TooLarge {
        /// What the content is.
        kind: Kind,
        /// Its size in bytes.
        size: u64,
        /// The limit for its kind in bytes.
        limit: u64,
    },
    /// The file has no content.
    #[error("the file is empty")]
    Empty,
    /// The content starts like an accepted format but its structure is broken.
    #[error("the {format} file cannot be read: {reason}")]
    Corrupt {
        /// The format the content claimed to be.
        format: Format,
        /// What is wrong with it.
        reason: String,
    },
}

impl AttachmentError {
    /// A stable snake_case code for the HTTP edge.
    pub fn code(&self) -> &'static str {
        match self {
            AttachmentError::TypeNotAllowed { .. } => "attachment_type_not_allowed",
            AttachmentError::TooLarge { .. } => "attachment_too_large",
            AttachmentError::Empty => "attachment_empty",
            AttachmentError::Corrupt { .. } => "attachment_corrupt",
        }
    }

    pub(crate) fn corrupt(format: Format, reason: impl Into<String>) -> Self {
        AttachmentError::Corrupt {
            format,
            reason: reason.into(),
        }
    }
}

/// A byte count as people read it: `512 bytes`, `1.5 KiB`, `10 MiB`.
pub(crate) fn human(bytes: u64) -> String {
    const UNITS: [&str; 3] = ["KiB", "MiB", "GiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    let text = format!("{value:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text);
    format!("{text} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_written_for_people() {
        assert_eq!(human(0), "0 bytes");
        assert_eq!(human(1536), "1.5 KiB");
        assert_eq!(human(10 * 1024 * 1024), "10 MiB");
        assert_eq!(human(10 * 1024 * 1024 + 1), "10 MiB");
        assert_eq!(human(3 * 1024 * 1024 * 1024), "3 GiB");
    }

    #[test]
    fn a_too_large_message_names_the_limit() {
        let e = AttachmentError::TooLarge {
            kind: Kind::Image,
            size: 12 * 1024 * 1024,
            limit: 10 * 1024 * 1024,
        };
        assert_eq!(e.code(), "attachment_too_large");
        assert_eq!(
            e.to_string(),
            "the file is 12 MiB; images may be at most 10 MiB"
        );
    }
}

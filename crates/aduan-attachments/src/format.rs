//! What a file is, decided by its content, and whether its size is allowed.

use crate::error::AttachmentError;

/// The formats Aduan accepts, recognised by their magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// JPEG image.
    Jpeg,
    /// PNG image.
    Png,
    /// WebP image.
    Webp,
    /// PDF document.
    Pdf,
    /// MP4 video (ISO base media file; also M4V).
    Mp4,
    /// QuickTime video (MOV).
    QuickTime,
}

/// The broad kind of an attachment, which decides its size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A photo or picture.
    Image,
    /// A PDF document.
    Pdf,
    /// A video.
    Video,
}

impl Format {
    /// Every accepted format.
    pub const ALL: [Format; 6] = [
        Format::Jpeg,
        Format::Png,
        Format::Webp,
        Format::Pdf,
        Format::Mp4,
        Format::QuickTime,
    ];

    /// The media type served with the file.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
            Format::Pdf => "application/pdf",
            Format::Mp4 => "video/mp4",
            Format::QuickTime => "video/quicktime",
        }
    }

    /// The format of a media type written by [`mime`](Self::mime).
    pub fn from_mime(mime: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.mime() == mime)
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        self.extensions()[0]
    }

    /// Every extension a file of this format is commonly given, lower case.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Jpeg => &["jpg", "jpeg", "jpe", "jfif"],
            Format::Png => &["png"],
            Format::Webp => &["webp"],
            Format::Pdf => &["pdf"],
            Format::Mp4 => &["mp4", "m4v"],
            Format::QuickTime => &["mov", "qt"],
        }
    }

    /// The kind, which decides the size limit.
    pub fn kind(self) -> Kind {
        match self {
            Format::Jpeg | Format::Png | Format::Webp => Kind::Image,
            Format::Pdf => Kind::Pdf,
            Format::Mp4 | Format::QuickTime => Kind::Video,
        }
    }

    /// Recognises the content by its magic bytes; `Err` carries the type it was recognised as,
    /// if any, when that type is not accepted.
    pub fn detect(bytes: &[u8]) -> Result<Format, Option<String>> {
        let Some(found) = infer::get(bytes) else {
            return Err(None);
        };
        match found.mime_type() {
            "image/jpeg" => Ok(Format::Jpeg),
            "image/png" => Ok(Format::Png),
            "image/webp" => Ok(Format::Webp),
            "application/pdf" => Ok(Format::Pdf),
            "video/mp4" | "video/x-m4v" => Ok(Format::Mp4),
            "video/quicktime" => Ok(Format::QuickTime),
            other => Err(Some(other.to_owned())),
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Webp => "WebP",
            Format::Pdf => "PDF",
            Format::Mp4 => "MP4",
            Format::QuickTime => "QuickTime",
        })
    }
}

impl Kind {
    /// The stable text code: `image`, `pdf` or `video`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Image => "image",
            Kind::Pdf => "pdf",
            Kind::Video => "video",
        }
    }

    /// How messages name files of this kind.
    pub(crate) fn plural(self) -> &'static str {
        match self {
            Kind::Image => "images",
            Kind::Pdf => "PDF documents",
            Kind::Video => "videos",
        }
    }
}

const MIB: u64 = 1024 * 1024;

/// The largest file accepted for each kind, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Images (default 10 MiB).
    pub image: u64,
    /// PDF documents (default 20 MiB).
    pub pdf: u64,
    /// Videos (default 50 MiB).
    pub video: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            image: 10 * MIB,
            pdf: 20 * MIB,
            video: 50 * MIB,
        }
    }
}

impl Limits {
    /// The limit for `kind`.
    pub fn for_kind(&self, kind: Kind) -> u64 {
        match kind {
            Kind::Image => self.image,
            Kind::Pdf => self.pdf,
            Kind::Video => self.video,
        }
    }

    /// The largest limit: an upload body larger than this can be refused before reading it.
    pub fn largest(&self) -> u64 {
        self.image.max(self.pdf).max(self.video)
    }

    /// Decides what `bytes` are by their content (never by `declared_name`) and checks the size
    /// limit of that kind.
    pub fn inspect(&self, bytes: &[u8], declared_name: &str) -> Result<Inspected, AttachmentError> {
        if bytes.is_empty() {
            return Err(AttachmentError::Empty);
        }
        let format = Format::detect(bytes)
            .map_err(|detected| AttachmentError::TypeNotAllowed { detected })?;
        let size = bytes.len() as u64;
        let limit = self.for_kind(format.kind());
        if size > limit {
            return Err(AttachmentError::TooLarge {
                kind: format.kind(),
                size,
                limit,
            });
        }
        let file_name = clean_file_name(declared_name, format);
        let name_matches =
            extension_of(&file_name).is_some_and(|ext| format.extensions().contains(&ext.as_str()));
        Ok(Inspected {
            format,
            size,
            file_name,
            name_matches,
        })
    }
}

/// What an accepted file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspected {
    /// The format found in the content.
    pub format: Format,
    /// Size of the original in bytes.
    pub size: u64,
    /// The declared name without directories or control characters, at most 255 bytes
    /// (`lampiran.<ext>` when nothing is left). It may still name a person.
    pub file_name: String,
    /// Whether the name's extension fits the content (a PDF named `.jpg` does not).
    pub name_matches: bool,
}

impl Inspected {
    /// A name to offer on download whose extension fits the content: the file name, with the
    /// format's extension appended when its own does not fit.
    pub fn download_name(&self) -> String {
        if self.name_matches {
            self.file_name.clone()
        } else {
            format!("{}.{}", self.file_name, self.format.extension())
        }
    }
}

/// Inspects `bytes` with the default [`Limits`].
pub fn inspect(bytes: &[u8], declared_name: &str) -> Result<Inspected, AttachmentError> {
    Limits::default().inspect(bytes, declared_name)
}

fn extension_of(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty()).then(|| ext.to_ascii_lowercase())
}

fn clean_file_name(declared: &str, format: Format) -> String {
    let base = declared.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut name: String = base.chars().filter(|c| !c.is_control()).collect();
    name = name.trim().trim_start_matches('.').trim().to_owned();
    while name.len() > 255 {
        name.pop();
    }
    if name.is_empty() {
        format!("lampiran.{}", format.extension())
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_names_lose_directories_and_control_characters() {
        assert_eq!(
            clean_file_name("C:\\Users\\siti\\foto\u{7}.jpg", Format::Jpeg),
            "foto.jpg"
        );
        assert_eq!(clean_file_name("../../etc/passwd", Format::Pdf), "passwd");
        assert_eq!(clean_file_name("  ", Format::Png), "lampiran.png");
        assert_eq!(clean_file_name("..", Format::Png), "lampiran.png");
        let long = "é".repeat(200);
        let cleaned = clean_file_name(&long, Format::Pdf);
        assert!(cleaned.len() <= 255 && cleaned.chars().all(|c| c == 'é'));
    }

    #[test]
    fn the_largest_limit_bounds_an_upload() {
        assert_eq!(Limits::default().largest(), 50 * MIB);
    }
}

//! The XML format older LAPOR! integrations speak, read and answered without trusting it.
//!
//! A delivery is one `<lapor token="…">` document with the reporter (`<pelapor>`) and the
//! report (`<laporan ref="…" rahasia="1" anonim="1">`); [`read`] turns it into a
//! [`LaporDocument`] or a [`XmlError`] with a stable code. The reader has no DTD support at
//! all: a `<!DOCTYPE` is refused at once (so entity expansion, "billion laughs" and external
//! entities never happen and nothing is ever fetched), only the five predefined entities and
//! character references are read, and the document's size, nesting depth and each field's
//! length are bounded. [`answer`] writes the documented replies.

pub mod answer;
mod read;

pub use read::{
    LaporDocument, Laporan, MAX_DEPTH, MAX_DOCUMENT_BYTES, MAX_FIELD_CHARS, Pelapor, XmlError, read,
};

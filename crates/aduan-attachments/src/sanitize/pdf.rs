//! PDF: the document read with `lopdf`, its metadata and active content removed
//! ([`super::pdf_active`]), and written afresh.

use crate::error::AttachmentError;
use crate::format::Format;
use lopdf::{Document, Object};

/// Dictionary entries that carry metadata rather than content: XMP streams (on the catalogue,
/// pages, images, fonts) and application private data (such as Illustrator's, which can hold a
/// whole copy of the source file).
const METADATA_KEYS: &[&[u8]] = &[b"Metadata", b"PieceInfo"];

fn corrupt(reason: impl Into<String>) -> AttachmentError {
    AttachmentError::corrupt(Format::Pdf, reason)
}

pub(super) fn sanitize(bytes: &[u8]) -> Result<Vec<u8>, AttachmentError> {
    let mut doc = Document::load_mem(bytes).map_err(|e| corrupt(e.to_string()))?;
    if doc.trailer.get(b"Encrypt").is_ok() {
        // Opened with the empty user password (only printing or copying is restricted): its
        // objects were decrypted on load, so the copy is written without encryption.
        if doc.encryption_state.is_none() {
            return Err(corrupt(
                "it is protected by a password; attach it without the password",
            ));
        }
        doc.trailer.remove(b"Encrypt");
        doc.encryption_state = None;
    }
    doc.trailer.remove(b"Info");
    for object in doc.objects.values_mut() {
        let dict = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &mut s.dict,
            _ => continue,
        };
        for key in METADATA_KEYS {
            dict.remove(key);
        }
    }
    super::pdf_active::strip(&mut doc);
    doc.prune_objects();
    if doc.catalog().is_err() {
        return Err(corrupt("it has no document catalogue"));
    }
    if doc.get_pages().is_empty() {
        return Err(corrupt(
            "it has no page to show without its form's own viewer",
        ));
    }
    let mut out = Vec::with_capacity(bytes.len());
    doc.save_to(&mut out).map_err(|e| corrupt(e.to_string()))?;
    Ok(out)
}

//! The copy others download: the same picture, document or video without the metadata that
//! can identify the person who made it (GPS position, camera serial numbers, author names,
//! software, comments). Each format has its own walker; none of them re-encodes the content.

mod bmff;
mod jpeg;
mod pdf;
mod pdf_active;
mod png;
mod webp;

use crate::error::AttachmentError;
use crate::format::Format;

/// Returns a copy of `bytes` (of `format`, as found by [`crate::inspect`]) with identifying
/// metadata removed. The input is never changed, so the original can be kept as evidence.
///
/// - JPEG: drops EXIF (GPS, camera serial numbers, thumbnails), XMP, IPTC/Photoshop, MPF,
///   vendor APPn segments, comments and anything after the end of the image; keeps JFIF, ICC
///   and Adobe segments, and the EXIF orientation (in a fresh EXIF holding only that tag) so
///   that photos are not shown on their side.
/// - PNG: keeps the chunks needed to show the image (including colour and animation chunks)
///   and drops all others: `eXIf`, `tEXt`, `zTXt`, `iTXt`, `tIME` and private chunks.
/// - WebP: keeps the image, alpha, animation and ICC chunks, drops `EXIF`, `XMP ` and unknown
///   chunks, then fixes the RIFF size and the EXIF and XMP flags of `VP8X`.
/// - PDF: removes the Info dictionary (Author, Creator, Producer, Title, Subject, Keywords,
///   dates), every XMP `/Metadata` stream and `/PieceInfo`, JavaScript, actions run on opening
///   or on events and those that launch, submit or reach other files, embedded files, the
///   interactive form with its values, and annotations' authors and dates, and writes the
///   document afresh, so that earlier incremental revisions are gone too. A document with no
///   page left (a form only an XFA viewer draws) is refused.
/// - MP4 and QuickTime: every `udta` and `meta` box (GPS `©xyz`, make, model, serials, Apple
///   location keys) and every `uuid` box outside movie fragments (XMP, vendor data) is blanked
///   in place: renamed `free` with its payload zeroed. The file keeps its size and layout, so
///   the chunk offsets in `stco`/`co64` stay valid without rewriting them.
pub fn sanitize(bytes: &[u8], format: Format) -> Result<Vec<u8>, AttachmentError> {
    match format {
        Format::Jpeg => jpeg::sanitize(bytes),
        Format::Png => png::sanitize(bytes),
        Format::Webp => webp::sanitize(bytes),
        Format::Pdf => pdf::sanitize(bytes),
        Format::Mp4 | Format::QuickTime => bmff::sanitize(bytes, format),
    }
}

/// Reads a big-endian `u16` at `at`, if there are two bytes there.
fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

/// Reads a big-endian `u32` at `at`, if there are four bytes there.
fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

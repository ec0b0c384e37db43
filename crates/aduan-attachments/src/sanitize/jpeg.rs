//! JPEG: a walk over the marker segments, copying those needed to show the image.

use super::be16;
use crate::error::AttachmentError;
use crate::format::Format;

const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
const APP0: u8 = 0xE0;
const APP1: u8 = 0xE1;
const APP2: u8 = 0xE2;
const APP14: u8 = 0xEE;
const APP15: u8 = 0xEF;
const COM: u8 = 0xFE;

fn corrupt(reason: &str) -> AttachmentError {
    AttachmentError::corrupt(Format::Jpeg, reason)
}

/// Whether a segment is kept: everything but comments and application segments, except JFIF,
/// ICC profiles and Adobe's colour transform, which decoders need.
fn keep(marker: u8, data: &[u8]) -> bool {
    match marker {
        APP0 => data.starts_with(b"JFIF\0"),
        APP2 => data.starts_with(b"ICC_PROFILE\0"),
        APP14 => data.starts_with(b"Adobe"),
        APP1..=APP15 | COM => false,
        _ => true,
    }
}

pub(super) fn sanitize(bytes: &[u8]) -> Result<Vec<u8>, AttachmentError> {
    if bytes.get(..2) != Some(&[0xFF, SOI]) {
        return Err(corrupt(
            "it does not start with a JPEG start-of-image marker",
        ));
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&[0xFF, SOI]);
    let mut exif_at = out.len();
    let mut orientation = None;
    let mut pos = 2;
    loop {
        if bytes.get(pos) != Some(&0xFF) {
            return Err(corrupt("a marker is missing where one must be"));
        }
        while bytes.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let Some(&marker) = bytes.get(pos) else {
            return Err(corrupt("it ends before the end-of-image marker"));
        };
        pos += 1;
        if marker == EOI {
            out.extend_from_slice(&[0xFF, EOI]);
            break;
        }
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            out.extend_from_slice(&[0xFF, marker]);
            continue;
        }
        let len = usize::from(be16(bytes, pos).ok_or_else(|| corrupt("a segment is cut off"))?);
        let end = pos + len;
        if len < 2 || end > bytes.len() {
            return Err(corrupt("a segment is longer than the file"));
        }
        let data = &bytes[pos + 2..end];
        if marker == APP1 && data.starts_with(b"Exif\0\0") {
            orientation = orientation.or_else(|| read_orientation(&data[6..]));
        }
        if keep(marker, data) {
            out.extend_from_slice(&[0xFF, marker]);
            out.extend_from_slice(&bytes[pos..end]);
            if marker == APP0 && exif_at == 2 {
                exif_at = out.len();
            }
        }
        pos = end;
        if marker == SOS {
            let scan_end = entropy_coded_end(bytes, pos)?;
            out.extend_from_slice(&bytes[pos..scan_end]);
            pos = scan_end;
        }
    }
    if let Some(o) = orientation {
        out.splice(exif_at..exif_at, orientation_segment(o));
    }
    Ok(out)
}

/// The end of the entropy-coded data that starts at `from`: the next marker that is neither a
/// stuffed `FF 00` nor a restart marker.
fn entropy_coded_end(bytes: &[u8], from: usize) -> Result<usize, AttachmentError> {
    let mut i = from;
    while i + 1 < bytes.len() {
        if bytes[i] == 0xFF {
            let next = bytes[i + 1];
            if next == 0x00 || (0xD0..=0xD7).contains(&next) {
                i += 2;
                continue;
            }
            return Ok(i);
        }
        i += 1;
    }
    Err(corrupt("the image data is cut off"))
}

/// The EXIF orientation (2 to 8) of a TIFF structure, when it turns the picture.
fn read_orientation(tiff: &[u8]) -> Option<u16> {
    let exif = exif::Reader::new().read_raw(tiff.to_vec()).ok()?;
    let field = exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)?;
    let value = u16::try_from(field.value.get_uint(0)?).ok()?;
    (2..=8).contains(&value).then_some(value)
}

/// An APP1 segment whose EXIF holds the orientation and nothing else.
fn orientation_segment(orientation: u16) -> Vec<u8> {
    let mut seg = vec![0xFF, APP1, 0x00, 34];
    seg.extend_from_slice(b"Exif\0\0");
    seg.extend_from_slice(b"MM\x00\x2A\x00\x00\x00\x08"); // big-endian TIFF, IFD0 at 8
    seg.extend_from_slice(&1u16.to_be_bytes()); // one entry
    seg.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    seg.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    seg.extend_from_slice(&1u32.to_be_bytes()); // one value
    seg.extend_from_slice(&orientation.to_be_bytes());
    seg.extend_from_slice(&[0, 0]); // value padding
    seg.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    seg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_orientation_segment_reads_back_as_exif() {
        let seg = orientation_segment(6);
        assert_eq!(
            usize::from(u16::from_be_bytes([seg[2], seg[3]])),
            seg.len() - 2
        );
        assert_eq!(read_orientation(&seg[10..]), Some(6));
    }

    #[test]
    fn a_file_without_a_start_marker_is_corrupt() {
        let e = sanitize(b"\xFF\xD9").unwrap_err();
        assert_eq!(e.code(), "attachment_corrupt");
    }
}

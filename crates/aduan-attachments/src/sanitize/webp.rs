//! WebP: a walk over the RIFF chunks, keeping those needed to show the image.

use crate::error::AttachmentError;
use crate::format::Format;

/// Chunks that carry the picture, its alpha, its animation or its colour profile. `EXIF`,
/// `XMP ` and unknown chunks are dropped.
const KEPT: &[&[u8; 4]] = &[
    b"VP8X", b"VP8 ", b"VP8L", b"ALPH", b"ANIM", b"ANMF", b"ICCP",
];

/// `VP8X` flags announcing EXIF and XMP chunks.
const EXIF_FLAG: u8 = 0x08;
const XMP_FLAG: u8 = 0x04;

fn corrupt(reason: &str) -> AttachmentError {
    AttachmentError::corrupt(Format::Webp, reason)
}

fn le32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

pub(super) fn sanitize(bytes: &[u8]) -> Result<Vec<u8>, AttachmentError> {
    if bytes.get(..4) != Some(b"RIFF") || bytes.get(8..12) != Some(b"WEBP") {
        return Err(corrupt("it is not a RIFF WEBP container"));
    }
    let riff_end = le32(bytes, 4)
        .and_then(|s| usize::try_from(s).ok())
        .and_then(|s| s.checked_add(8))
        .filter(|&e| e <= bytes.len())
        .ok_or_else(|| corrupt("the file is shorter than its RIFF header says"))?;
    let mut out = Vec::with_capacity(riff_end);
    out.extend_from_slice(&bytes[..12]);
    let mut pos = 12;
    let mut vp8x_at = None;
    let mut has_image = false;
    while pos < riff_end {
        let size = le32(bytes, pos + 4)
            .and_then(|s| usize::try_from(s).ok())
            .ok_or_else(|| corrupt("a chunk header is cut off"))?;
        let data_end = (pos + 8)
            .checked_add(size)
            .filter(|&e| e <= riff_end)
            .ok_or_else(|| corrupt("a chunk is longer than the file"))?;
        // A chunk of odd size is followed by a padding byte, which some writers leave out at
        // the very end of the file.
        let end = (data_end + (size & 1)).min(riff_end);
        let fourcc: [u8; 4] = [bytes[pos], bytes[pos + 1], bytes[pos + 2], bytes[pos + 3]];
        if KEPT.contains(&&fourcc) {
            if &fourcc == b"VP8X" {
                if size < 10 {
                    return Err(corrupt("the VP8X chunk is too short"));
                }
                vp8x_at = Some(out.len());
            } else {
                has_image |= &fourcc != b"ICCP";
            }
            out.extend_from_slice(&bytes[pos..end]);
            if end == data_end && size & 1 == 1 {
                out.push(0);
            }
        }
        pos = end;
    }
    if !has_image {
        return Err(corrupt("it holds no image data"));
    }
    if let Some(at) = vp8x_at {
        out[at + 8] &= !(EXIF_FLAG | XMP_FLAG);
    }
    let riff_size = u32::try_from(out.len() - 8).map_err(|_| corrupt("it is too large"))?;
    out[4..8].copy_from_slice(&riff_size.to_le_bytes());
    Ok(out)
}

//! MP4 and QuickTime: a walk over the ISO base media box tree that blanks metadata boxes in
//! place, so that no offset in the file changes.

use super::be32;
use crate::error::AttachmentError;
use crate::format::Format;

/// Boxes whose children are walked.
const CONTAINERS: &[&[u8; 4]] = &[
    b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf", b"mvex", b"moof", b"traf",
    b"mfra",
];

/// Boxes that hold user data and metadata: `©xyz` (GPS), make, model, serial numbers, Apple's
/// location keys, XMP.
const METADATA: &[&[u8; 4]] = &[b"udta", b"meta"];

/// Where a box sits, which decides what is blanked: `uuid` boxes in movie fragments carry
/// sample encryption data and are kept; elsewhere they carry XMP and vendor metadata.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Top,
    Movie,
    Fragment,
}

pub(super) fn sanitize(bytes: &[u8], format: Format) -> Result<Vec<u8>, AttachmentError> {
    let mut out = bytes.to_vec();
    let top = walk(&mut out, 0, bytes.len(), Place::Top, format)?;
    if !top.iter().any(|t| t == b"moov") {
        return Err(AttachmentError::corrupt(
            format,
            "it has no movie box (moov)",
        ));
    }
    Ok(out)
}

/// Walks the boxes in `buf[start..end]`, blanking metadata boxes; returns the types seen.
fn walk(
    buf: &mut [u8],
    start: usize,
    end: usize,
    place: Place,
    format: Format,
) -> Result<Vec<[u8; 4]>, AttachmentError> {
    let corrupt = |reason: &str| AttachmentError::corrupt(format, reason);
    let mut seen = Vec::new();
    let mut pos = start;
    while pos < end {
        if end - pos < 8 {
            if place == Place::Top && buf[pos..end].iter().all(|&b| b == 0) {
                break;
            }
            return Err(corrupt("a box header is cut off"));
        }
        let size32 = be32(buf, pos).ok_or_else(|| corrupt("a box header is cut off"))?;
        let kind: [u8; 4] = [buf[pos + 4], buf[pos + 5], buf[pos + 6], buf[pos + 7]];
        let (size, mut header) = match size32 {
            0 => (end - pos, 8),
            1 => {
                let hi = be32(buf, pos + 8).ok_or_else(|| corrupt("a box header is cut off"))?;
                let lo = be32(buf, pos + 12).ok_or_else(|| corrupt("a box header is cut off"))?;
                let size = usize::try_from((u64::from(hi) << 32) | u64::from(lo))
                    .map_err(|_| corrupt("a box is longer than the file"))?;
                (size, 16)
            }
            n => (n as usize, 8),
        };
        if &kind == b"uuid" {
            header += 16;
        }
        let box_end = pos
            .checked_add(size)
            .filter(|&e| size >= header && e <= end)
            .ok_or_else(|| corrupt("a box is longer than its container"))?;
        let blank = METADATA.contains(&&kind) || (&kind == b"uuid" && place != Place::Fragment);
        if blank {
            let payload = if size32 == 1 { pos + 16 } else { pos + 8 };
            buf[pos + 4..pos + 8].copy_from_slice(b"free");
            buf[payload..box_end].fill(0);
        } else if CONTAINERS.contains(&&kind) {
            let inner = match &kind {
                b"moof" | b"traf" => Place::Fragment,
                _ if place == Place::Fragment => Place::Fragment,
                _ => Place::Movie,
            };
            walk(buf, pos + header, box_end, inner, format)?;
        }
        seen.push(kind);
        pos = box_end;
    }
    Ok(seen)
}

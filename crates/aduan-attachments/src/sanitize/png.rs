//! PNG: a walk over the chunks, keeping those needed to show the image.

use super::be32;
use crate::error::AttachmentError;
use crate::format::Format;

const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// Ancillary chunks that change how the image looks (colour, transparency, animation) and so
/// are kept. Every other ancillary chunk — text, EXIF, time, private data — is dropped.
const KEPT_ANCILLARY: &[&[u8; 4]] = &[
    b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"cICP", b"mDCV", b"cLLI", b"bKGD",
    b"pHYs", b"hIST", b"sPLT", b"acTL", b"fcTL", b"fdAT",
];

fn corrupt(reason: &str) -> AttachmentError {
    AttachmentError::corrupt(Format::Png, reason)
}

pub(super) fn sanitize(bytes: &[u8]) -> Result<Vec<u8>, AttachmentError> {
    if !bytes.starts_with(SIGNATURE) {
        return Err(corrupt("it does not start with the PNG signature"));
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(SIGNATURE);
    let mut pos = SIGNATURE.len();
    let mut first = true;
    loop {
        let len = be32(bytes, pos).ok_or_else(|| corrupt("it ends before the IEND chunk"))?;
        let end = usize::try_from(len)
            .ok()
            .and_then(|l| (pos + 12).checked_add(l))
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| corrupt("a chunk is longer than the file"))?;
        let kind: [u8; 4] = [
            bytes[pos + 4],
            bytes[pos + 5],
            bytes[pos + 6],
            bytes[pos + 7],
        ];
        if first && &kind != b"IHDR" {
            return Err(corrupt("the first chunk is not IHDR"));
        }
        first = false;
        let critical = kind[0].is_ascii_uppercase();
        if critical || KEPT_ANCILLARY.contains(&&kind) {
            out.extend_from_slice(&bytes[pos..end]);
        }
        pos = end;
        if &kind == b"IEND" {
            return Ok(out);
        }
    }
}

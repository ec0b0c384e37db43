//! WebP images lose their EXIF and XMP chunks, with the RIFF size and VP8X flags fixed.

use crate::fixtures::*;
use aduan_attachments::{Format, sanitize};

fn riff_chunk(fourcc: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = fourcc.to_vec();
    c.extend_from_slice(&u32::try_from(data.len()).unwrap().to_le_bytes());
    c.extend_from_slice(data);
    if data.len() % 2 == 1 {
        c.push(0);
    }
    c
}

/// The lossless picture in the extended format, with EXIF and XMP announced and present.
fn tagged_webp() -> Vec<u8> {
    let simple = webp();
    assert_eq!(&simple[12..16], b"VP8L");
    let mut vp8x = vec![0x08 | 0x04, 0, 0, 0];
    vp8x.extend_from_slice(&63u32.to_le_bytes()[..3]);
    vp8x.extend_from_slice(&47u32.to_le_bytes()[..3]);
    let mut body = b"WEBP".to_vec();
    body.extend(riff_chunk(b"VP8X", &vp8x));
    body.extend_from_slice(&simple[12..]);
    body.extend(riff_chunk(b"EXIF", &exif_tiff(1)));
    body.extend(riff_chunk(b"XMP ", &xmp()));
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&u32::try_from(body.len()).unwrap().to_le_bytes());
    out.extend(body);
    out
}

fn fourccs(webp: &[u8]) -> Vec<String> {
    let mut pos = 12;
    let mut out = Vec::new();
    while pos + 8 <= webp.len() {
        let size = u32::from_le_bytes(webp[pos + 4..pos + 8].try_into().unwrap()) as usize;
        out.push(String::from_utf8_lossy(&webp[pos..pos + 4]).into_owned());
        pos += 8 + size + (size & 1);
    }
    out
}

#[test]
fn a_webp_loses_its_exif_and_xmp_and_stays_a_valid_image() {
    let original = tagged_webp();
    assert_eq!(decode(&original), picture(), "the fixture decodes");
    assert!(contains(&original, SERIAL) && contains(&original, NAME));
    let clean = sanitize(&original, Format::Webp).unwrap();
    assert_eq!(fourccs(&clean), ["VP8X", "VP8L"]);
    assert_eq!(clean[20] & 0x0C, 0, "the EXIF and XMP flags are cleared");
    let riff = u32::from_le_bytes(clean[4..8].try_into().unwrap()) as usize;
    assert_eq!(riff, clean.len() - 8, "the RIFF size fits the new length");
    assert!(!contains(&clean, SERIAL) && !contains(&clean, NAME));
    assert_eq!(decode(&clean), picture(), "lossless pixels are unchanged");
}

#[test]
fn a_webp_shorter_than_its_riff_header_says_is_corrupt() {
    let mut cut = tagged_webp();
    cut.truncate(cut.len() - 10);
    assert_eq!(
        sanitize(&cut, Format::Webp).unwrap_err().code(),
        "attachment_corrupt"
    );
}

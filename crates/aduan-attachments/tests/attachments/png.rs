//! PNG images lose their text, EXIF and time chunks and keep their pixels and colour chunks.

use crate::fixtures::*;
use aduan_attachments::{Format, sanitize};

/// The encoded picture with metadata chunks inserted after IHDR.
fn tagged_png() -> Vec<u8> {
    let plain = png();
    let ihdr_end = 8 + 12 + 13;
    let exif = exif_tiff(1);
    let mut out = plain[..ihdr_end].to_vec();
    out.extend(png_chunk(b"tEXt", format!("Author\0{NAME}").as_bytes()));
    out.extend(png_chunk(b"zTXt", b"Comment\0\0x\x9c\x03\0\0\0\0\x01"));
    out.extend(png_chunk(
        b"iTXt",
        format!("Location\0\0\0\0\0{SERIAL}").as_bytes(),
    ));
    out.extend(png_chunk(b"eXIf", &exif));
    out.extend(png_chunk(b"tIME", &[0x07, 0xEA, 3, 2, 9, 15, 30]));
    out.extend(png_chunk(b"pHYs", &[0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1]));
    out.extend(png_chunk(b"prVt", NAME.as_bytes()));
    out.extend_from_slice(&plain[ihdr_end..]);
    out.extend_from_slice(b"trailing bytes after IEND");
    out
}

#[test]
fn a_png_loses_its_text_exif_and_time_chunks() {
    let original = tagged_png();
    assert_eq!(
        decode(&original).dimensions(),
        (64, 48),
        "the fixture is a valid PNG"
    );
    let clean = sanitize(&original, Format::Png).unwrap();
    let types = png_chunk_types(&clean);
    for dropped in ["tEXt", "zTXt", "iTXt", "eXIf", "tIME", "prVt"] {
        assert!(
            !types.iter().any(|t| t == dropped),
            "{dropped} left in {types:?}"
        );
    }
    assert!(
        types.iter().any(|t| t == "pHYs"),
        "pixel size is kept: {types:?}"
    );
    assert_eq!(types.first().map(String::as_str), Some("IHDR"));
    assert_eq!(types.last().map(String::as_str), Some("IEND"));
    assert!(!contains(&clean, NAME) && !contains(&clean, SERIAL));
    assert!(!contains(&clean, "trailing bytes"));
    assert_eq!(
        decode(&clean),
        decode(&original),
        "the pixels are unchanged"
    );
}

#[test]
fn a_png_with_a_chunk_longer_than_the_file_is_corrupt() {
    let mut broken = png();
    broken.truncate(60);
    let e = sanitize(&broken, Format::Png).unwrap_err();
    assert_eq!(e.code(), "attachment_corrupt");
}

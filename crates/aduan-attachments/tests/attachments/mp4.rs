//! MP4 and QuickTime videos lose their user data and metadata boxes (GPS `©xyz`, make,
//! model, serials, XMP) and keep every sample where the chunk offsets say it is.

use crate::fixtures::*;
use aduan_attachments::{Format, inspect, sanitize};

const SAMPLE: &[u8] = b"SAMPLE-DATA-0001-frame-bytes";
const GPS: &str = "-07.3106+112.7302/";

fn bx(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut b = u32::try_from(payload.len() + 8)
        .unwrap()
        .to_be_bytes()
        .to_vec();
    b.extend_from_slice(kind);
    b.extend_from_slice(payload);
    b
}

fn full(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut p = vec![0, 0, 0, 0];
    p.extend_from_slice(payload);
    bx(kind, &p)
}

fn cat(parts: &[Vec<u8>]) -> Vec<u8> {
    parts.concat()
}

fn qt_string(s: &str) -> Vec<u8> {
    let mut p = u16::try_from(s.len()).unwrap().to_be_bytes().to_vec();
    p.extend_from_slice(&[0x15, 0xC7]); // language
    p.extend_from_slice(s.as_bytes());
    p
}

/// A video as a phone writes it: `ftyp` with `brand`, a `moov` with one track and its user data
/// and metadata, a top-level XMP `uuid` box, then `mdat` (with a 64-bit size when `large`).
fn phone_video(brand: &[u8; 4], large: bool) -> Vec<u8> {
    let ftyp = bx(
        b"ftyp",
        &cat(&[brand.to_vec(), vec![0, 0, 2, 0], b"isommp41".to_vec()]),
    );
    let mut mvhd = vec![0u8; 96];
    mvhd[8..12].copy_from_slice(&1000u32.to_be_bytes());
    let stbl = bx(
        b"stbl",
        &cat(&[
            full(b"stsd", &[0, 0, 0, 0]),
            full(b"stco", &[0, 0, 0, 1, 0, 0, 0, 0]),
        ]),
    );
    let minf = bx(b"minf", &stbl);
    let mdia = bx(
        b"mdia",
        &cat(&[
            full(b"mdhd", &[0; 20]),
            full(b"hdlr", b"\0\0\0\0vide"),
            minf,
        ]),
    );
    let trak_meta = full(b"meta", &full(b"hdlr", b"\0\0\0\0mdta"));
    let trak = bx(b"trak", &cat(&[full(b"tkhd", &[0; 80]), mdia, trak_meta]));
    let udta = bx(
        b"udta",
        &cat(&[
            bx(b"\xA9xyz", &qt_string(&format!("+{GPS}"))),
            bx(b"\xA9mak", &qt_string("Apple")),
            bx(b"\xA9mod", &qt_string("iPhone 15")),
            bx(b"CAME", SERIAL.as_bytes()),
        ]),
    );
    let keys = full(
        b"keys",
        b"\0\0\0\x01\0\0\0\x2cmdtacom.apple.quicktime.location.ISO6709",
    );
    let ilst = bx(b"ilst", &bx(b"\0\0\0\x01", &bx(b"data", GPS.as_bytes())));
    let meta = full(b"meta", &cat(&[full(b"hdlr", b"\0\0\0\0mdta"), keys, ilst]));
    let moov = bx(b"moov", &cat(&[full(b"mvhd", &mvhd), trak, udta, meta]));
    let mut xmp_uuid = b"\xBE\x7A\xCF\xCB\x97\xA9\x42\xE8\x9C\x71\x99\x94\x91\xE3\xAF\xAC".to_vec();
    xmp_uuid.extend(xmp());
    let uuid = bx(b"uuid", &xmp_uuid);
    let mdat = if large {
        let mut m = 1u32.to_be_bytes().to_vec();
        m.extend_from_slice(b"mdat");
        m.extend_from_slice(&u64::try_from(SAMPLE.len() + 16).unwrap().to_be_bytes());
        m.extend_from_slice(SAMPLE);
        m
    } else {
        bx(b"mdat", SAMPLE)
    };
    let mut file = cat(&[ftyp, moov, uuid, mdat]);
    let sample_at = u32::try_from(file.len() - SAMPLE.len()).unwrap();
    let stco = stco_entry_at(&file);
    file[stco..stco + 4].copy_from_slice(&sample_at.to_be_bytes());
    file
}

/// Where the first chunk offset of the `stco` box is.
fn stco_entry_at(file: &[u8]) -> usize {
    let at = file.windows(4).position(|w| w == b"stco").unwrap();
    at + 4 + 4 + 4
}

/// The path of every box, walking the containers; panics on a box that does not fit.
fn box_paths(buf: &[u8], start: usize, end: usize, prefix: &str, out: &mut Vec<String>) {
    let mut pos = start;
    while pos < end {
        let size32 = u32::from_be_bytes(buf[pos..pos + 4].try_into().unwrap()) as usize;
        let kind = String::from_utf8_lossy(&buf[pos + 4..pos + 8]).into_owned();
        let (size, header) = if size32 == 1 {
            (
                u64::from_be_bytes(buf[pos + 8..pos + 16].try_into().unwrap()) as usize,
                16,
            )
        } else {
            (size32, 8)
        };
        assert!(
            size >= header && pos + size <= end,
            "{kind} at {pos} does not fit"
        );
        let path = format!("{prefix}{kind}");
        if ["moov", "trak", "mdia", "minf", "stbl", "udta"].contains(&kind.as_str()) {
            box_paths(buf, pos + header, pos + size, &format!("{path}/"), out);
        }
        out.push(path);
        pos += size;
    }
}

fn paths(file: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    box_paths(file, 0, file.len(), "", &mut out);
    out
}

fn check_clean(original: &[u8], format: Format) {
    assert!(paths(original).iter().any(|p| p == "moov/udta/\u{FFFD}xyz"));
    let clean = sanitize(original, format).unwrap();
    assert_eq!(
        clean.len(),
        original.len(),
        "blanked in place, nothing moved"
    );
    let after = paths(&clean);
    for gone in ["udta", "meta", "uuid", "xyz"] {
        assert!(
            !after.iter().any(|p| p.contains(gone)),
            "{gone} left in {after:?}"
        );
    }
    assert!(after.iter().any(|p| p == "moov/free"), "{after:?}");
    for planted in [GPS, SERIAL, NAME, "iPhone", "ISO6709", "xmpmeta"] {
        assert!(!contains(&clean, planted), "{planted} is still in the copy");
    }
    let stco = stco_entry_at(&clean);
    let offset = u32::from_be_bytes(clean[stco..stco + 4].try_into().unwrap()) as usize;
    assert_eq!(
        &clean[offset..offset + SAMPLE.len()],
        SAMPLE,
        "the chunk offset still holds"
    );
}

#[test]
fn an_mp4_loses_its_gps_position_and_camera_details() {
    let video = phone_video(b"isom", false);
    assert_eq!(inspect(&video, "VID_0001.mp4").unwrap().format, Format::Mp4);
    check_clean(&video, Format::Mp4);
}

#[test]
fn a_quicktime_movie_with_a_large_media_box_is_cleaned_the_same_way() {
    let video = phone_video(b"qt  ", true);
    assert_eq!(
        inspect(&video, "IMG_0001.MOV").unwrap().format,
        Format::QuickTime
    );
    check_clean(&video, Format::QuickTime);
}

#[test]
fn a_video_whose_box_runs_past_the_end_is_corrupt() {
    let mut video = phone_video(b"isom", false);
    video.truncate(video.len() - 4);
    let e = sanitize(&video, Format::Mp4).unwrap_err();
    assert_eq!(e.code(), "attachment_corrupt");
    assert!(
        e.to_string().starts_with("the MP4 file cannot be read"),
        "{e}"
    );
}

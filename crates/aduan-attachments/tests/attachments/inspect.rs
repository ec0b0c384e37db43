//! The type is decided by content, never by name; sizes are limited per kind.

use crate::fixtures::*;
use aduan_attachments::{AttachmentError, Format, Kind, Limits, inspect, prepare, sha256_hex};

#[test]
fn a_pdf_renamed_to_jpg_is_detected_as_a_pdf() {
    let pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec();
    let found = inspect(&pdf, "foto_jalan.jpg").unwrap();
    assert_eq!(found.format, Format::Pdf);
    assert_eq!(found.format.kind(), Kind::Pdf);
    assert!(!found.name_matches);
    assert_eq!(found.download_name(), "foto_jalan.jpg.pdf");
}

#[test]
fn a_photo_keeps_its_name_when_the_name_fits() {
    let found = inspect(&jpeg(), "C:\\fakepath\\IMG_2041.JPG").unwrap();
    assert_eq!(found.format, Format::Jpeg);
    assert_eq!(found.format.mime(), "image/jpeg");
    assert_eq!(found.file_name, "IMG_2041.JPG");
    assert!(found.name_matches);
    assert_eq!(found.download_name(), "IMG_2041.JPG");
    assert_eq!(inspect(&png(), "a.png").unwrap().format, Format::Png);
    assert_eq!(inspect(&webp(), "a.webp").unwrap().format, Format::Webp);
}

#[test]
fn a_windows_program_named_like_a_photo_is_refused() {
    let mut exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0".to_vec();
    exe.resize(256, 0);
    exe[0x3c] = 0x80;
    exe.extend_from_slice(b"PE\0\0");
    let e = inspect(&exe, "foto.jpg").unwrap_err();
    assert_eq!(e.code(), "attachment_type_not_allowed");
}

#[test]
fn a_zip_archive_is_refused_and_the_message_says_what_it_is() {
    let zip = b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0bukti.txt".to_vec();
    let e = inspect(&zip, "bukti.pdf").unwrap_err();
    assert_eq!(e.code(), "attachment_type_not_allowed");
    assert_eq!(
        e,
        AttachmentError::TypeNotAllowed {
            detected: Some("application/zip".into())
        }
    );
    assert!(
        e.to_string().contains("(this file is application/zip)"),
        "{e}"
    );
}

#[test]
fn plain_text_is_refused_as_a_type_not_allowed() {
    let e = inspect(b"Jalan rusak sudah tiga bulan", "laporan.pdf").unwrap_err();
    assert_eq!(e, AttachmentError::TypeNotAllowed { detected: None });
}

#[test]
fn an_empty_file_is_refused() {
    let e = inspect(b"", "foto.jpg").unwrap_err();
    assert_eq!(e.code(), "attachment_empty");
}

#[test]
fn an_image_over_the_default_limit_is_refused_with_the_limit_in_the_message() {
    let mut big = jpeg();
    big.resize(10 * 1024 * 1024 + 1, 0);
    let e = inspect(&big, "foto.jpg").unwrap_err();
    assert_eq!(e.code(), "attachment_too_large");
    assert_eq!(
        e.to_string(),
        "the file is 10 MiB; images may be at most 10 MiB"
    );
}

#[test]
fn each_kind_has_its_own_configurable_limit() {
    let limits = Limits {
        image: 100,
        pdf: 1000,
        video: 10_000,
    };
    let pdf = format!("%PDF-1.4\n{}", " ".repeat(500)).into_bytes();
    assert_eq!(
        limits.inspect(&pdf, "a.pdf").unwrap().size,
        pdf.len() as u64
    );
    let e = limits.inspect(&jpeg(), "a.jpg").unwrap_err();
    assert!(
        matches!(
            e,
            AttachmentError::TooLarge {
                kind: Kind::Image,
                limit: 100,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(limits.largest(), 10_000);
}

#[test]
fn prepare_keeps_the_originals_fingerprint_and_makes_the_clean_copy() {
    let photo = phone_photo(1);
    let prepared = prepare(&photo, "IMG_2041.jpg", &Limits::default()).unwrap();
    assert_eq!(prepared.inspected.format, Format::Jpeg);
    assert_eq!(prepared.inspected.size, photo.len() as u64);
    assert_eq!(prepared.sha256, sha256_hex(&photo));
    assert_eq!(prepared.sha256.len(), 64);
    assert!(!contains(&prepared.sanitized, SERIAL));
    assert!(contains(&photo, SERIAL), "the original is untouched");
}

#[test]
fn limits_are_read_from_settings_with_defaults_for_what_is_left_out() {
    let limits: Limits = toml::from_str("video = 104857600").unwrap();
    assert_eq!(limits.video, 100 * 1024 * 1024);
    assert_eq!(limits.image, Limits::default().image);
    assert!(
        toml::from_str::<Limits>("audio = 1").is_err(),
        "unknown keys fail"
    );
}

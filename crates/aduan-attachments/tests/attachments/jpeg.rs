//! JPEG photos lose their GPS position, serials, names and thumbnails, and keep their pixels.

use crate::fixtures::*;
use aduan_attachments::{AttachmentError, Format, sanitize};
use exif::{In, Tag};

fn read_exif(bytes: &[u8]) -> Option<exif::Exif> {
    exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(bytes))
        .ok()
}

#[test]
fn a_gps_tagged_jpeg_comes_back_without_its_gps_tags() {
    let original = phone_photo(1);
    let before = read_exif(&original).expect("the test photo has EXIF");
    assert!(before.get_field(Tag::GPSLatitude, In::PRIMARY).is_some());
    assert!(
        before
            .get_field(Tag::BodySerialNumber, In::PRIMARY)
            .is_some()
    );

    let clean = sanitize(&original, Format::Jpeg).unwrap();

    if let Some(after) = read_exif(&clean) {
        let tags: Vec<Tag> = after.fields().map(|f| f.tag).collect();
        assert!(tags.is_empty(), "EXIF left behind: {tags:?}");
    }
    for planted in [
        SERIAL,
        NAME,
        "Canon",
        "EOS 90D",
        "7,18.636S",
        "http://ns.adobe.com",
    ] {
        assert!(!contains(&clean, planted), "{planted} is still in the copy");
    }
    assert!(
        !contains(&clean, "Exif"),
        "no EXIF segment for an upright photo"
    );
    assert!(
        !clean.windows(2).any(|w| w == [0xFF, 0xFE]),
        "the comment segment is gone"
    );
    assert!(
        clean.ends_with(&[0xFF, 0xD9]),
        "nothing after the end of the image"
    );
    assert_eq!(
        decode(&clean),
        decode(&original),
        "the pixels are unchanged"
    );
}

#[test]
fn the_orientation_survives_so_a_portrait_photo_is_not_shown_on_its_side() {
    let clean = sanitize(&phone_photo(6), Format::Jpeg).unwrap();
    let exif = read_exif(&clean).expect("a fresh EXIF with the orientation");
    let fields: Vec<(Tag, Option<u32>)> = exif
        .fields()
        .map(|f| (f.tag, f.value.get_uint(0)))
        .collect();
    assert_eq!(fields, vec![(Tag::Orientation, Some(6))]);
    assert_eq!(decode(&clean).dimensions(), (64, 48));
}

#[test]
fn the_original_is_left_untouched_for_evidence() {
    let original = phone_photo(1);
    let copy = original.clone();
    let _ = sanitize(&original, Format::Jpeg).unwrap();
    assert_eq!(original, copy);
}

#[test]
fn a_jpeg_without_metadata_passes_through_byte_for_byte() {
    let plain = jpeg();
    assert_eq!(sanitize(&plain, Format::Jpeg).unwrap(), plain);
}

#[test]
fn the_colour_profile_is_kept() {
    let mut icc = b"ICC_PROFILE\0\x01\x01".to_vec();
    icc.extend_from_slice(&[0x42; 64]);
    let with_icc = with_segments(&jpeg(), &[segment(0xE2, &icc)]);
    let clean = sanitize(&with_icc, Format::Jpeg).unwrap();
    assert!(contains(&clean, "ICC_PROFILE"));
    assert_eq!(clean, with_icc);
}

#[test]
fn a_cut_off_jpeg_is_refused_as_corrupt() {
    let photo = jpeg();
    let cut = &photo[..photo.len() / 2];
    let e = sanitize(cut, Format::Jpeg).unwrap_err();
    assert!(
        matches!(
            e,
            AttachmentError::Corrupt {
                format: Format::Jpeg,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.code(), "attachment_corrupt");
}

//! Real files for the tests, made with encoders and by hand where no writer exists.

use exif::experimental::Writer;
use exif::{Field, In, Rational, Tag, Value};
use image::{ImageEncoder, RgbImage};

/// The camera serial number planted in test photos.
pub const SERIAL: &str = "SN-0427-8812";
/// The reporter's name planted in metadata.
pub const NAME: &str = "Siti Rahmawati";

/// A 64×48 gradient that shows whether pixels survive.
pub fn picture() -> RgbImage {
    RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 5) as u8, 128])
    })
}

/// The picture as a baseline JPEG.
pub fn jpeg() -> Vec<u8> {
    let mut out = Vec::new();
    let img = picture();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(img.as_raw(), 64, 48, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// The picture as a PNG.
pub fn png() -> Vec<u8> {
    let mut out = Vec::new();
    let img = picture();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), 64, 48, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// The picture as a lossless WebP (simple format: one `VP8L` chunk).
pub fn webp() -> Vec<u8> {
    let mut out = Vec::new();
    let img = picture();
    image::codecs::webp::WebPEncoder::new_lossless(&mut out)
        .write_image(img.as_raw(), 64, 48, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

fn rationals(values: &[(u32, u32)]) -> Value {
    Value::Rational(
        values
            .iter()
            .map(|&(n, d)| Rational::from((n, d)))
            .collect(),
    )
}

fn ascii(s: &str) -> Value {
    Value::Ascii(vec![s.as_bytes().to_vec()])
}

/// A TIFF structure as a phone writes it: make, model, body serial, orientation `orientation`,
/// GPS position in Surabaya, and a JPEG thumbnail.
pub fn exif_tiff(orientation: u16) -> Vec<u8> {
    let fields = [
        Field {
            tag: Tag::Make,
            ifd_num: In::PRIMARY,
            value: ascii("Canon"),
        },
        Field {
            tag: Tag::Model,
            ifd_num: In::PRIMARY,
            value: ascii("EOS 90D"),
        },
        Field {
            tag: Tag::Orientation,
            ifd_num: In::PRIMARY,
            value: Value::Short(vec![orientation]),
        },
        Field {
            tag: Tag::BodySerialNumber,
            ifd_num: In::PRIMARY,
            value: ascii(SERIAL),
        },
        Field {
            tag: Tag::CameraOwnerName,
            ifd_num: In::PRIMARY,
            value: ascii(NAME),
        },
        Field {
            tag: Tag::GPSLatitudeRef,
            ifd_num: In::PRIMARY,
            value: ascii("S"),
        },
        Field {
            tag: Tag::GPSLatitude,
            ifd_num: In::PRIMARY,
            value: rationals(&[(7, 1), (18, 1), (3816, 100)]),
        },
        Field {
            tag: Tag::GPSLongitudeRef,
            ifd_num: In::PRIMARY,
            value: ascii("E"),
        },
        Field {
            tag: Tag::GPSLongitude,
            ifd_num: In::PRIMARY,
            value: rationals(&[(112, 1), (43, 1), (4872, 100)]),
        },
    ];
    let thumbnail = jpeg();
    let mut writer = Writer::new();
    for f in &fields {
        writer.push_field(f);
    }
    writer.set_jpeg(&thumbnail, In::THUMBNAIL);
    let mut buf = std::io::Cursor::new(Vec::new());
    writer.write(&mut buf, false).unwrap();
    buf.into_inner()
}

/// A JPEG marker segment.
pub fn segment(marker: u8, data: &[u8]) -> Vec<u8> {
    let len = u16::try_from(data.len() + 2).unwrap();
    let mut seg = vec![0xFF, marker];
    seg.extend_from_slice(&len.to_be_bytes());
    seg.extend_from_slice(data);
    seg
}

/// An XMP packet naming the creator and the place.
pub fn xmp() -> Vec<u8> {
    format!(
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF><rdf:Description \
         dc:creator=\"{NAME}\" exif:GPSLatitude=\"7,18.636S\"/></rdf:RDF></x:xmpmeta>"
    )
    .into_bytes()
}

/// `jpeg` with `segments` inserted right after its start-of-image marker.
pub fn with_segments(jpeg: &[u8], segments: &[Vec<u8>]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    for s in segments {
        out.extend_from_slice(s);
    }
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A photo straight from a phone: EXIF with GPS, serial, owner and thumbnail; XMP; IPTC;
/// a comment; and trailing vendor data after the end of the image.
pub fn phone_photo(orientation: u16) -> Vec<u8> {
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend_from_slice(&exif_tiff(orientation));
    let mut xmp_data = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp_data.extend_from_slice(&xmp());
    let mut iptc = b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x12\x1c\x02\x50\0\x0e".to_vec();
    iptc.extend_from_slice(NAME.as_bytes());
    let mut photo = with_segments(
        &jpeg(),
        &[
            segment(0xE1, &exif),
            segment(0xE1, &xmp_data),
            segment(0xED, &iptc),
            segment(0xFE, format!("taken by {NAME}").as_bytes()),
        ],
    );
    photo.extend_from_slice(format!("SEFH trailer {SERIAL}").as_bytes());
    photo
}

/// Whether `needle` occurs anywhere in `haystack`.
pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// CRC-32 as PNG uses it.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG chunk with its CRC.
pub fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut chunk = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
    chunk.extend_from_slice(kind);
    chunk.extend_from_slice(data);
    let crc = crc32(&chunk[4..]);
    chunk.extend_from_slice(&crc.to_be_bytes());
    chunk
}

/// The chunk types of a PNG, in order.
pub fn png_chunk_types(png: &[u8]) -> Vec<String> {
    let mut pos = 8;
    let mut types = Vec::new();
    while pos + 8 <= png.len() {
        let len = u32::from_be_bytes(png[pos..pos + 4].try_into().unwrap()) as usize;
        types.push(String::from_utf8_lossy(&png[pos + 4..pos + 8]).into_owned());
        pos += 12 + len;
    }
    types
}

/// Decodes an image to RGB8 pixels.
pub fn decode(bytes: &[u8]) -> RgbImage {
    image::load_from_memory(bytes).unwrap().to_rgb8()
}

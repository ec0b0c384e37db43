//! The `multipart/form-data` body of `sendPhoto`, written by hand: three parts do not need a
//! library.

use aduan_chat_core::Media;
use sha2::{Digest, Sha256};

/// A form body and its `Content-Type` (with the boundary).
pub struct Form {
    /// `multipart/form-data; boundary=...`.
    pub content_type: String,
    /// The body.
    pub body: Vec<u8>,
}

/// `chat_id`, `caption` when given, and `photo` as a file part.
pub fn photo_form(chat_id: &str, caption: Option<&str>, photo: &Media) -> Form {
    // Derived from the content, so it cannot practically occur in it, and stable for tests.
    let mut hash = Sha256::new();
    hash.update(chat_id.as_bytes());
    hash.update(caption.unwrap_or_default().as_bytes());
    hash.update(&photo.bytes);
    let boundary = format!("aduan-{}", &hex::encode(hash.finalize())[..40]);

    let mut body = Vec::with_capacity(photo.bytes.len() + 512);
    field(&mut body, &boundary, "chat_id", chat_id);
    if let Some(caption) = caption {
        field(&mut body, &boundary, "caption", caption);
    }
    let file_name = header_safe(photo.file_name.as_deref()).unwrap_or("photo.jpg".to_owned());
    let mime = header_safe(photo.mime.as_deref()).unwrap_or("image/jpeg".to_owned());
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"{file_name}\"\r\nContent-Type: {mime}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(&photo.bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Form {
        content_type: format!("multipart/form-data; boundary={boundary}"),
        body,
    }
}

fn field(body: &mut Vec<u8>, boundary: &str, name: &str, value: &str) {
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
        .as_bytes(),
    );
}

/// A value fit for a part header: no quotes, backslashes or control characters.
fn header_safe(value: Option<&str>) -> Option<String> {
    let value = value?.trim();
    let clean: String = value
        .chars()
        .map(|c| {
            if c == '"' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    (!clean.is_empty()).then_some(clean)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_form_holds_each_part_between_boundaries() {
        let photo = Media {
            bytes: bytes::Bytes::from_static(b"\xff\xd8jpeg"),
            mime: None,
            file_name: Some("jalan \"rusak\".jpg".into()),
        };
        let form = photo_form("42", Some("Lubang"), &photo);
        let boundary = form.content_type.split("boundary=").nth(1).unwrap();
        let body = String::from_utf8_lossy(&form.body);
        assert!(body.starts_with(&format!("--{boundary}\r\n")));
        assert!(body.contains("name=\"chat_id\"\r\n\r\n42\r\n"));
        assert!(body.contains("name=\"caption\"\r\n\r\nLubang\r\n"));
        assert!(body.contains("filename=\"jalan _rusak_.jpg\"\r\nContent-Type: image/jpeg\r\n"));
        assert!(body.ends_with(&format!("\r\n--{boundary}--\r\n")));
    }
}

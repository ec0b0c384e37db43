//! Sending: free text (and a photo) inside the 24-hour customer service window, a
//! pre-approved template outside it.

use crate::client::WhatsAppClient;
use aduan_chat_core::{Media, NetworkError, Outgoing, Sent, TemplateNotice};
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};
use sha2_hmac::{Digest, Sha256};

/// How long after a person's last message free text may reach them.
pub const SERVICE_WINDOW: TimeDelta = TimeDelta::hours(24);

/// The longest text body WhatsApp takes, in characters: longer texts go as several messages.
pub const TEXT_LIMIT: usize = 4096;

/// The longest media caption WhatsApp takes, in characters.
pub const CAPTION_LIMIT: usize = 1024;

/// Whether someone who last wrote at `last_inbound` can get free text at `now`.
pub fn within_window(last_inbound: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    last_inbound.is_some_and(|at| now.signed_duration_since(at) < SERVICE_WINDOW)
}

impl WhatsAppClient {
    /// Sends `message` to `to` as of `now` (the system clock in [`aduan_chat_core::ChatNetwork::send`];
    /// tests pass their own): inside the window the text (split at [`TEXT_LIMIT`]) and photo;
    /// outside it the notice's template, or a permanent error when there is none. Answers the
    /// id of the first message sent.
    pub async fn send_at(
        &self,
        now: DateTime<Utc>,
        to: &str,
        message: &Outgoing,
    ) -> Result<Sent, NetworkError> {
        if within_window(message.last_inbound, now) {
            return self.send_in_window(to, message).await;
        }
        match &message.template {
            Some(notice) => self.send_template(to, notice).await,
            None => Err(NetworkError::Permanent(
                "outside the 24-hour window: only a template notice can reach this person".into(),
            )),
        }
    }

    async fn send_in_window(&self, to: &str, message: &Outgoing) -> Result<Sent, NetworkError> {
        let text = message.text.trim_end();
        if let Some(photo) = &message.photo {
            let media_id = self.upload_photo(photo).await?;
            let fits = text.chars().count() <= CAPTION_LIMIT;
            let caption = if fits && !text.is_empty() {
                Some(text)
            } else {
                None
            };
            let sent = self
                .post_message(image_body(to, &media_id, caption))
                .await?;
            if !fits {
                for part in split_text(text, TEXT_LIMIT) {
                    self.post_message(text_body(to, &part)).await?;
                }
            }
            return Ok(sent);
        }
        if text.is_empty() {
            return Err(NetworkError::Permanent(
                "nothing to send: the text is empty".into(),
            ));
        }
        let mut first = None;
        for part in split_text(text, TEXT_LIMIT) {
            let sent = self.post_message(text_body(to, &part)).await?;
            first.get_or_insert(sent);
        }
        first.ok_or_else(|| NetworkError::Permanent("nothing to send".into()))
    }

    async fn send_template(&self, to: &str, notice: &TemplateNotice) -> Result<Sent, NetworkError> {
        let (name, code) = self
            .settings
            .template_for(&notice.notice, &notice.language)
            .map_err(NetworkError::Permanent)?;
        self.post_message(template_body(to, name, code, &notice.params))
            .await
    }

    async fn post_message(&self, body: Value) -> Result<Sent, NetworkError> {
        let url = self.url(&format!("{}/messages", self.settings.phone_number_id));
        let answer = self.call(self.http.post(url).json(&body)).await?;
        answer
            .pointer("/messages/0/id")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty())
            .map(|id| Sent { id: id.to_owned() })
            .ok_or_else(|| {
                NetworkError::Permanent("the WhatsApp API answered without a message id".into())
            })
    }

    /// Uploads a photo (`POST /{phone_number_id}/media`) and answers its media id.
    async fn upload_photo(&self, photo: &Media) -> Result<String, NetworkError> {
        let mime = photo.mime.as_deref().unwrap_or("image/jpeg");
        let file_name = photo.file_name.as_deref().unwrap_or("photo.jpg");
        let (content_type, body) = multipart(
            &[("messaging_product", "whatsapp"), ("type", mime)],
            ("file", file_name, mime, &photo.bytes),
        );
        let url = self.url(&format!("{}/media", self.settings.phone_number_id));
        let request = self
            .http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(body);
        let answer = self.call(request).await?;
        answer
            .get("id")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| {
                NetworkError::Permanent("the WhatsApp API answered an upload without its id".into())
            })
    }
}

fn text_body(to: &str, text: &str) -> Value {
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "text",
        "text": { "preview_url": false, "body": text },
    })
}

fn image_body(to: &str, media_id: &str, caption: Option<&str>) -> Value {
    let mut image = json!({ "id": media_id });
    if let (Some(caption), Some(object)) = (caption, image.as_object_mut()) {
        object.insert("caption".into(), caption.into());
    }
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "image",
        "image": image,
    })
}

fn template_body(to: &str, name: &str, code: &str, params: &[String]) -> Value {
    let mut template = json!({ "name": name, "language": { "code": code } });
    if !params.is_empty()
        && let Some(object) = template.as_object_mut()
    {
        let parameters: Vec<Value> = params
            .iter()
            .map(|p| json!({ "type": "text", "text": template_param(p) }))
            .collect();
        object.insert(
            "components".into(),
            json!([{ "type": "body", "parameters": parameters }]),
        );
    }
    json!({
        "messaging_product": "whatsapp",
        "to": to,
        "type": "template",
        "template": template,
    })
}

/// WhatsApp refuses template parameters with new lines, tabs or runs of spaces.
fn template_param(p: &str) -> String {
    p.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` in pieces of at most `limit` characters, broken at the last new line or space that
/// fits (the break itself dropped), else mid-word.
pub(crate) fn split_text(text: &str, limit: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = text;
    while rest.chars().count() > limit {
        let hard = rest
            .char_indices()
            .nth(limit)
            .map_or(rest.len(), |(i, _)| i);
        let window = &rest[..hard];
        let cut = window
            .rfind('\n')
            .or_else(|| window.rfind(char::is_whitespace))
            .filter(|&i| i > 0);
        match cut {
            Some(i) => {
                parts.push(window[..i].to_owned());
                let gap = rest[i..].chars().next().map_or(0, char::len_utf8);
                rest = &rest[i + gap..];
            }
            None => {
                parts.push(window.to_owned());
                rest = &rest[hard..];
            }
        }
    }
    if !rest.is_empty() {
        parts.push(rest.to_owned());
    }
    parts
}

/// A `multipart/form-data` body of text `fields` and one file `(field, file name, type,
/// bytes)`; answers its content type and bytes.
fn multipart(fields: &[(&str, &str)], file: (&str, &str, &str, &[u8])) -> (String, Vec<u8>) {
    let (file_field, file_name, mime, bytes) = file;
    // A boundary made of the content's hash cannot occur in the content.
    let boundary = format!("aduan-{}", &hex::encode(Sha256::digest(bytes))[..32]);
    let clean = |s: &str| s.replace(['"', '\r', '\n'], "_");
    let mut body = Vec::with_capacity(bytes.len() + 512);
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n{}\r\n",
                clean(name),
                clean(value)
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
            clean(file_field),
            clean(file_name),
            clean(mime)
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_is_open_for_24_hours_after_the_last_message() {
        let now = Utc::now();
        assert!(within_window(Some(now - TimeDelta::hours(23)), now));
        assert!(within_window(Some(now + TimeDelta::minutes(1)), now));
        assert!(!within_window(Some(now - TimeDelta::hours(24)), now));
        assert!(!within_window(None, now));
    }

    #[test]
    fn long_text_is_split_at_spaces_within_the_limit() {
        let text = "aku ".repeat(3000);
        let parts = split_text(text.trim_end(), TEXT_LIMIT);
        assert_eq!(parts.len(), 3);
        assert!(parts.iter().all(|p| p.chars().count() <= TEXT_LIMIT));
        assert_eq!(parts.join(" "), text.trim_end());
    }

    #[test]
    fn text_without_spaces_is_cut_at_the_limit_by_characters() {
        let text = "é".repeat(10);
        assert_eq!(split_text(&text, 4), vec!["éééé", "éééé", "éé"]);
        assert_eq!(split_text("short", 4096), vec!["short"]);
        assert_eq!(split_text("a\nbc d", 4), vec!["a", "bc d"]);
    }

    #[test]
    fn template_parameters_lose_new_lines_and_runs_of_spaces() {
        assert_eq!(
            template_param(" Sedang\n\tdiproses   oleh  dinas "),
            "Sedang diproses oleh dinas"
        );
        let body = template_body("62", "t", "id", &[]);
        assert!(body["template"].get("components").is_none());
    }
}

//! The Bot API client: `getFile` and the file download for what people sent, `sendMessage`
//! and `sendPhoto` for the answers.
//!
//! The bot token is part of every URL, so no URL is ever logged or put in an error: reqwest's
//! errors are stripped of theirs before they are shown.

use crate::answer::{Answer, Read, is_temporary, read, refused, unreachable};
use crate::form::photo_form;
use crate::settings::TelegramSettings;
use crate::text::{CAPTION_LIMIT, TEXT_LIMIT, split, telegram_len};
use aduan_chat_core::{ChatNetwork, Media, MediaRef, Network, NetworkError, Outgoing, Sent};
use async_trait::async_trait;
use reqwest::RequestBuilder;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::time::Duration;

/// The largest file fetched (the Bot API's own download limit).
pub const MEDIA_LIMIT: u64 = 20 * 1024 * 1024;

/// The largest photo sent with `sendPhoto` (the Bot API's upload limit for photos).
pub const PHOTO_UPLOAD_LIMIT: usize = 10 * 1024 * 1024;

const TIMEOUT: Duration = Duration::from_secs(10);

/// The largest API answer read (they are a few hundred bytes).
const ANSWER_LIMIT: u64 = 1024 * 1024;

/// The Bot API, as the bot whose token the settings hold.
#[derive(Clone)]
pub struct TelegramClient {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl std::fmt::Debug for TelegramClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramClient")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

/// `getFile`'s result.
#[derive(Deserialize)]
struct File {
    file_size: Option<u64>,
    file_path: Option<String>,
}

/// The part of a sent `Message` Aduan keeps.
#[derive(Deserialize)]
struct SentMessage {
    message_id: i64,
}

impl TelegramClient {
    /// A client for the bot in `settings`, giving up on a call after 10 seconds.
    pub fn new(settings: &TelegramSettings) -> Result<Self, String> {
        if settings.bot_token.trim().is_empty() {
            return Err("telegram.bot_token is empty".to_owned());
        }
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            // Straight to Telegram: a proxy from the environment would see the token.
            .no_proxy()
            .user_agent(concat!("Aduan/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot build the Telegram client: {e}"))?;
        Ok(TelegramClient {
            http,
            base: settings
                .api_base_url
                .trim()
                .trim_end_matches('/')
                .to_owned(),
            token: settings.bot_token.trim().to_owned(),
        })
    }

    fn method_url(&self, method: &str) -> String {
        format!("{}/bot{}/{method}", self.base, self.token)
    }

    /// Makes one API call and opens the envelope.
    async fn call<T: DeserializeOwned>(
        &self,
        method: &str,
        request: RequestBuilder,
    ) -> Result<T, NetworkError> {
        let response = request.send().await.map_err(|e| unreachable(method, e))?;
        let status = response.status();
        let body = match read(response, ANSWER_LIMIT).await {
            Ok(body) => body,
            Err(Read::TooLarge) => {
                return Err(NetworkError::Permanent(format!(
                    "{method}: Telegram's answer is too large"
                )));
            }
            Err(Read::Failed(e)) => return Err(unreachable(method, e)),
        };
        tracing::debug!(method, status = status.as_u16(), "telegram api answered");
        match serde_json::from_slice::<Answer<T>>(&body) {
            Ok(Answer {
                ok: true,
                result: Some(result),
                ..
            }) if status.is_success() => Ok(result),
            Ok(answer) => Err(refused(method, status, answer)),
            Err(_) if is_temporary(status) => Err(NetworkError::Temporary(format!(
                "{method}: Telegram answered {status}"
            ))),
            Err(_) => Err(NetworkError::Permanent(format!(
                "{method}: Telegram's answer ({status}) is not the Bot API's"
            ))),
        }
    }

    async fn send_text(&self, to: &str, text: &str) -> Result<Sent, NetworkError> {
        let mut first = None;
        for piece in split(text, TEXT_LIMIT) {
            let request = self
                .http
                .post(self.method_url("sendMessage"))
                .json(&serde_json::json!({ "chat_id": to, "text": piece }));
            let sent: SentMessage = self.call("sendMessage", request).await?;
            first.get_or_insert(sent.message_id);
        }
        first
            .map(|id| Sent { id: id.to_string() })
            .ok_or_else(|| NetworkError::Permanent("sendMessage: the text is empty".to_owned()))
    }

    async fn send_photo(
        &self,
        to: &str,
        photo: &Media,
        caption: Option<&str>,
    ) -> Result<Sent, NetworkError> {
        if photo.bytes.len() > PHOTO_UPLOAD_LIMIT {
            return Err(NetworkError::Permanent(format!(
                "sendPhoto: the photo ({} bytes) is over Telegram's 10 MB",
                photo.bytes.len()
            )));
        }
        let form = photo_form(to, caption, photo);
        let request = self
            .http
            .post(self.method_url("sendPhoto"))
            .header(reqwest::header::CONTENT_TYPE, form.content_type)
            .body(form.body);
        let sent: SentMessage = self.call("sendPhoto", request).await?;
        Ok(Sent {
            id: sent.message_id.to_string(),
        })
    }
}

#[async_trait]
impl ChatNetwork for TelegramClient {
    fn network(&self) -> Network {
        Network::Telegram
    }

    async fn fetch_media(&self, media: &MediaRef) -> Result<Media, NetworkError> {
        let url = reqwest::Url::parse_with_params(
            &self.method_url("getFile"),
            [("file_id", media.id.as_str())],
        )
        .map_err(|_| NetworkError::Permanent("getFile: the API base URL is not a URL".into()))?;
        let file: File = self.call("getFile", self.http.get(url)).await?;
        if let Some(size) = file.file_size.filter(|&s| s > MEDIA_LIMIT) {
            return Err(NetworkError::Permanent(format!(
                "getFile: the file ({size} bytes) is over the 20 MB limit"
            )));
        }
        let path = file
            .file_path
            .filter(|p| is_file_path(p))
            .ok_or_else(|| NetworkError::Permanent("getFile: no usable file_path".to_owned()))?;
        let url = format!("{}/file/bot{}/{path}", self.base, self.token);
        let response = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|e| unreachable("file download", e))?;
        let status = response.status();
        if !status.is_success() {
            let message = format!("file download: Telegram answered {status}");
            return Err(if is_temporary(status) {
                NetworkError::Temporary(message)
            } else {
                NetworkError::Permanent(message)
            });
        }
        let served_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .filter(|t| !t.starts_with("application/octet-stream"))
            .map(str::to_owned);
        let bytes = match read(response, MEDIA_LIMIT).await {
            Ok(bytes) => bytes,
            Err(Read::TooLarge) => {
                return Err(NetworkError::Permanent(
                    "file download: the file is over the 20 MB limit".to_owned(),
                ));
            }
            Err(Read::Failed(e)) => return Err(unreachable("file download", e)),
        };
        tracing::debug!(bytes = bytes.len(), "telegram file fetched");
        Ok(Media {
            bytes,
            mime: media.mime.clone().or(served_type),
            file_name: media
                .file_name
                .clone()
                .or_else(|| path.rsplit('/').next().map(str::to_owned)),
        })
    }

    async fn send(&self, to: &str, message: &Outgoing) -> Result<Sent, NetworkError> {
        // `reply_to_post` and `template` mean nothing here: Telegram has no service window.
        let Some(photo) = &message.photo else {
            return self.send_text(to, &message.text).await;
        };
        let text = message.text.trim();
        if telegram_len(text) <= CAPTION_LIMIT {
            let caption = (!text.is_empty()).then_some(text);
            return self.send_photo(to, photo, caption).await;
        }
        let sent = self.send_photo(to, photo, None).await?;
        self.send_text(to, text).await?;
        Ok(sent)
    }
}

/// A `file_path` as Telegram gives them (`photos/file_0.jpg`): nothing that could leave the
/// file area of the URL.
fn is_file_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'_' | b'-'))
}

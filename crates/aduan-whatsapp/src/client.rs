//! The Graph API client: fetches the files people send, and sends answers and notices
//! ([`crate::send`] builds the messages).

use crate::payload::as_i64;
use crate::settings::WhatsAppSettings;
use aduan_chat_core::{ChatNetwork, Media, MediaRef, Network, NetworkError, Outgoing, Sent};
use async_trait::async_trait;
use bytes::{Bytes, BytesMut};
use chrono::Utc;
use serde::Deserialize;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

/// The largest file fetched, in bytes: bigger ones are refused as [`NetworkError::Permanent`].
pub const MAX_MEDIA_BYTES: usize = 20 * 1024 * 1024;

/// How long one call may take, connecting included.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Graph error codes that mean "too much, too fast": worth trying again later.
pub const RATE_LIMIT_CODES: [i64; 5] = [4, 80007, 130429, 131048, 131056];

/// The hosts (and their subdomains) Meta serves media downloads from: the only ones besides
/// the API's own that get the access token.
const MEDIA_HOSTS: &[&str] = &[
    "lookaside.fbsbx.com",
    "fbsbx.com",
    "fbcdn.net",
    "whatsapp.net",
];

/// The WhatsApp Cloud API as the conversation uses it. Every call carries
/// `Authorization: Bearer <access_token>`.
#[derive(Clone)]
pub struct WhatsAppClient {
    pub(crate) http: reqwest::Client,
    pub(crate) base: String,
    base_origin: reqwest::Url,
    pub(crate) access_token: Arc<str>,
    pub(crate) settings: Arc<WhatsAppSettings>,
    max_media_bytes: usize,
}

impl std::fmt::Debug for WhatsAppClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WhatsAppClient")
            .field("base", &self.base)
            .field("phone_number_id", &self.settings.phone_number_id)
            .field("max_media_bytes", &self.max_media_bytes)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Deserialize)]
struct GraphErrorBody {
    error: GraphError,
}

#[derive(Debug, Deserialize)]
struct GraphError {
    #[serde(default)]
    message: String,
    code: Option<i64>,
    error_subcode: Option<i64>,
    fbtrace_id: Option<String>,
}

#[derive(Debug, Deserialize)]
struct MediaInfo {
    url: String,
    mime_type: Option<String>,
    file_size: Option<Value>,
}

impl WhatsAppClient {
    /// A client for the account `settings` name (its access token, phone number id and API).
    pub fn new(settings: &WhatsAppSettings) -> Result<Self, String> {
        if settings.access_token.trim().is_empty() {
            return Err("[whatsapp] access_token is not set".into());
        }
        if settings.phone_number_id.trim().is_empty() {
            return Err("[whatsapp] phone_number_id is not set".into());
        }
        let base = settings.api_base_url.trim_end_matches('/').to_owned();
        let base_origin = reqwest::Url::parse(&base)
            .ok()
            .filter(|u| matches!(u.scheme(), "https" | "http") && u.has_host())
            .ok_or_else(|| {
                format!(
                    "[whatsapp] api_base_url is not an http(s) URL: {:?}",
                    settings.api_base_url
                )
            })?;
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            // Straight to Meta: a proxy from the environment would see the token and messages.
            .no_proxy()
            .user_agent(concat!("Aduan/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot build the WhatsApp client: {e}"))?;
        Ok(WhatsAppClient {
            http,
            base,
            base_origin,
            access_token: settings.access_token.as_str().into(),
            settings: Arc::new(settings.clone()),
            max_media_bytes: MAX_MEDIA_BYTES,
        })
    }

    /// The same client with another cap on fetched files (tests use a small one).
    pub fn with_max_media_bytes(mut self, max: usize) -> Self {
        self.max_media_bytes = max;
        self
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}/{}", self.base, path)
    }

    /// Sends `request` with the token and reads a 2xx JSON answer; anything else becomes the
    /// matching [`NetworkError`].
    pub(crate) async fn call(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<Value, NetworkError> {
        let response = request
            .bearer_auth(&*self.access_token)
            .send()
            .await
            .map_err(unreachable_error)?;
        let status = response.status();
        let body = response.bytes().await.map_err(unreachable_error)?;
        if !status.is_success() {
            return Err(graph_error(status.as_u16(), &body));
        }
        serde_json::from_slice(&body).map_err(|_| {
            NetworkError::Permanent(format!(
                "the WhatsApp API answered HTTP {status} with a body that is not JSON"
            ))
        })
    }

    async fn media_info(&self, id: &str) -> Result<MediaInfo, NetworkError> {
        let answer = self.call(self.http.get(self.url(id))).await?;
        serde_json::from_value(answer).map_err(|_| {
            NetworkError::Permanent(
                "the WhatsApp API answered a media query without its url".into(),
            )
        })
    }

    /// Whether the token may go to `url`: over https to Meta's media hosts, or to the API's
    /// own origin (a stand-in).
    fn may_download(&self, url: &reqwest::Url) -> bool {
        // Meta serves media from its own hosts; the token goes nowhere else.
        let meta = url.host_str().is_some_and(|h| {
            MEDIA_HOSTS
                .iter()
                .any(|m| h == *m || h.ends_with(&format!(".{m}")))
        });
        (url.scheme() == "https" && meta)
            || (url.scheme() == self.base_origin.scheme()
                && url.host_str() == self.base_origin.host_str()
                && url.port_or_known_default() == self.base_origin.port_or_known_default())
    }

    async fn download(&self, url: reqwest::Url) -> Result<Bytes, NetworkError> {
        let mut response = self
            .http
            .get(url)
            .bearer_auth(&*self.access_token)
            .send()
            .await
            .map_err(unreachable_error)?;
        let status = response.status();
        if !status.is_success() {
            let body = response.bytes().await.unwrap_or_default();
            return Err(graph_error(status.as_u16(), &body));
        }
        if response
            .content_length()
            .is_some_and(|n| n > self.max_media_bytes as u64)
        {
            return Err(self.too_big());
        }
        let mut bytes = BytesMut::new();
        while let Some(chunk) = response.chunk().await.map_err(unreachable_error)? {
            if bytes.len() + chunk.len() > self.max_media_bytes {
                return Err(self.too_big());
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes.freeze())
    }

    fn too_big(&self) -> NetworkError {
        NetworkError::Permanent(format!(
            "the file is larger than {} bytes",
            self.max_media_bytes
        ))
    }
}

#[async_trait]
impl ChatNetwork for WhatsAppClient {
    fn network(&self) -> Network {
        Network::WhatsApp
    }

    async fn fetch_media(&self, media: &MediaRef) -> Result<Media, NetworkError> {
        let id = media.id.as_str();
        if id.is_empty()
            || !id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(NetworkError::Permanent("not a WhatsApp media id".into()));
        }
        let info = self.media_info(id).await?;
        let declared = info.file_size.as_ref().and_then(as_i64);
        if declared.is_some_and(|n| n > self.max_media_bytes as i64) {
            return Err(self.too_big());
        }
        let url = reqwest::Url::parse(&info.url)
            .ok()
            .filter(|u| self.may_download(u))
            .ok_or_else(|| {
                NetworkError::Permanent(
                    "the WhatsApp API gave a media url that is not https".into(),
                )
            })?;
        let bytes = self.download(url).await?;
        Ok(Media {
            bytes,
            mime: info
                .mime_type
                .filter(|m| !m.is_empty())
                .or_else(|| media.mime.clone()),
            file_name: media.file_name.clone(),
        })
    }

    async fn send(&self, to: &str, message: &Outgoing) -> Result<Sent, NetworkError> {
        self.send_at(Utc::now(), to, message).await
    }
}

/// A call that got no answer: connection refused, timed out, cut.
fn unreachable_error(e: reqwest::Error) -> NetworkError {
    NetworkError::Temporary(format!(
        "cannot reach the WhatsApp API: {}",
        e.without_url()
    ))
}

/// What an error answer means: 429, 5xx and the rate-limit codes may pass; the rest will not.
pub(crate) fn graph_error(status: u16, body: &[u8]) -> NetworkError {
    let error = serde_json::from_slice::<GraphErrorBody>(body)
        .ok()
        .map(|b| b.error);
    let code = error.as_ref().and_then(|e| e.code);
    let detail = match &error {
        Some(e) => format!(
            "HTTP {status}, Graph error {}{}: {} (fbtrace_id {})",
            e.code.map_or_else(|| "?".to_owned(), |c| c.to_string()),
            e.error_subcode.map(|s| format!("/{s}")).unwrap_or_default(),
            e.message,
            e.fbtrace_id.as_deref().unwrap_or("-"),
        ),
        None => format!("HTTP {status}"),
    };
    let temporary = status == 429
        || (500..600).contains(&status)
        || code.is_some_and(|c| RATE_LIMIT_CODES.contains(&c));
    if temporary {
        NetworkError::Temporary(format!("WhatsApp API: {detail}"))
    } else {
        NetworkError::Permanent(format!("WhatsApp API: {detail}"))
    }
}

//! X's API as the conversation uses it: answer by public reply or direct message, fetch a
//! photo sent by direct message.

use crate::settings::XSettings;
use aduan_chat_core::{ChatNetwork, Media, MediaRef, Network, NetworkError, Outgoing, Sent};
use async_trait::async_trait;
use serde_json::{Value, json};
use std::time::Duration;
use url::Url;

/// The longest public reply, in characters (X's limit for a post).
pub const POST_MAX_CHARS: usize = 280;
/// The longest direct message, in characters (X's limit).
pub const DM_MAX_CHARS: usize = 10_000;
/// The largest media file fetched, in bytes (20 MiB).
pub const MEDIA_MAX_BYTES: usize = 20 * 1024 * 1024;

const TIMEOUT: Duration = Duration::from_secs(10);

/// Hosts X serves direct-message media from; nothing else named in a payload is fetched
/// (besides the API's own host).
const MEDIA_HOSTS: [&str; 2] = ["ton.twitter.com", "pbs.twimg.com"];

/// X's API client, acting as the account with its OAuth 2.0 user token.
#[derive(Clone)]
pub struct XClient {
    http: reqwest::Client,
    base: Url,
    token: String,
}

impl std::fmt::Debug for XClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XClient")
            .field("base", &self.base.as_str())
            .finish_non_exhaustive()
    }
}

impl XClient {
    /// A client for `settings.api_base_url`, sending as `settings.access_token`.
    pub fn new(settings: &XSettings) -> Result<Self, String> {
        let base = Url::parse(settings.api_base_url.trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .ok_or_else(|| {
                format!(
                    "x.api_base_url is not an http(s) URL: {:?}",
                    settings.api_base_url
                )
            })?;
        let token = settings.access_token.trim().to_owned();
        if token.is_empty() {
            return Err("x.access_token is not set".to_owned());
        }
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            // Straight to X: a proxy from the environment would see the token.
            .no_proxy()
            .user_agent(concat!("Aduan/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot build the X client: {e}"))?;
        Ok(XClient { http, base, token })
    }

    fn endpoint(&self, path: &str) -> String {
        format!("{}/{path}", self.base.as_str().trim_end_matches('/'))
    }

    /// Whether `url` is X's media host (or the API's own host), so the token may go there.
    fn may_fetch(&self, url: &Url) -> bool {
        if !url.username().is_empty() || url.password().is_some() {
            return false;
        }
        let Some(host) = url.host_str() else {
            return false;
        };
        let x_media =
            url.scheme() == "https" && url.port().is_none() && MEDIA_HOSTS.contains(&host);
        let api = url.scheme() == self.base.scheme()
            && url.host_str() == self.base.host_str()
            && url.port_or_known_default() == self.base.port_or_known_default();
        x_media || api
    }

    async fn post_json(&self, url: String, body: &Value) -> Result<Value, NetworkError> {
        let answer = self
            .http
            .post(url)
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .map_err(|e| unreachable_error(&e))?;
        if !answer.status().is_success() {
            return Err(refusal(answer).await);
        }
        answer
            .json::<Value>()
            .await
            .map_err(|_| NetworkError::Permanent("X answered something that is not JSON".into()))
    }
}

/// A transport failure: X not reached, or too slow. Without the URL or headers.
fn unreachable_error(e: &reqwest::Error) -> NetworkError {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "connection refused or failed"
    } else {
        "request failed"
    };
    NetworkError::Temporary(format!("X not reached: {kind}"))
}

/// A non-2xx answer: 429 and 5xx may pass, anything else will not.
async fn refusal(answer: reqwest::Response) -> NetworkError {
    let status = answer.status();
    let detail = answer
        .json::<Value>()
        .await
        .ok()
        .and_then(|v| {
            ["detail", "title"]
                .iter()
                .find_map(|k| v.get(*k).and_then(Value::as_str).map(str::to_owned))
        })
        .map(|d| d.chars().take(200).collect::<String>());
    let message = match detail {
        Some(d) => format!("X answered {status}: {d}"),
        None => format!("X answered {status}"),
    };
    if status.as_u16() == 429 || status.is_server_error() {
        NetworkError::Temporary(message)
    } else {
        NetworkError::Permanent(message)
    }
}

/// X ids are decimal numbers; anything else must not reach a URL path.
fn is_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit())
}

fn data_field(answer: &Value, field: &str) -> Result<Sent, NetworkError> {
    answer
        .get("data")
        .and_then(|d| d.get(field))
        .and_then(Value::as_str)
        .map(|id| Sent { id: id.to_owned() })
        .ok_or_else(|| NetworkError::Permanent(format!("X's answer has no data.{field}")))
}

#[async_trait]
impl ChatNetwork for XClient {
    fn network(&self) -> Network {
        Network::X
    }

    async fn fetch_media(&self, media: &MediaRef) -> Result<Media, NetworkError> {
        let url = Url::parse(&media.id)
            .map_err(|_| NetworkError::Permanent("the media reference is not a URL".into()))?;
        if !self.may_fetch(&url) {
            return Err(NetworkError::Permanent(format!(
                "media on {} is not X's: not fetched",
                url.host_str().unwrap_or("no host")
            )));
        }
        let file_name = media.file_name.clone().or_else(|| {
            url.path_segments()
                .and_then(|mut s| s.next_back())
                .map(|last| last.split(':').next().unwrap_or(last).to_owned())
                .filter(|n| !n.is_empty())
        });
        let mut answer = self
            .http
            .get(url)
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(|e| unreachable_error(&e))?;
        if !answer.status().is_success() {
            return Err(refusal(answer).await);
        }
        let too_big =
            || NetworkError::Permanent(format!("the media is larger than {MEDIA_MAX_BYTES} bytes"));
        if answer
            .content_length()
            .is_some_and(|n| n > MEDIA_MAX_BYTES as u64)
        {
            return Err(too_big());
        }
        let mime = answer
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .or_else(|| media.mime.clone());
        let mut bytes = Vec::new();
        while let Some(chunk) = answer.chunk().await.map_err(|e| unreachable_error(&e))? {
            if bytes.len() + chunk.len() > MEDIA_MAX_BYTES {
                return Err(too_big());
            }
            bytes.extend_from_slice(&chunk);
        }
        tracing::info!(bytes = bytes.len(), "X media fetched");
        Ok(Media {
            bytes: bytes.into(),
            mime,
            file_name,
        })
    }

    async fn send(&self, to: &str, message: &Outgoing) -> Result<Sent, NetworkError> {
        let text = message.text.as_str();
        if text.trim().is_empty() {
            return Err(NetworkError::Permanent(
                "nothing to send: the text is empty".into(),
            ));
        }
        let chars = text.chars().count();
        if let Some(post) = &message.reply_to_post {
            if !is_id(post) {
                return Err(NetworkError::Permanent(
                    "the post to reply to is not an X id".into(),
                ));
            }
            if chars > POST_MAX_CHARS {
                return Err(NetworkError::Permanent(format!(
                    "a public reply has {chars} characters, X takes {POST_MAX_CHARS}"
                )));
            }
            let body = json!({"text": text, "reply": {"in_reply_to_tweet_id": post}});
            let answer = self.post_json(self.endpoint("2/tweets"), &body).await?;
            let sent = data_field(&answer, "id")?;
            tracing::info!(post = %sent.id, "X public reply sent");
            Ok(sent)
        } else {
            if !is_id(to) {
                return Err(NetworkError::Permanent(
                    "the recipient is not an X user id".into(),
                ));
            }
            if chars > DM_MAX_CHARS {
                return Err(NetworkError::Permanent(format!(
                    "a direct message has {chars} characters, X takes {DM_MAX_CHARS}"
                )));
            }
            let url = self.endpoint(&format!("2/dm_conversations/with/{to}/messages"));
            let answer = self.post_json(url, &json!({"text": text})).await?;
            let sent = data_field(&answer, "dm_event_id")?;
            tracing::info!(event = %sent.id, "X direct message sent");
            Ok(sent)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn client(base: &str) -> XClient {
        XClient::new(&XSettings {
            api_base_url: base.into(),
            access_token: "t".into(),
            ..XSettings::default()
        })
        .unwrap()
    }

    #[test]
    fn only_x_media_hosts_and_the_api_host_may_be_fetched() {
        let c = client("https://api.x.com");
        let ok = |u: &str| c.may_fetch(&Url::parse(u).unwrap());
        assert!(ok("https://ton.twitter.com/1.1/ton/data/dm/1/2/abc.jpg"));
        assert!(ok("https://pbs.twimg.com/dm_gif_preview/1/abc.jpg"));
        assert!(ok("https://api.x.com/media/1"));
        assert!(!ok("http://ton.twitter.com/1.1/ton/data/dm/1/2/abc.jpg"));
        assert!(!ok("https://ton.twitter.com:8443/x.jpg"));
        assert!(!ok("https://evil.example/x.jpg"));
        assert!(!ok("https://ton.twitter.com.evil.example/x.jpg"));
        assert!(!ok("https://user@pbs.twimg.com/x.jpg"));
        assert!(!ok("http://api.x.com/media/1"));
        let local = client("http://127.0.0.1:4000");
        assert!(local.may_fetch(&Url::parse("http://127.0.0.1:4000/media/a").unwrap()));
        assert!(!local.may_fetch(&Url::parse("http://127.0.0.1:4001/media/a").unwrap()));
    }

    #[test]
    fn a_client_needs_a_token_and_an_http_base() {
        assert!(XClient::new(&XSettings::default()).is_err());
        let bad = XSettings {
            api_base_url: "not a url".into(),
            access_token: "t".into(),
            ..XSettings::default()
        };
        assert!(XClient::new(&bad).is_err());
    }

    #[test]
    fn ids_are_decimal() {
        assert!(is_id("1205290247124217856"));
        assert!(!is_id("12/../../2/tweets"));
        assert!(!is_id(""));
    }
}

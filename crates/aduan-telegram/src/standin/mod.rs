//! Test support: a stand-in for the Bot API on `127.0.0.1`, for this crate's tests and the
//! server's end-to-end ones. It serves what [`crate::TelegramClient`] calls (`getFile`, the
//! file download, `sendMessage`, `sendPhoto`), answering as Telegram does, and records every
//! request. Any bot token is accepted. Not for production use.

mod api;

use api::{describe, error};
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request as HttpRequest, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use bytes::Bytes;
use serde_json::Value;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

/// The largest request body the stand-in reads.
const BODY_LIMIT: usize = 32 * 1024 * 1024;

/// One request the stand-in got.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// `GET`, `POST`.
    pub method: String,
    /// The path, bot token included (`/bot123:abc/sendMessage`, `/file/bot123:abc/files/x`).
    pub path: String,
    /// The query string, when there was one (`file_id=...`).
    pub query: Option<String>,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The body.
    pub body: Body,
}

impl Request {
    /// The Bot API method called (`sendMessage`), or `None` for a file download.
    pub fn api_method(&self) -> Option<&str> {
        let rest = self.path.strip_prefix("/bot")?;
        rest.split_once('/').map(|(_, method)| method)
    }
}

/// A request's body, as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// No body.
    Empty,
    /// A JSON body.
    Json(Value),
    /// A `multipart/form-data` body, its parts in order.
    Form(Vec<Part>),
    /// Any other body.
    Raw(Bytes),
}

impl Body {
    /// The JSON body, when it is one.
    pub fn json(&self) -> Option<&Value> {
        match self {
            Body::Json(v) => Some(v),
            _ => None,
        }
    }

    /// The form part named `name`, when this is a form holding one.
    pub fn part(&self, name: &str) -> Option<&Part> {
        match self {
            Body::Form(parts) => parts.iter().find(|p| p.name == name),
            _ => None,
        }
    }
}

/// One part of a form.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The field name (`chat_id`, `caption`, `photo`).
    pub name: String,
    /// A file part's file name.
    pub file_name: Option<String>,
    /// A file part's `Content-Type`.
    pub content_type: Option<String>,
    /// The content.
    pub bytes: Bytes,
}

impl Part {
    /// The content as text, when it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.bytes).ok()
    }
}

struct StoredMedia {
    bytes: Bytes,
    mime: String,
    reported_size: Option<u64>,
}

#[derive(Default)]
struct Inner {
    requests: Vec<Request>,
    media: HashMap<String, StoredMedia>,
    failure: Option<(StatusCode, usize)>,
    last_message_id: i64,
}

type Shared = Arc<Mutex<Inner>>;

fn lock(shared: &Shared) -> MutexGuard<'_, Inner> {
    shared
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The stand-in, serving until dropped.
pub struct StandIn {
    addr: SocketAddr,
    inner: Shared,
    server: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for StandIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StandIn")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl StandIn {
    /// Starts a stand-in on a free port of `127.0.0.1`.
    ///
    /// # Panics
    ///
    /// When no local port can be bound (test support: there is nothing better to do).
    #[allow(clippy::expect_used)]
    pub async fn start() -> StandIn {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a local port for the Telegram stand-in");
        let addr = listener
            .local_addr()
            .expect("the Telegram stand-in's local address");
        let inner = Shared::default();
        let app = Router::new()
            .fallback(answer)
            .layer(DefaultBodyLimit::max(BODY_LIMIT))
            .with_state(inner.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        StandIn {
            addr,
            inner,
            server,
        }
    }

    /// The `api_base_url` to give the client (`http://127.0.0.1:PORT`).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.inner).requests.clone()
    }

    /// Makes a file downloadable: `getFile` with `file_id` = `id` answers its path and size.
    pub fn put_media(&self, id: &str, bytes: impl Into<Bytes>, mime: &str) {
        let bytes = bytes.into();
        let size = bytes.len() as u64;
        self.put_media_reporting(id, bytes, mime, Some(size));
    }

    /// As [`StandIn::put_media`], with the `file_size` `getFile` reports (`None`: none), to
    /// test size limits without the bytes.
    pub fn put_media_reporting(
        &self,
        id: &str,
        bytes: impl Into<Bytes>,
        mime: &str,
        file_size: Option<u64>,
    ) {
        lock(&self.inner).media.insert(
            id.to_owned(),
            StoredMedia {
                bytes: bytes.into(),
                mime: mime.to_owned(),
                reported_size: file_size,
            },
        );
    }

    /// Makes the next `n` requests (of any kind) fail with `status`, answered with the Bot
    /// API's error envelope (a 429 says `retry_after` 1).
    pub fn fail_next(&self, status: u16, n: usize) {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        lock(&self.inner).failure = Some((status, n));
    }
}

async fn answer(State(inner): State<Shared>, request: HttpRequest) -> Response {
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(str::to_owned);
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = match read_body(request, content_type.as_deref()).await {
        Ok(body) => body,
        Err(description) => return error(StatusCode::BAD_REQUEST, &description),
    };
    let recorded = Request {
        method,
        path,
        query,
        content_type,
        body,
    };
    let mut state = lock(&inner);
    state.requests.push(recorded.clone());
    if let Some((status, left)) = state.failure.take()
        && left > 0
    {
        state.failure = (left > 1).then_some((status, left - 1));
        return error(status, describe(status));
    }
    api::route(&mut state, &recorded)
}

async fn read_body(request: HttpRequest, content_type: Option<&str>) -> Result<Body, String> {
    if content_type.is_some_and(|t| t.starts_with("multipart/form-data")) {
        let mut form = Multipart::from_request(request, &())
            .await
            .map_err(|e| format!("Bad Request: {e}"))?;
        let mut parts = Vec::new();
        while let Some(field) = form
            .next_field()
            .await
            .map_err(|e| format!("Bad Request: {e}"))?
        {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(str::to_owned);
            let bytes = field
                .bytes()
                .await
                .map_err(|e| format!("Bad Request: {e}"))?;
            parts.push(Part {
                name,
                file_name,
                content_type,
                bytes,
            });
        }
        return Ok(Body::Form(parts));
    }
    let bytes = axum::body::to_bytes(request.into_body(), BODY_LIMIT)
        .await
        .map_err(|e| format!("Bad Request: {e}"))?;
    Ok(if bytes.is_empty() {
        Body::Empty
    } else if let Ok(value) = serde_json::from_slice(&bytes) {
        Body::Json(value)
    } else {
        Body::Raw(bytes)
    })
}

//! Test support: a stand-in for X's API on `127.0.0.1`, for this crate's tests and the
//! server's end-to-end tests. Point `x.api_base_url` at [`StandIn::base_url`].
//!
//! It serves `POST /2/tweets`, `POST /2/dm_conversations/with/{id}/messages` (both answering
//! `201` as X does, and `401` without a bearer token) and `GET /media/{id}` for files put
//! with [`StandIn::put_media`]. It records every request, and [`StandIn::fail_next`] makes
//! the next calls fail with a chosen status and an X-style problem body.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

/// One request the stand-in got.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// `GET`, `POST`.
    pub method: String,
    /// The path (`/2/tweets`).
    pub path: String,
    /// The query string, when there was one.
    pub query: Option<String>,
    /// The `Authorization` header.
    pub authorization: Option<String>,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The body as sent.
    pub body: Bytes,
    /// The body as JSON, when it was JSON.
    pub json: Option<Value>,
}

#[derive(Default)]
struct Shared {
    requests: Vec<RecordedRequest>,
    media: HashMap<String, (Bytes, String)>,
    failures: Vec<u16>,
    next_id: u64,
}

type Guarded = Arc<Mutex<Shared>>;

fn lock(shared: &Guarded) -> MutexGuard<'_, Shared> {
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

/// A running stand-in; it stops when dropped.
pub struct StandIn {
    addr: SocketAddr,
    shared: Guarded,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl StandIn {
    /// Starts a stand-in on a free port of `127.0.0.1`.
    ///
    /// # Panics
    /// When no local port can be bound (a test cannot go on then).
    pub async fn start() -> StandIn {
        let shared: Guarded = Arc::default();
        let app = Router::new()
            .route("/2/tweets", post(create_post))
            .route("/2/dm_conversations/with/{id}/messages", post(send_dm))
            .route("/media/{id}", get(media))
            .with_state(shared.clone());
        let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
            Ok(l) => l,
            Err(e) => panic!("the X stand-in cannot bind a local port: {e}"),
        };
        let addr = match listener.local_addr() {
            Ok(a) => a,
            Err(e) => panic!("the X stand-in has no local address: {e}"),
        };
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        StandIn { addr, shared, task }
    }

    /// `http://127.0.0.1:<port>`: the `api_base_url` to use.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared).requests.clone()
    }

    /// Serves `bytes` as `mime` under `id`; returns its URL (a direct message's
    /// `media_url_https`, as [`aduan_chat_core::MediaRef::id`]).
    pub fn put_media(&self, id: &str, bytes: impl Into<Bytes>, mime: &str) -> String {
        lock(&self.shared)
            .media
            .insert(id.to_owned(), (bytes.into(), mime.to_owned()));
        self.media_url(id)
    }

    /// The URL media `id` is (or would be) served at.
    pub fn media_url(&self, id: &str) -> String {
        format!("{}/media/{id}", self.base_url())
    }

    /// Answers the next `n` requests with `status` and an X problem body instead.
    pub fn fail_next(&self, status: u16, n: usize) {
        lock(&self.shared)
            .failures
            .extend(std::iter::repeat_n(status, n));
    }
}

/// Records the request; gives the status of the failure queued, or 401 without a bearer
/// token, else a fresh id.
fn record(
    shared: &Guarded,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<u64, u16> {
    let text = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let authorization = text(header::AUTHORIZATION);
    let mut s = lock(shared);
    s.requests.push(RecordedRequest {
        method: method.to_string(),
        path: uri.path().to_owned(),
        query: uri.query().map(str::to_owned),
        authorization: authorization.clone(),
        content_type: text(header::CONTENT_TYPE),
        body: body.clone(),
        json: serde_json::from_slice(body).ok(),
    });
    if !s.failures.is_empty() {
        return Err(s.failures.remove(0));
    }
    if !authorization.is_some_and(|a| a.starts_with("Bearer ") && a.len() > 7) {
        return Err(401);
    }
    s.next_id += 1;
    Ok(1_900_000_000_000_000_000 + s.next_id)
}

fn problem(status: u16) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let title = code.canonical_reason().unwrap_or("Error");
    let body = json!({"title": title, "detail": title, "type": "about:blank", "status": status});
    (code, axum::Json(body)).into_response()
}

async fn create_post(
    State(shared): State<Guarded>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let id = match record(&shared, &method, &uri, &headers, &body) {
        Ok(id) => id,
        Err(status) => return problem(status),
    };
    let text = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v.get("text").cloned())
        .unwrap_or(Value::Null);
    let answer = json!({"data": {"id": id.to_string(), "edit_history_tweet_ids": [id.to_string()], "text": text}});
    (StatusCode::CREATED, axum::Json(answer)).into_response()
}

async fn send_dm(
    State(shared): State<Guarded>,
    Path(participant): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let id = match record(&shared, &method, &uri, &headers, &body) {
        Ok(id) => id,
        Err(status) => return problem(status),
    };
    let answer = json!({"data": {
        "dm_conversation_id": format!("1000000001-{participant}"),
        "dm_event_id": id.to_string(),
    }});
    (StatusCode::CREATED, axum::Json(answer)).into_response()
}

async fn media(
    State(shared): State<Guarded>,
    Path(id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Err(status) = record(&shared, &method, &uri, &headers, &Bytes::new()) {
        return problem(status);
    }
    match lock(&shared).media.get(&id).cloned() {
        Some((bytes, mime)) => ([(header::CONTENT_TYPE, mime)], bytes).into_response(),
        None => problem(404),
    }
}

//! Test support: a stand-in for the Graph API endpoints the client calls, on
//! `127.0.0.1:<free port>`, recording every request it gets.
//!
//! It serves `GET /{media_id}` (media metadata with a download URL on itself),
//! `GET /download/{media_id}` (the bytes), `POST /{phone_number_id}/messages` (answers a new
//! `wamid.`) and `POST /{phone_number_id}/media` (multipart upload, answers a new media id; the
//! upload is recorded, not kept). A request without `Authorization: Bearer ...` gets 401. Not for
//! production: nothing is checked beyond the shape.

use crate::settings::WhatsAppSettings;
use axum::Router;
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::{Value, json};
use sha2_hmac::{Digest, Sha256};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

/// The access token [`StandIn::settings`] configures.
pub const STANDIN_ACCESS_TOKEN: &str = "standin-access-token";
/// The phone number id [`StandIn::settings`] configures.
pub const STANDIN_PHONE_NUMBER_ID: &str = "106540352242922";

/// One request the stand-in got.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRequest {
    /// `GET`, `POST`.
    pub method: String,
    /// The path, from `/`.
    pub path: String,
    /// The query string, when there was one.
    pub query: Option<String>,
    /// The `Authorization` header.
    pub authorization: Option<String>,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The body read as JSON; for a multipart upload, an object of its parts (text parts as
    /// strings, the file as `{file_name, content_type, size}`).
    pub json: Option<Value>,
    /// The raw body.
    pub body: Bytes,
}

#[derive(Clone)]
struct Canned {
    status: StatusCode,
    body: String,
}

#[derive(Default)]
struct Inner {
    requests: Vec<RecordedRequest>,
    media: HashMap<String, (Bytes, String)>,
    canned: VecDeque<Canned>,
    next_id: u64,
}

#[derive(Clone)]
struct Shared {
    base_url: Arc<str>,
    inner: Arc<Mutex<Inner>>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A test that panicked while holding the lock must not hide the others' results.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The running stand-in; stops when dropped.
pub struct StandIn {
    shared: Shared,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for StandIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StandIn")
            .field("base_url", &self.shared.base_url)
            .finish_non_exhaustive()
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl StandIn {
    /// Starts it on a free local port. Panics when no port can be bound (test support).
    pub async fn start() -> StandIn {
        let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
            Ok(l) => l,
            Err(e) => panic!("the WhatsApp stand-in cannot bind a local port: {e}"),
        };
        let addr = match listener.local_addr() {
            Ok(a) => a,
            Err(e) => panic!("the WhatsApp stand-in has no local address: {e}"),
        };
        let shared = Shared {
            base_url: format!("http://{addr}").into(),
            inner: Arc::default(),
        };
        let app = Router::new().fallback(handle).with_state(shared.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        StandIn { shared, task }
    }

    /// Its URL (`http://127.0.0.1:<port>`), to use as `api_base_url`.
    pub fn base_url(&self) -> String {
        self.shared.base_url.to_string()
    }

    /// Enabled settings pointing at it, with [`STANDIN_ACCESS_TOKEN`] and
    /// [`STANDIN_PHONE_NUMBER_ID`] (and test values for the webhook secrets).
    pub fn settings(&self) -> WhatsAppSettings {
        WhatsAppSettings {
            enabled: true,
            verify_token: "standin-verify-token".into(),
            app_secret: "standin-app-secret".into(),
            access_token: STANDIN_ACCESS_TOKEN.into(),
            phone_number_id: STANDIN_PHONE_NUMBER_ID.into(),
            api_base_url: self.base_url(),
            ..WhatsAppSettings::default()
        }
    }

    /// Every request so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// Makes `id` a media id whose file is `bytes` of type `mime`.
    pub fn put_media(&self, id: &str, bytes: impl Into<Bytes>, mime: &str) {
        self.shared
            .lock()
            .media
            .insert(id.to_owned(), (bytes.into(), mime.to_owned()));
    }

    /// The next `n` requests fail with `status` and a Graph error body whose code suits it
    /// (429 → 130429, 5xx → 2, 401 → 190, else 100).
    pub fn fail_next(&self, status: u16, n: usize) {
        let code = match status {
            429 => 130429,
            500..=599 => 2,
            401 => 190,
            _ => 100,
        };
        self.fail_next_with_code(status, code, n);
    }

    /// The next `n` requests fail with `status` and a Graph error of `code` (e.g. 400 with
    /// 131047, re-engagement outside the window, or 131056, pair rate limit).
    pub fn fail_next_with_code(&self, status: u16, code: i64, n: usize) {
        let body = json!({ "error": {
            "message": format!("(#{code}) stand-in error"),
            "type": "OAuthException",
            "code": code,
            "error_data": { "messaging_product": "whatsapp", "details": "stand-in" },
            "fbtrace_id": "AStandInTrace",
        }})
        .to_string();
        self.answer_next(status, &body, n);
    }

    /// The next `n` requests get `status` with `body` as it is (a malformed answer).
    pub fn answer_next(&self, status: u16, body: &str, n: usize) {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut inner = self.shared.lock();
        for _ in 0..n {
            inner.canned.push_back(Canned {
                status,
                body: body.to_owned(),
            });
        }
    }
}

fn header_string(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn graph_error(status: StatusCode, code: i64, message: &str) -> Response {
    let body = json!({ "error": {
        "message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AStandInTrace",
    }});
    (status, axum::Json(body)).into_response()
}

async fn handle(State(shared): State<Shared>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024 * 1024)
        .await
        .unwrap_or_default();
    let content_type = header_string(&parts.headers, header::CONTENT_TYPE);
    let json = match content_type.as_deref() {
        Some(ct) if ct.starts_with("multipart/form-data") => {
            let rebuilt = Request::from_parts(parts.clone(), Body::from(bytes.clone()));
            read_multipart(rebuilt).await
        }
        _ => serde_json::from_slice(&bytes).ok(),
    };
    let authorization = header_string(&parts.headers, header::AUTHORIZATION);
    let recorded = RecordedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        authorization: authorization.clone(),
        content_type,
        json: json.clone(),
        body: bytes,
    };
    let canned = {
        let mut inner = shared.lock();
        inner.requests.push(recorded);
        inner.canned.pop_front()
    };
    if let Some(c) = canned {
        return (
            c.status,
            [(header::CONTENT_TYPE, "application/json")],
            c.body,
        )
            .into_response();
    }
    if !authorization.is_some_and(|a| a.starts_with("Bearer ") && a.len() > 7) {
        return graph_error(StatusCode::UNAUTHORIZED, 190, "Invalid OAuth access token");
    }
    let segments: Vec<&str> = parts.uri.path().trim_matches('/').split('/').collect();
    match (&parts.method, segments.as_slice()) {
        (&Method::GET, ["download", id]) => download(&shared, id),
        (&Method::GET, [id]) => media_info(&shared, id),
        (&Method::POST, [_, "messages"]) => message(&shared, json),
        (&Method::POST, [_, "media"]) => upload(&shared, json),
        _ => graph_error(StatusCode::BAD_REQUEST, 100, "Unsupported request"),
    }
}

async fn read_multipart(request: Request) -> Option<Value> {
    let mut form = Multipart::from_request(request, &()).await.ok()?;
    let mut out = serde_json::Map::new();
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(str::to_owned);
        let data = field.bytes().await.ok()?;
        let value = match file_name {
            Some(file_name) => json!({
                "file_name": file_name, "content_type": content_type, "size": data.len(),
                "sha256": hex::encode(Sha256::digest(&data)),
            }),
            None => Value::String(String::from_utf8_lossy(&data).into_owned()),
        };
        out.insert(name, value);
    }
    Some(Value::Object(out))
}

fn media_info(shared: &Shared, id: &str) -> Response {
    let Some((bytes, mime)) = shared.lock().media.get(id).cloned() else {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "Unsupported get request. Object does not exist",
        );
    };
    axum::Json(json!({
        "messaging_product": "whatsapp",
        "url": format!("{}/download/{id}", shared.base_url),
        "mime_type": mime,
        "sha256": hex::encode(Sha256::digest(&bytes)),
        "file_size": bytes.len(),
        "id": id,
    }))
    .into_response()
}

fn download(shared: &Shared, id: &str) -> Response {
    match shared.lock().media.get(id).cloned() {
        Some((bytes, mime)) => {
            (StatusCode::OK, [(header::CONTENT_TYPE, mime)], bytes).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn message(shared: &Shared, json: Option<Value>) -> Response {
    let to = json
        .as_ref()
        .filter(|j| j["messaging_product"] == "whatsapp")
        .and_then(|j| j["to"].as_str().map(str::to_owned));
    let Some(to) = to else {
        return graph_error(StatusCode::BAD_REQUEST, 100, "Invalid parameter");
    };
    let id = {
        let mut inner = shared.lock();
        inner.next_id += 1;
        format!("wamid.STANDIN{:06}", inner.next_id)
    };
    axum::Json(json!({
        "messaging_product": "whatsapp",
        "contacts": [{ "input": to, "wa_id": to }],
        "messages": [{ "id": id }],
    }))
    .into_response()
}

fn upload(shared: &Shared, json: Option<Value>) -> Response {
    let ok = json
        .as_ref()
        .is_some_and(|j| j["messaging_product"] == "whatsapp" && j["file"].is_object());
    if !ok {
        return graph_error(StatusCode::BAD_REQUEST, 100, "Invalid parameter");
    }
    let id = {
        let mut inner = shared.lock();
        inner.next_id += 1;
        format!("9{:014}", inner.next_id)
    };
    axum::Json(json!({ "id": id })).into_response()
}

//! The stand-in's answers, shaped as the Bot API's.

use super::{Body, Inner, Request};
use crate::text::{CAPTION_LIMIT, TEXT_LIMIT, telegram_len};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// Answers a recorded request.
pub(super) fn route(state: &mut Inner, request: &Request) -> Response {
    if let Some(rest) = request.path.strip_prefix("/file/bot") {
        let file_path = rest.split_once('/').map(|(_, p)| p).unwrap_or_default();
        return download(state, file_path);
    }
    match request.api_method() {
        Some("getFile") => get_file(state, request),
        Some("sendMessage") => send_message(state, request),
        Some("sendPhoto") => send_photo(state, request),
        _ => error(StatusCode::NOT_FOUND, "Not Found"),
    }
}

/// The Bot API's error envelope.
pub(super) fn error(status: StatusCode, description: &str) -> Response {
    let mut body = json!({
        "ok": false,
        "error_code": status.as_u16(),
        "description": description,
    });
    if status == StatusCode::TOO_MANY_REQUESTS {
        body["parameters"] = json!({ "retry_after": 1 });
    }
    (status, axum::Json(body)).into_response()
}

/// What Telegram says with each status.
pub(super) fn describe(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "Bad Request: chat not found",
        401 => "Unauthorized",
        403 => "Forbidden: bot was blocked by the user",
        404 => "Not Found",
        429 => "Too Many Requests: retry after 1",
        500..=599 => "Internal Server Error",
        _ => "Error",
    }
}

fn ok(result: Value) -> Response {
    axum::Json(json!({ "ok": true, "result": result })).into_response()
}

fn file_path(id: &str) -> String {
    format!("files/{id}")
}

/// A parameter, from the query, the JSON body or the form, as Telegram takes them.
fn param(request: &Request, name: &str) -> Option<String> {
    if let Some(query) = &request.query {
        let url = reqwest::Url::parse(&format!("http://standin/?{query}")).ok()?;
        if let Some((_, v)) = url.query_pairs().find(|(k, _)| k == name) {
            return Some(v.into_owned());
        }
    }
    match &request.body {
        Body::Json(v) => v.get(name).map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }),
        Body::Form(_) => request
            .body
            .part(name)
            .and_then(|p| p.text())
            .map(str::to_owned),
        _ => None,
    }
}

fn get_file(state: &Inner, request: &Request) -> Response {
    let id = param(request, "file_id").unwrap_or_default();
    let Some(media) = state.media.get(&id) else {
        return error(StatusCode::BAD_REQUEST, "Bad Request: invalid file_id");
    };
    let mut result = json!({
        "file_id": id,
        "file_unique_id": format!("unique-{id}"),
        "file_path": file_path(&id),
    });
    if let Some(size) = media.reported_size {
        result["file_size"] = json!(size);
    }
    ok(result)
}

fn download(state: &Inner, path: &str) -> Response {
    let found = state
        .media
        .iter()
        .find(|(id, _)| file_path(id) == path)
        .map(|(_, m)| m);
    match found {
        Some(media) => (
            [(header::CONTENT_TYPE, media.mime.clone())],
            media.bytes.clone(),
        )
            .into_response(),
        None => error(StatusCode::NOT_FOUND, "Not Found"),
    }
}

fn message(state: &mut Inner, chat_id: &str, content: Value) -> Value {
    state.last_message_id += 1;
    let chat = chat_id
        .parse::<i64>()
        .map(Value::from)
        .unwrap_or_else(|_| Value::from(chat_id));
    let mut message = json!({
        "message_id": state.last_message_id,
        "from": { "id": 1, "is_bot": true, "first_name": "Aduan", "username": "aduan_bot" },
        "chat": { "id": chat, "type": "private" },
        "date": chrono::Utc::now().timestamp(),
    });
    if let (Value::Object(m), Value::Object(c)) = (&mut message, content) {
        m.extend(c);
    }
    message
}

fn send_message(state: &mut Inner, request: &Request) -> Response {
    let Some(chat_id) = param(request, "chat_id").filter(|c| !c.is_empty()) else {
        return error(StatusCode::BAD_REQUEST, "Bad Request: chat_id is empty");
    };
    let text = param(request, "text").unwrap_or_default();
    if text.trim().is_empty() {
        return error(
            StatusCode::BAD_REQUEST,
            "Bad Request: message text is empty",
        );
    }
    if telegram_len(&text) > TEXT_LIMIT {
        return error(StatusCode::BAD_REQUEST, "Bad Request: message is too long");
    }
    ok(message(state, &chat_id, json!({ "text": text })))
}

fn send_photo(state: &mut Inner, request: &Request) -> Response {
    let Some(chat_id) = param(request, "chat_id").filter(|c| !c.is_empty()) else {
        return error(StatusCode::BAD_REQUEST, "Bad Request: chat_id is empty");
    };
    let Some(photo) = request.body.part("photo").filter(|p| !p.bytes.is_empty()) else {
        return error(
            StatusCode::BAD_REQUEST,
            "Bad Request: there is no photo in the request",
        );
    };
    let caption = param(request, "caption");
    if caption
        .as_deref()
        .is_some_and(|c| telegram_len(c) > CAPTION_LIMIT)
    {
        return error(
            StatusCode::BAD_REQUEST,
            "Bad Request: message caption is too long",
        );
    }
    let id = state.last_message_id + 1;
    let mut content = json!({
        "photo": [
            { "file_id": format!("sent-{id}-s"), "file_unique_id": format!("u-{id}-s"),
              "width": 90, "height": 90, "file_size": photo.bytes.len().min(1024) },
            { "file_id": format!("sent-{id}"), "file_unique_id": format!("u-{id}"),
              "width": 1280, "height": 960, "file_size": photo.bytes.len() }
        ]
    });
    if let Some(caption) = caption {
        content["caption"] = json!(caption);
    }
    ok(message(state, &chat_id, content))
}

//! Aduan's Open311 GeoReport v2 edge under `/open311/v2/`: the discovery document, the
//! services (the active categories), the public service requests (what the public feed shows,
//! never a reporter's identity), one request, a token's request, and new requests filed by a
//! partner system with its partner key as `api_key`. Every answer comes as JSON or XML, as the
//! path's extension says (`services.json`, `services.xml`); errors come as the spec's
//! `errors` in the same format.
//!
//! Each handler turns its request into a call of [`aduan_app::open311`] and the answer into
//! [`render::Node`]s; no rule lives here. See `docs/open311.md`.

pub mod error;
pub mod render;
mod views;

use aduan_app::AppState;
use aduan_app::open311::{self as app, NewRequest, RequestQuery};
use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use error::Open311Error;
use render::{Format, answer};
use std::collections::HashMap;

/// Where the endpoints live.
pub const BASE: &str = "/open311/v2";

/// The Open311 routes, to merge into the service.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&format!("{BASE}/{{file}}"), get(get_root).post(post_root))
        .route(&format!("{BASE}/services/{{file}}"), get(get_service))
        .route(&format!("{BASE}/requests/{{file}}"), get(get_request))
        .route(&format!("{BASE}/tokens/{{file}}"), get(get_token))
}

type Params = Query<HashMap<String, String>>;

/// The stem and format of a path's last segment; an unknown extension is answered in JSON.
fn parts(file: &str) -> Result<(&str, Format), Box<Response>> {
    Format::split(file).ok_or_else(|| {
        Box::new(Open311Error::not_found("unknown format: use .json or .xml").render(Format::Json))
    })
}

fn ok(format: Format, root: &str, node: &render::Node) -> Response {
    answer(StatusCode::OK, format, root, node)
}

/// The base URL of the endpoints: `public_url`, else the request's host.
fn endpoint_url(state: &AppState, headers: &HeaderMap) -> String {
    let public = state.config.public_url.trim().trim_end_matches('/');
    if !public.is_empty() {
        return format!("{public}{BASE}");
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}{BASE}")
}

async fn get_root(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
    Query(params): Params,
) -> Response {
    let (stem, format) = match parts(&file) {
        Ok(p) => p,
        Err(res) => return *res,
    };
    let found = match stem {
        "discovery" => Ok(ok(
            format,
            "discovery",
            &views::discovery(&endpoint_url(&state, &headers)),
        )),
        "services" => app::services(&state)
            .await
            .map(|all| ok(format, "services", &views::services(&all))),
        "requests" => {
            let q = RequestQuery {
                service_request_id: params.get("service_request_id").cloned(),
                service_code: params.get("service_code").cloned(),
                start_date: params.get("start_date").cloned(),
                end_date: params.get("end_date").cloned(),
                status: params.get("status").cloned(),
            };
            app::requests(&state, &q)
                .await
                .map(|all| ok(format, "service_requests", &views::requests(&all)))
        }
        _ => return Open311Error::not_found("no such endpoint").render(format),
    };
    found.unwrap_or_else(|e| Open311Error::from(e).render(format))
}

async fn post_root(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: axum::http::HeaderMap,
    Query(params): Params,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let format = match parts(&file) {
        Ok(("requests", format)) => format,
        Ok((_, format)) => return Open311Error::not_found("no such endpoint").render(format),
        Err(res) => return *res,
    };
    let Form(fields) = match form {
        Ok(f) => f,
        Err(e) => {
            let why = format!("the body must be application/x-www-form-urlencoded: {e}");
            return Open311Error::bad_request(why).render(format);
        }
    };
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let req = NewRequest {
        // The spec sends api_key in the form; some clients put it in the query string.
        api_key: field("api_key").or_else(|| params.get("api_key").cloned()),
        service_code: field("service_code"),
        lat: field("lat"),
        long: field("long"),
        address_string: field("address_string"),
        address_id: field("address_id"),
        description: field("description"),
        email: field("email"),
        first_name: field("first_name"),
        last_name: field("last_name"),
        phone: field("phone"),
        media_url: field("media_url"),
        idempotency_key: headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    };
    match app::post_request(&state, req).await {
        Ok(posted) => ok(format, "service_requests", &views::posted(&posted)),
        Err(e) => Open311Error::from(e).render(format),
    }
}

async fn get_service(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let (code, format) = match parts(&file) {
        Ok(p) => p,
        Err(res) => return *res,
    };
    match app::service(&state, code).await {
        // No category asks for attributes, so no service has a definition.
        Ok(s) => Open311Error::not_found(format!(
            "service {} has no attributes to define (metadata is false)",
            s.service_code
        ))
        .render(format),
        Err(aduan_app::error::AppError::NotFound) => {
            Open311Error::not_found(format!("service_code {code} not found")).render(format)
        }
        Err(e) => Open311Error::from(e).render(format),
    }
}

async fn get_request(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let (id, format) = match parts(&file) {
        Ok(p) => p,
        Err(res) => return *res,
    };
    match app::request(&state, id).await {
        Ok(r) => ok(
            format,
            "service_requests",
            &views::requests(std::slice::from_ref(&r)),
        ),
        Err(aduan_app::error::AppError::NotFound) => {
            Open311Error::not_found(format!("service_request_id {id} not found")).render(format)
        }
        Err(e) => Open311Error::from(e).render(format),
    }
}

async fn get_token(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let (token, format) = match parts(&file) {
        Ok(p) => p,
        Err(res) => return *res,
    };
    match app::token(&state, token).await {
        Ok(id) => ok(format, "service_requests", &views::token(&id, token)),
        Err(aduan_app::error::AppError::NotFound) => {
            Open311Error::not_found(format!("token {token} not found")).render(format)
        }
        Err(e) => Open311Error::from(e).render(format),
    }
}

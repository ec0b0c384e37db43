//! The limit on every write of Open311 and the pages, as the API has it
//! ([`aduan_web::write_limit`]): each POST, PUT, PATCH or DELETE counted against its writer
//! before its handler runs, one past the allowance refused with 429 and `Retry-After` in the
//! surface's own form.

use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_web::write_limit::{refusal, write_of};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The largest Open311 form read to find its key (axum's own limit on a form body).
const OPEN311_FORM_LIMIT: usize = 2 * 1024 * 1024;

/// The partner key an Open311 request gives as `api_key`, in its query string or form.
fn open311_key(query: Option<&str>, form: &[u8]) -> Option<String> {
    let pairs = |raw: &[u8]| serde_urlencoded::from_bytes::<Vec<(String, String)>>(raw).ok();
    let find = |pairs: Vec<(String, String)>| {
        pairs
            .into_iter()
            .find(|(k, _)| k == "api_key")
            .map(|(_, v)| v)
    };
    pairs(form)
        .and_then(find)
        .or_else(|| pairs(query.unwrap_or_default().as_bytes()).and_then(find))
}

/// Open311's writes, refused with its error in the format the path names. Its partners give
/// their key as the form's `api_key` (the form is read here, and handed on whole), so that
/// they are counted as partners.
pub async fn open311(State(state): State<AppState>, req: Request, next: Next) -> Response {
    use aduan_open311::error::Open311Error;
    use aduan_open311::render::Format;
    let format = Format::split(req.uri().path()).map_or(Format::Json, |(_, f)| f);
    let mut write = write_of(&req);
    let req = match write.as_mut() {
        Some((headers, _)) => {
            let (parts, body) = req.into_parts();
            let Ok(form) = axum::body::to_bytes(body, OPEN311_FORM_LIMIT).await else {
                return Open311Error::from(AppError::PayloadTooLarge).render(format);
            };
            if let Some(key) = open311_key(parts.uri.query(), &form)
                && let Ok(value) = key.parse()
            {
                headers.insert(aduan_web::api::partner::API_KEY_HEADER, value);
            }
            Request::from_parts(parts, axum::body::Body::from(form))
        }
        None => req,
    };
    match refusal(&state, write).await {
        Some(e) => Open311Error::from(e).render(format),
        None => next.run(req).await,
    }
}

/// The pages' form posts, refused with the error page (inside the page kit's error layer).
pub async fn pages(State(state): State<AppState>, req: Request, next: Next) -> Response {
    match refusal(&state, write_of(&req)).await {
        Some(e) => aduan_pagekit::errors::PageError::App(e).into_response(),
        None => next.run(req).await,
    }
}

//! The limit on every write of Open311 and the pages, as the API has it
//! ([`aduan_web::write_limit`]): each POST, PUT, PATCH or DELETE counted against its writer
//! before its handler runs, one past the allowance refused with 429 and `Retry-After` in the
//! surface's own form.

use aduan_app::AppState;
use aduan_web::write_limit::{refusal, write_of};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Open311's writes, refused with its error in the format the path names.
pub async fn open311(State(state): State<AppState>, req: Request, next: Next) -> Response {
    use aduan_open311::render::Format;
    match refusal(&state, write_of(&req)).await {
        Some(e) => {
            let format = Format::split(req.uri().path()).map_or(Format::Json, |(_, f)| f);
            aduan_open311::error::Open311Error::from(e).render(format)
        }
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

//! The home page: report, track, and what the public can see.

use super::public::{FeedItem, latest_public};
use aduan_app::AppState;
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use askama::Template;
use axum::extract::State;
use axum::response::Response;

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    c: Ctx,
    items: Vec<FeedItem>,
}

/// `GET /`.
pub async fn home(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let items = latest_public(&state, 5).await?;
    render(&Home { c, items })
}

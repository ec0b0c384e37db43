//! The home page: report, track, and what the public can see.

use super::public::{FeedItem, latest_public};
use super::render;
use crate::ctx::Ctx;
use crate::errors::PageError;
use aduan_app::AppState;
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

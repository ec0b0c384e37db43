//! `GET /kelompok/{id}`: a group of reports of the same substance that one agency answered once
//! (docs/domain.md, "Recurring problems"): its public members and the answer.

use super::{FeedItem, public_items};
use aduan_app::AppState;
use aduan_app::groups::{self, GroupView};
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

#[derive(Template)]
#[template(path = "public_group.html")]
struct GroupPage {
    c: Ctx,
    group: GroupView,
    items: Vec<FeedItem>,
}

/// `GET /kelompok/{id}`: 404 unless a member is public.
pub async fn show(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (group, reports) = groups::public(&state, &id).await?;
    let items = public_items(&state, reports).await?;
    render(&GroupPage { c, group, items })
}

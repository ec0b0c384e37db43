//! `GET /kategori`: the topic tree; `GET /kategori/{id}`: one category (ids hold `/`, so the
//! route is a wildcard), its place in the tree, whether it is sensitive, and its latest public
//! reports.

use super::agencies::LATEST;
use super::{FeedItem, public_page, with_query};
use aduan_app::AppState;
use aduan_domain::CategoryId;
use aduan_domain::directory::Category;
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use aduan_store::ReportFilter;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

/// A category with its sub-categories.
#[derive(Debug)]
pub struct Node {
    /// The category.
    pub cat: Category,
    /// Its sub-categories, by id.
    pub children: Vec<Node>,
}

/// The tree under `parent` (the roots for `None`).
fn tree(all: &[Category], parent: Option<&CategoryId>) -> Vec<Node> {
    all.iter()
        .filter(|c| c.parent.as_ref() == parent)
        .map(|c| Node {
            cat: c.clone(),
            children: tree(all, Some(&c.id)),
        })
        .collect()
}

/// The nodes of a tree, depth first, with their depth; the template nests lists from it.
#[derive(Debug)]
pub struct Row {
    /// The category.
    pub cat: Category,
    /// Whether a nested list of its sub-categories follows it.
    pub opens: bool,
    /// How many nested lists end after it.
    pub closes: usize,
}

fn rows(nodes: &[Node], out: &mut Vec<Row>) {
    for node in nodes {
        out.push(Row {
            cat: node.cat.clone(),
            opens: false,
            closes: 0,
        });
        if !node.children.is_empty() {
            if let Some(last) = out.last_mut() {
                last.opens = true;
            }
            rows(&node.children, out);
            if let Some(last) = out.last_mut() {
                last.closes += 1;
            }
        }
    }
}

#[derive(Template)]
#[template(path = "public_categories.html")]
struct TreePage {
    c: Ctx,
    rows: Vec<Row>,
}

/// `GET /kategori`.
pub async fn topics(State(state): State<AppState>, c: Ctx) -> Result<Response, PageError> {
    let all = state.categories().await?;
    let mut out = Vec::with_capacity(all.len());
    rows(&tree(&all, None), &mut out);
    render(&TreePage { c, rows: out })
}

#[derive(Template)]
#[template(path = "public_category.html")]
struct CategoryPage {
    c: Ctx,
    cat: Category,
    parent: Option<Category>,
    children: Vec<Category>,
    active: bool,
    items: Vec<FeedItem>,
    feed_link: String,
}

/// `GET /kategori/{*id}`.
pub async fn category(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = CategoryId::new(id.trim_matches('/'));
    let all = state.categories().await?;
    let cat = all
        .iter()
        .find(|c| c.id == id)
        .cloned()
        .ok_or(PageError::NotFound)?;
    let parent = cat
        .parent
        .as_ref()
        .and_then(|p| all.iter().find(|c| &c.id == p).cloned());
    let children: Vec<Category> = all
        .iter()
        .filter(|c| c.parent.as_ref() == Some(&id))
        .cloned()
        .collect();
    let today = aduan_domain::workdays::Zone::Wib.local_date(state.clock.now());
    let filter = ReportFilter {
        category: Some(id.clone()),
        ..ReportFilter::default()
    };
    let (items, _) = public_page(&state, &filter, None, LATEST).await?;
    render(&CategoryPage {
        feed_link: with_query("/laporan", &[("category", id.as_str())]),
        active: cat.is_active(today),
        cat,
        parent,
        children,
        items,
        c,
    })
}

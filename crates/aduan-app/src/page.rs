//! The one shape of every list the API answers: `{"items": [...], "next_cursor": ...}`.
//!
//! A client reads every list the same way: take `items`, and while `next_cursor` is a string,
//! ask again with `cursor=<next_cursor>`. Lists that can grow without bound (reports,
//! agencies) are cut into pages; lists bounded by nature (a report's history and files, the
//! categories, a year's holidays) come whole, with `next_cursor` null, so that a client written
//! for paging needs no special case and a later switch to paging breaks nobody.

use serde::Serialize;
use utoipa::openapi::{ObjectBuilder, RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

/// A page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    /// The items of this page, in the list's order.
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// A list that comes whole: every item, no next page.
    pub fn whole(items: Vec<T>) -> Self {
        Self {
            items,
            next_cursor: None,
        }
    }
}

/// An item the document describes only as a JSON object (a directory record whose type lives
/// in the domain crate, which knows nothing of OpenAPI).
pub struct AnyObject;

impl PartialSchema for AnyObject {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new().into()
    }
}

impl ToSchema for AnyObject {}

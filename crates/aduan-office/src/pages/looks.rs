//! `/kantor/identitas-dilihat` (national admin): who looked at reporters' identities, per
//! report (`?laporan=ID`) or per staff account (`?akun=ID`), newest first, through
//! [`aduan_app::reports::looks`]. The page names staff and reports, never a reporter.

use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_app::reports::looks::{self, LookView, LooksQuery};
use aduan_pagekit::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

/// Whose looks, and the page.
#[derive(Debug, Default, Deserialize)]
pub struct Params {
    #[serde(default)]
    laporan: Option<String>,
    #[serde(default)]
    akun: Option<i64>,
    #[serde(default)]
    sebelum: Option<i64>,
}

#[derive(Template)]
#[template(path = "office_looks.html")]
struct LooksPage {
    c: Ctx,
    /// `laporan=ID` or `akun=ID`, for the next page's link.
    of: String,
    /// The heading: the report's tracking id or the account's name.
    subject: String,
    by_report: bool,
    rows: Vec<LookView>,
    next: Option<i64>,
}

/// `GET /kantor/identitas-dilihat`.
pub async fn page(
    State(state): State<AppState>,
    s: StaffCtx,
    Query(q): Query<Params>,
) -> Result<Response, PageError> {
    if !s.is_national() {
        return Err(PageError::Forbidden);
    }
    let (query, of, by_report) = match (q.laporan, q.akun) {
        (Some(id), None) => {
            let of = format!("laporan={}", id.trim());
            (LooksQuery::Report(id), of, true)
        }
        (None, Some(id)) => (LooksQuery::User(id), format!("akun={id}"), false),
        _ => return Err(PageError::NotFound),
    };
    let page = looks::list(&state, &s.caller(), &query, q.sebelum).await?;
    render(&LooksPage {
        c: s.c,
        of,
        subject: page.subject,
        by_report,
        rows: page.items,
        next: page.next_before,
    })
}

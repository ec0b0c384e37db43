//! The page kit: everything a server-rendered page of Aduan needs that is not the page itself,
//! shared by the citizens' portal and the back office as peers.
//!
//! - [`Ctx`]: what a page knows about its request (language, CSRF token, account, path);
//! - [`csrf`]: the token cookie and the [`csrf::Form`] extractor that checks it;
//! - [`errors`]: [`errors::PageError`], the localized error pages and the not-found page;
//! - [`security`]: the security headers and the refusal of cross-site posts;
//! - [`routes`]: the pages' route table, who may use each route, and its gate;
//! - the layout (`templates/base.html`, `templates/error.html`) and the assets it loads
//!   ([`assets`]: stylesheet, script, icons, manifest, service worker);
//! - [`render`], the form helpers ([`fields`]: an API field error as a form field's message)
//!   and the select options ([`options`], [`choices`]).
//!
//! Its one job: pages look, speak and protect themselves the same wherever they live. It
//! assembles no service (`aduan-server` does).

pub mod assets;
pub mod choices;
pub mod csrf;
pub mod ctx;
pub mod errors;
pub mod fields;
pub mod options;
pub mod routes;
pub mod security;

pub use csrf::CSRF_COOKIE;
pub use ctx::{Ctx, LANG_COOKIE};

use axum::response::{Html, IntoResponse, Response};
use errors::PageError;

/// Renders a template into a response.
pub fn render<T: askama::Template>(page: &T) -> Result<Response, PageError> {
    Ok(Html(page.render()?).into_response())
}

//! Aduan's citizens' portal: server-rendered HTML pages (askama templates, every string from
//! the `aduan-i18n` catalogue) that work without JavaScript, with a little progressive
//! enhancement and an installable web app. The pages act through the same use cases and rules
//! as the JSON API, so a report filed here is the one the API shows.
//!
//! [`routes`] are the portal's pages. Their layout, language, CSRF protection, error pages and
//! security headers come from the page kit (`aduan-pagekit`), which the back office shares;
//! `aduan-server` puts the pages, the back office and the API together into the service.

mod pages;

pub use pages::routes;

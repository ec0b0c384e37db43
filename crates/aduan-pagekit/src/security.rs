//! Headers every response carries, and the refusal of cross-site form posts.

use aduan_app::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Only this origin's scripts, styles, images and forms; no framing, no plugins.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; \
manifest-src 'self'; worker-src 'self'; form-action 'self'; frame-ancestors 'none'; \
base-uri 'none'; object-src 'none'";

/// HSTS for a service reached over HTTPS (`public_url`): a year, for this host only (other
/// hosts of the same domain belong to other services).
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// The name prefix of the cookies that hold a report's access code.
pub const ACCESS_COOKIE_PREFIX: &str = "aduan_kode_";

/// Adds the security headers to every response, and keeps private answers out of caches.
pub async fn headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let private_path =
        path.starts_with("/api/") || path == "/kantor" || path.starts_with("/kantor/");
    let private = private_path || holds_credentials(req.headers());
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // Every answer to a logged-in user, an access-code holder, the back office or the API
    // may carry a report, an identity or a code: no browser or proxy cache may keep it. Only
    // static files, marked public by their handler, stay cacheable.
    let public_static = h
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("public"));
    if (private || sets_credentials(h)) && !public_static {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.config.https() {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        );
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("geolocation=(self), camera=(self), microphone=()"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    res
}

/// Whether a request carries a session (cookie or bearer token) or an access code (header
/// or a report's cookie).
fn holds_credentials(h: &HeaderMap) -> bool {
    if h.contains_key(header::AUTHORIZATION) || h.contains_key(aduan_app::auth::ACCESS_CODE_HEADER)
    {
        return true;
    }
    h.get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split('=').next())
        .any(|name| {
            name == aduan_app::auth::SESSION_COOKIE || name.starts_with(ACCESS_COOKIE_PREFIX)
        })
}

/// Whether a response hands out a session or an access code (login, a new report's page).
fn sets_credentials(h: &HeaderMap) -> bool {
    h.get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| {
            c.starts_with(ACCESS_COOKIE_PREFIX)
                || c.split('=').next() == Some(aduan_app::auth::SESSION_COOKIE)
        })
}

/// Refuses a state-changing request that a browser says came from another site (the CSRF
/// token is the main guard; this is the second).
pub async fn same_origin_posts(req: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method && is_cross_site(&req) {
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    next.run(req).await
}

fn is_cross_site(req: &Request) -> bool {
    let h = req.headers();
    if let Some(site) = h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return site == "cross-site";
    }
    let (Some(origin), Some(host)) = (
        h.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        h.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) else {
        return false;
    };
    if origin == "null" {
        return true;
    }
    let origin_host = origin.split("://").nth(1).unwrap_or(origin);
    origin_host != host
}

/// The access code this browser holds for report `tracking_id` (remembered when it opened the
/// report at `/lacak`), in the cookie only that report's pages receive.
pub fn remembered_code(headers: &axum::http::HeaderMap, tracking_id: &str) -> Option<String> {
    let name = format!("{ACCESS_COOKIE_PREFIX}{}", tracking_id.to_ascii_uppercase());
    axum_extra::extract::CookieJar::from_headers(headers)
        .get(&name)
        .map(|c| aduan_app::auth::normalise_access_code(c.value()))
        .filter(|c| !c.is_empty())
}

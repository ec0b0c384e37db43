//! Request latency per route.

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

/// The histogram's name.
pub(crate) const REQUEST_DURATION: &str = "aduan_http_request_duration_seconds";

/// The route template a request matched (`/laporan/{id}`), carried on its response.
#[derive(Debug, Clone)]
struct RouteName(String);

/// A route layer (`Router::route_layer`): names the matched route on the response, for
/// [`track_requests`] outside the router to read.
pub async fn name_route(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned());
    let mut res = next.run(req).await;
    if let Some(route) = route {
        res.extensions_mut().insert(RouteName(route));
    }
    res
}

/// The outermost layer: times each request from arrival to response and records it by
/// method, route template (`unmatched` for any path no route has, so that a scan of random
/// paths cannot grow the series) and status.
pub async fn track_requests(req: Request, next: Next) -> Response {
    let method: &'static str = match req.method().as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    };
    let started = Instant::now();
    let res = next.run(req).await;
    let route = res
        .extensions()
        .get::<RouteName>()
        .map_or_else(|| "unmatched".to_owned(), |r| r.0.clone());
    metrics::histogram!(
        REQUEST_DURATION,
        "method" => method,
        "route" => route,
        "status" => res.status().as_u16().to_string(),
    )
    .record(started.elapsed().as_secs_f64());
    res
}

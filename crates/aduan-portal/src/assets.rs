//! The portal's own static files, compiled into the binary: no asset comes from anywhere
//! else. The service worker and the manifest live at the root so that they cover the site.

use aduan_app::AppState;
use axum::Router;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

struct Asset {
    name: &'static str,
    mime: &'static str,
    bytes: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "app.css",
        mime: "text/css; charset=utf-8",
        bytes: include_bytes!("../static/app.css"),
    },
    Asset {
        name: "app.js",
        mime: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../static/app.js"),
    },
    Asset {
        name: "icon.svg",
        mime: "image/svg+xml",
        bytes: include_bytes!("../static/icon.svg"),
    },
    Asset {
        name: "icon-192.png",
        mime: "image/png",
        bytes: include_bytes!("../static/icon-192.png"),
    },
    Asset {
        name: "icon-512.png",
        mime: "image/png",
        bytes: include_bytes!("../static/icon-512.png"),
    },
];

const SERVICE_WORKER: &[u8] = include_bytes!("../static/sw.js");
const MANIFEST: &[u8] = include_bytes!("../static/manifest.webmanifest");

/// The asset routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/static/{name}", get(asset))
        .route("/sw.js", get(service_worker))
        .route("/manifest.webmanifest", get(manifest))
}

async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|a| a.name == name) {
        Some(a) => (
            [
                (header::CONTENT_TYPE, a.mime),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            a.bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn service_worker() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        SERVICE_WORKER,
    )
        .into_response()
}

async fn manifest() -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/manifest+json"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        MANIFEST,
    )
        .into_response()
}

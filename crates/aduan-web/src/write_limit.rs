//! The limit on every write of the HTTP edges: each POST, PUT, PATCH or DELETE is counted by
//! [`aduan_app::limiter::count_write`] with the credentials its headers carry (a partner's key,
//! a session token, else the client's address) before its handler runs. [`api`] is the API's
//! layer; the other surfaces (Open311, the pages) wrap [`refusal`] in their own error form.

use crate::auth::session_token;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::limiter::{ClientAddr, WriteCredentials, count_write};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, SocketAddr};

/// What counting a request needs: its headers and peer, when it is a write.
pub type Write = Option<(HeaderMap, Option<IpAddr>)>;

/// The headers and peer of `req` when it changes something (not GET, HEAD or OPTIONS).
pub fn write_of(req: &Request) -> Write {
    let read = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    (!read).then(|| (req.headers().clone(), peer))
}

/// Counts `write` against its writer; the refusal when it is past the allowance.
pub async fn refusal(state: &AppState, write: Write) -> Option<AppError> {
    let (headers, peer) = write?;
    let session = session_token(&headers);
    let partner_key = crate::api::partner::presented_key(&headers);
    let creds = WriteCredentials {
        session: session.as_deref(),
        partner_key: partner_key.as_deref(),
        client: ClientAddr::of(peer, &headers, state),
    };
    count_write(state, creds).await.err()
}

/// The API's writes, refused with its JSON error (kept by no cache).
pub async fn api(State(state): State<AppState>, req: Request, next: Next) -> Response {
    match refusal(&state, write_of(&req)).await {
        Some(e) => {
            let mut res = crate::error::ApiError(e).into_response();
            let no_store = HeaderValue::from_static("no-store");
            res.headers_mut().insert(header::CACHE_CONTROL, no_store);
            res
        }
        None => next.run(req).await,
    }
}

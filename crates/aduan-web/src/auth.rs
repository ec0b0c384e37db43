//! The extractors that turn a request's credentials into the use cases' caller: [`Auth`]
//! (session token from `Authorization: Bearer` or the session cookie, an access code from
//! `X-Access-Code`, and the client's address) and [`Client`] (the address alone).

use crate::error::ApiError;
use aduan_app::AppState;
use aduan_app::auth::{ACCESS_CODE_HEADER, Caller, SESSION_COOKIE};
use aduan_app::limiter::ClientAddr;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use std::convert::Infallible;
use std::net::SocketAddr;

/// Whoever sent the request, as [`Caller`]; a session token that names no live session is
/// refused with `unauthorized`.
#[derive(Debug, Clone)]
pub struct Auth(pub Caller);

/// The requesting client's address, through the trusted proxies.
#[derive(Debug, Clone, Copy)]
pub struct Client(pub ClientAddr);

/// The client's address of a request: its connection's peer, or the address the trusted
/// proxies in front of it forwarded.
pub fn client_of(parts: &Parts, state: &AppState) -> ClientAddr {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    ClientAddr::of(peer, &parts.headers, state)
}

/// The session token a request carries: `Authorization: Bearer`, else the session cookie.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    let bearer = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").map(|t| t.trim().to_owned()));
    match bearer {
        Some(t) => Some(t),
        None => CookieJar::from_headers(headers)
            .get(SESSION_COOKIE)
            .map(|c| c.value().to_owned()),
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        // The gate signed this request's account in already.
        if let Some(auth) = parts.extensions.get::<Auth>() {
            return Ok(auth.clone());
        }
        let token = session_token(&parts.headers);
        let code = parts
            .headers
            .get(ACCESS_CODE_HEADER)
            .and_then(|v| v.to_str().ok());
        let client = client_of(parts, state);
        Ok(Auth(
            Caller::from_credentials(state, token.as_deref(), code, client).await?,
        ))
    }
}

impl FromRequestParts<AppState> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        Ok(Client(client_of(parts, state)))
    }
}

//! Accounts over HTTP: login (setting the session cookie), logout, registration of citizens,
//! and who am I, through [`aduan_app::accounts`].

use crate::auth::{Auth, Client};
use crate::error::ApiResult;
use crate::json::ApiJson;
use aduan_app::AppState;
use aduan_app::accounts::{self, LoginRequest, LoginResponse, MeView, RegisterRequest};
use aduan_app::auth::{session_cookie, session_cookie_removal};
use aduan_app::registration::{self, ConfirmRequest, Registered};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;

/// Log in with e-mail or phone and password. Attempts are limited per account (a delay that
/// grows after a few failures; a successful login forgets them) and per client address.
#[utoipa::path(post, path = "/auth/login", extensions(("x-access" = json!(crate::api::access::PUBLIC))), tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = crate::error::ErrorBody),
        (status = 429, body = crate::error::ErrorBody, description = "too many attempts; see Retry-After")))]
pub async fn login(
    State(state): State<AppState>,
    Client(client): Client,
    jar: CookieJar,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<(CookieJar, Json<LoginResponse>)> {
    let session = accounts::login(&state, client, req).await?;
    let cookie = session_cookie(&state.config, session.token.clone());
    Ok((jar.add(cookie), Json(session)))
}

/// End the current session (token and cookie).
#[utoipa::path(post, path = "/auth/logout", extensions(("x-access" = json!(crate::api::access::ACCOUNT))), tag = "auth",
    responses((status = 204), (status = 401, body = crate::error::ErrorBody)))]
pub async fn logout(
    State(state): State<AppState>,
    Auth(caller): Auth,
    jar: CookieJar,
) -> ApiResult<(CookieJar, StatusCode)> {
    accounts::logout(&state, &caller).await?;
    Ok((jar.remove(session_cookie_removal()), StatusCode::NO_CONTENT))
}

/// Register a citizen account by confirmed address. The answer is the same whether or not the
/// e-mail address or phone number already has an account: a new one is sent a link (valid
/// for a day, once) whose token `POST /auth/confirm` turns into the account; one that has an
/// account is sent a notice instead.
#[utoipa::path(post, path = "/auth/register", extensions(("x-access" = json!(crate::api::access::PUBLIC))), tag = "auth", request_body = RegisterRequest,
    responses((status = 202, body = Registered), (status = 422, body = crate::error::ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<RegisterRequest>,
) -> ApiResult<(StatusCode, Json<Registered>)> {
    Ok((
        StatusCode::ACCEPTED,
        Json(registration::register(&state, req).await?),
    ))
}

/// Create the account a confirmation link was sent for, with the link's token and the password
/// chosen when registering: within the link's day; the link works no more after.
#[utoipa::path(post, path = "/auth/confirm", extensions(("x-access" = json!(crate::api::access::PUBLIC))), tag = "auth", request_body = ConfirmRequest,
    responses((status = 201, body = MeView), (status = 401, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn confirm(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<ConfirmRequest>,
) -> ApiResult<(StatusCode, Json<MeView>)> {
    Ok((
        StatusCode::CREATED,
        Json(registration::confirm(&state, &req.token, &req.password).await?),
    ))
}

/// The logged-in account.
#[utoipa::path(get, path = "/me", extensions(("x-access" = json!(crate::api::access::ACCOUNT))), tag = "auth",
    responses((status = 200, body = MeView), (status = 401, body = crate::error::ErrorBody)))]
pub async fn me(Auth(caller): Auth) -> ApiResult<Json<MeView>> {
    Ok(Json(MeView::from(caller.require_user()?)))
}

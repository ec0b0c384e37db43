//! `/akun/masuk` and `/akun/keluar`: logging in by e-mail or phone with the API's login (argon2,
//! the same timing for unknown accounts, disabled accounts refused), and logging out.

use super::{Empty, end_session, safe_next};
use aduan_app::AppState;
use aduan_app::accounts::LoginRequest;
use aduan_app::error::AppError;
use aduan_app::limiter::ClientAddr;
use aduan_pagekit::csrf::Form;
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

/// What the login page may be asked to show.
#[derive(Debug, Default, Deserialize)]
pub struct LoginQuery {
    /// Where to go after logging in.
    #[serde(default)]
    next: String,
    /// `baru` after a password reset.
    #[serde(default)]
    sandi: String,
    /// `baru` after a registration was confirmed.
    #[serde(default)]
    akun: String,
}

/// The login form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    /// The authenticator app's code (or a recovery code), for an account with a second factor.
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
}

#[derive(Template)]
#[template(path = "account_login.html")]
struct LoginPage {
    c: Ctx,
    /// The e-mail or phone typed (never the password).
    login: String,
    next: String,
    /// The last attempt failed (one message, whatever was wrong).
    failed: bool,
    /// Coming from a password reset.
    password_changed: bool,
    /// The account was just created from its confirmation link.
    account_created: bool,
    /// The account has a second factor: the form asks for its code too.
    need_code: bool,
}

/// `GET /akun/masuk`.
pub async fn login_page(c: Ctx, Query(q): Query<LoginQuery>) -> Result<Response, PageError> {
    if c.logged_in() {
        return Ok(Redirect::to(&safe_next(&q.next)).into_response());
    }
    render(&LoginPage {
        c,
        login: String::new(),
        next: q.next,
        failed: false,
        password_changed: q.sandi == "baru",
        account_created: q.akun == "baru",
        need_code: false,
    })
}

/// Logs in as the API does (the same limits and checks); the jar sets the session cookie,
/// the one the API reads too.
pub async fn start_session(
    state: &AppState,
    client: ClientAddr,
    login: String,
    password: String,
    code: Option<String>,
) -> Result<CookieJar, AppError> {
    let req = LoginRequest {
        login,
        password,
        code,
    };
    let session = aduan_app::accounts::login(state, client, req).await?;
    let cookie = aduan_app::auth::session_cookie(&state.config, session.token);
    Ok(CookieJar::new().add(cookie))
}

/// `POST /akun/masuk`: one message for every failure, so it tells nothing about which part
/// was wrong; too many attempts show the limiter's page. An account with a second factor is
/// asked for its code once its password is right (as every two-step login does, so that
/// answer says the password was right; the attempts count on the account's limit).
pub async fn login(
    State(state): State<AppState>,
    c: Ctx,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let code = Some(form.code.trim().to_owned()).filter(|c| !c.is_empty());
    let asked = code.is_some();
    match start_session(&state, c.client, form.login.clone(), form.password, code).await {
        Ok(jar) => Ok((jar, Redirect::to(&safe_next(&form.next))).into_response()),
        Err(e @ (AppError::InvalidCredentials | AppError::SecondFactorRequired)) => {
            // The first answer for an account with a second factor asks for its code; a
            // wrong code or password after that is the one failure message.
            let need_code = asked || matches!(e, AppError::SecondFactorRequired);
            let page = render(&LoginPage {
                c,
                login: form.login,
                next: form.next,
                failed: matches!(e, AppError::InvalidCredentials),
                password_changed: false,
                account_created: false,
                need_code,
            })?;
            Ok((StatusCode::UNAUTHORIZED, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /akun/keluar`: revokes the session and forgets the cookie.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(_): Form<Empty>,
) -> Result<Response, PageError> {
    let jar = end_session(&state, &headers).await?;
    Ok((jar, Redirect::to("/")).into_response())
}

//! `/akun/lupa-sandi` and `/akun/sandi-baru`: a reset link through the outbox, valid for an
//! hour and usable once. The request page answers the same whether or not an account exists.

use super::fields::FieldErrors;
use aduan_app::AppState;
use aduan_app::accounts::{MIN_PASSWORD_CHARS, account_by_login};
use aduan_app::auth::hash_secret;
use aduan_app::error::AppError;
use aduan_app::registration::{address_of, link_message};
use aduan_domain::password::hash_password;
use aduan_i18n::Lang;
use aduan_pagekit::csrf::Form;
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use aduan_store::{Language, NewOutboxMessage, User};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Duration;
use rand::RngCore;
use serde::Deserialize;

/// How long a reset link works.
const RESET_VALID_MINUTES: i64 = 60;

/// The message template that carries a reset link.
pub const PASSWORD_RESET_TEMPLATE: &str = "password_reset";

/// `?terkirim` after a request.
#[derive(Debug, Default, Deserialize)]
pub struct ForgotQuery {
    terkirim: Option<String>,
}

/// The request form.
#[derive(Debug, Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    login: String,
}

#[derive(Template)]
#[template(path = "account_forgot.html")]
struct ForgotPage {
    c: Ctx,
    sent: bool,
}

/// `GET /akun/lupa-sandi`.
pub async fn forgot_page(c: Ctx, Query(q): Query<ForgotQuery>) -> Result<Response, PageError> {
    render(&ForgotPage {
        c,
        sent: q.terkirim.is_some(),
    })
}

/// The outbox message carrying `token` to the account's e-mail (else its phone by SMS).
fn reset_message(
    state: &AppState,
    user: &User,
    token: &str,
    lang: Lang,
    expires_at: chrono::DateTime<chrono::Utc>,
) -> Option<NewOutboxMessage> {
    let to = address_of(user.email.as_deref(), user.phone.as_deref())?;
    let language = match lang {
        Lang::Id => Language::Id,
        Lang::En => Language::En,
    };
    Some(link_message(
        state,
        PASSWORD_RESET_TEMPLATE,
        to,
        "/akun/sandi-baru",
        token,
        language,
        expires_at,
    ))
}

/// `POST /akun/lupa-sandi`: when an active account matches, a reset link goes through the
/// outbox; the answer is the same either way.
pub async fn forgot(
    State(state): State<AppState>,
    c: Ctx,
    Form(form): Form<ForgotForm>,
) -> Result<Response, PageError> {
    if let Some(user) = account_by_login(&state, &form.login)
        .await?
        .filter(|u| !u.disabled)
    {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let token = hex::encode(bytes);
        let token_hash = hash_secret(&token);
        let now = state.clock.now();
        let expires_at = now + Duration::minutes(RESET_VALID_MINUTES);
        if let Some(message) = reset_message(&state, &user, &token, c.tr.lang, expires_at) {
            state
                .store
                .create_password_reset(user.id, &token_hash, expires_at, &message, now)
                .await?;
        }
    }
    Ok(Redirect::to("/akun/lupa-sandi?terkirim=1").into_response())
}

/// The token of a reset link.
#[derive(Debug, Default, Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// The new-password form.
#[derive(Debug, Deserialize)]
pub struct NewPasswordForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password2: String,
}

#[derive(Template)]
#[template(path = "account_reset.html")]
struct NewPasswordPage {
    c: Ctx,
    token: String,
    errors: FieldErrors,
    /// The link was unknown, used or expired.
    invalid: bool,
}

/// `GET /akun/sandi-baru?token=…`.
pub async fn new_password_page(c: Ctx, Query(q): Query<TokenQuery>) -> Result<Response, PageError> {
    render(&NewPasswordPage {
        c,
        invalid: q.token.is_empty(),
        token: q.token,
        errors: FieldErrors::default(),
    })
}

/// `POST /akun/sandi-baru`: sets the password once per link; every session of the account
/// ends.
pub async fn new_password(
    State(state): State<AppState>,
    c: Ctx,
    Form(form): Form<NewPasswordForm>,
) -> Result<Response, PageError> {
    let mut errors = FieldErrors::default();
    if form.password.chars().count() < MIN_PASSWORD_CHARS {
        errors.add("password", "account-error-password-short");
    }
    if form.password != form.password2 {
        errors.add("password2", "account-error-password-mismatch");
    }
    let mut invalid = form.token.is_empty();
    if errors.is_empty() && !invalid {
        let password = form.password;
        let hash = tokio::task::spawn_blocking(move || hash_password(&password, &mut rand::rng()))
            .await
            .map_err(|e| AppError::Internal(Box::new(e)))?
            .map_err(|e| AppError::Internal(Box::new(e)))?;
        let used = state
            .store
            .consume_password_reset(&hash_secret(&form.token), &hash, state.clock.now())
            .await?;
        if used.is_some() {
            return Ok(Redirect::to("/akun/masuk?sandi=baru").into_response());
        }
        invalid = true;
    }
    let page = render(&NewPasswordPage {
        c,
        token: form.token,
        errors,
        invalid,
    })?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

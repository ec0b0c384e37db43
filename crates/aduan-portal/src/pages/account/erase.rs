//! `/akun/hapus`: a citizen erases their identity (UU 27/2022). The reports stay, anonymised;
//! the account is closed; it cannot be undone. The password is asked again first.

use super::end_session;
use super::fields::FieldErrors;
use super::require_user;
use aduan_app::AppState;
use aduan_domain::password::verify_password;
use aduan_pagekit::csrf::Form;
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The confirmation form.
#[derive(Debug, Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    password: String,
}

#[derive(Template)]
#[template(path = "account_erase.html")]
struct ErasePage {
    c: Ctx,
    /// The identity is gone (the confirmation).
    done: bool,
    errors: FieldErrors,
}

/// `GET /akun/terhapus`: the confirmation, once the identity is erased and the session ended
/// (it names nobody, so anyone may open it).
pub async fn erased_page(c: Ctx) -> Result<Response, PageError> {
    render(&ErasePage {
        c,
        done: true,
        errors: FieldErrors::default(),
    })
}

/// `GET /akun/hapus`: the explanation and the form.
pub async fn erase_page(c: Ctx) -> Result<Response, PageError> {
    let user = match require_user(&c) {
        Ok(u) => u,
        Err(redirect) => return Ok(redirect.into_response()),
    };
    if user.staff_role().is_some() {
        return Err(PageError::Forbidden);
    }
    render(&ErasePage {
        c,
        done: false,
        errors: FieldErrors::default(),
    })
}

/// `POST /akun/hapus`: with the right password, erases the identity, ends the session and
/// shows the confirmation.
pub async fn erase(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    Form(form): Form<EraseForm>,
) -> Result<Response, PageError> {
    let user = match require_user(&c) {
        Ok(u) => u,
        Err(redirect) => return Ok(redirect.into_response()),
    };
    if user.staff_role().is_some() {
        return Err(PageError::Forbidden);
    }
    let hash = user.password_hash.clone().unwrap_or_default();
    let password = form.password;
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .unwrap_or(false);
    if !matches {
        let mut errors = FieldErrors::default();
        errors.add("password", "account-erase-error-password");
        let page = render(&ErasePage {
            c,
            done: false,
            errors,
        })?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    state
        .store
        .erase_user_identity(user.id, state.clock.now())
        .await?;
    let jar = end_session(&state, &headers).await?;
    Ok((jar, Redirect::to("/akun/terhapus")).into_response())
}

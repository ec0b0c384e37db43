//! `/akun/daftar`: a citizen registers with the API's rules, and is logged in at once.

use super::fields::FieldErrors;
use super::login::start_session;
use aduan_app::AppState;
use aduan_app::accounts::{RegisterRequest, validate_registration};
use aduan_app::error::AppError;
use aduan_pagekit::csrf::Form;
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The registration form as typed.
#[derive(Debug, Default, Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    nik: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password2: String,
}

#[derive(Template)]
#[template(path = "account_register.html")]
struct RegisterPage {
    c: Ctx,
    /// The values typed, passwords emptied.
    form: RegisterForm,
    errors: FieldErrors,
}

/// `GET /akun/daftar`.
pub async fn register_page(c: Ctx) -> Result<Response, PageError> {
    if c.logged_in() {
        return Ok(Redirect::to("/akun").into_response());
    }
    render(&RegisterPage {
        c,
        form: RegisterForm::default(),
        errors: FieldErrors::default(),
    })
}

fn optional(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// `POST /akun/daftar`: creates the account as the API's `register` does, then logs in.
pub async fn register(
    State(state): State<AppState>,
    c: Ctx,
    Form(mut form): Form<RegisterForm>,
) -> Result<Response, PageError> {
    let req = RegisterRequest {
        name: form.name.clone(),
        email: optional(&form.email),
        phone: optional(&form.phone),
        nik: optional(&form.nik),
        password: form.password.clone(),
    };
    let mut errors = match validate_registration(&req) {
        Ok(_) => FieldErrors::default(),
        Err(codes) => FieldErrors::from_codes(&codes),
    };
    if form.password != form.password2 {
        errors.add("password2", "account-error-password-mismatch");
    }
    if errors.is_empty() {
        let password = req.password.clone();
        match aduan_app::accounts::register(&state, req).await {
            Ok(me) => {
                let login = me.email.or(me.phone).unwrap_or_default();
                let jar = start_session(&state, c.client, login, password, None).await?;
                return Ok((jar, Redirect::to("/akun")).into_response());
            }
            Err(AppError::Validation(codes)) => errors = FieldErrors::from_codes(&codes),
            Err(other) => return Err(other.into()),
        }
    }
    form.password.clear();
    form.password2.clear();
    let page = render(&RegisterPage { c, form, errors })?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

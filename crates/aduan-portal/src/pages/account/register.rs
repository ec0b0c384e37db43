//! `/akun/daftar` and `/akun/konfirmasi`: a citizen registers with the API's rules and is told
//! to open the link sent to their address, the same whether or not it has an account; the
//! link's page creates the account, which then logs in.

use super::fields::FieldErrors;
use aduan_app::AppState;
use aduan_app::accounts::{RegisterRequest, validate_registration};
use aduan_app::error::AppError;
use aduan_app::registration;
use aduan_pagekit::csrf::Form;
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use askama::Template;
use axum::extract::{Query, State};
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
    /// Where the link went (`email` or `sms`), once registered.
    sent: Option<String>,
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
        sent: None,
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
        language: Some(c.lang().to_owned()),
    };
    let mut errors = match validate_registration(&req) {
        Ok(_) => FieldErrors::default(),
        Err(codes) => FieldErrors::from_codes(&codes),
    };
    if form.password != form.password2 {
        errors.add("password2", "account-error-password-mismatch");
    }
    if errors.is_empty() {
        match registration::register(&state, req).await {
            Ok(done) => {
                let page = RegisterPage {
                    c,
                    form: RegisterForm::default(),
                    errors,
                    sent: Some(done.sent_to),
                };
                return render(&page);
            }
            Err(AppError::Validation(codes)) => errors = FieldErrors::from_codes(&codes),
            Err(other) => return Err(other.into()),
        }
    }
    form.password.clear();
    form.password2.clear();
    let page = render(&RegisterPage {
        c,
        form,
        errors,
        sent: None,
    })?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The token of a confirmation link, and the password chosen when registering.
#[derive(Debug, Default, Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
}

#[derive(Template)]
#[template(path = "account_confirm.html")]
struct ConfirmPage {
    c: Ctx,
    token: String,
    /// The link was unknown, used or expired, or the address has an account by now.
    refused: Option<&'static str>,
    /// The password typed was not the one chosen when registering.
    wrong_password: bool,
}

/// `GET /akun/konfirmasi?token=…`: a button that creates the account (a link opened by a mail
/// scanner creates nothing).
pub async fn confirm_page(c: Ctx, Query(q): Query<ConfirmForm>) -> Result<Response, PageError> {
    let refused = q.token.is_empty().then_some("account-confirm-invalid");
    render(&ConfirmPage {
        c,
        token: q.token,
        refused,
        wrong_password: false,
    })
}

/// `POST /akun/konfirmasi`: creates the account, then the login page says it is ready.
pub async fn confirm(
    State(state): State<AppState>,
    c: Ctx,
    Form(form): Form<ConfirmForm>,
) -> Result<Response, PageError> {
    let (refused, wrong_password) =
        match registration::confirm(&state, &form.token, &form.password).await {
            Ok(_) => return Ok(Redirect::to("/akun/masuk?akun=baru").into_response()),
            Err(AppError::InvalidCredentials) => (None, true),
            Err(AppError::Validation(codes)) if codes.contains_key("email") => {
                (Some("account-error-already-registered"), false)
            }
            Err(AppError::Validation(_)) => (Some("account-confirm-invalid"), false),
            Err(other) => return Err(other.into()),
        };
    let page = render(&ConfirmPage {
        c,
        token: if wrong_password {
            form.token
        } else {
            String::new()
        },
        refused,
        wrong_password,
    })?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

//! `/akun/preferensi`: how the account hears about its reports: e-mail, SMS or both, and in
//! which language.

use super::fields::FieldErrors;
use super::require_user;
use crate::csrf::Form;
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::pages::render;
use aduan_app::AppState;
use aduan_store::{Language, Preferences};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// `?tersimpan` after saving.
#[derive(Debug, Default, Deserialize)]
pub struct PrefsQuery {
    tersimpan: Option<String>,
}

/// The form: a checkbox is absent when unticked.
#[derive(Debug, Deserialize)]
pub struct PrefsForm {
    email: Option<String>,
    sms: Option<String>,
    #[serde(default)]
    language: String,
}

#[derive(Template)]
#[template(path = "account_prefs.html")]
struct PrefsPage {
    c: Ctx,
    email: bool,
    sms: bool,
    /// `id` or `en`.
    language: &'static str,
    has_email: bool,
    has_phone: bool,
    saved: bool,
    errors: FieldErrors,
}

/// `GET /akun/preferensi`.
pub async fn prefs_page(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<PrefsQuery>,
) -> Result<Response, PageError> {
    let user = match require_user(&c) {
        Ok(u) => u,
        Err(redirect) => return Ok(redirect.into_response()),
    };
    let prefs = state.store.get_preferences(user.id).await?;
    render(&PrefsPage {
        email: prefs.email,
        sms: prefs.sms,
        language: prefs.language.as_str(),
        has_email: user.email.is_some(),
        has_phone: user.phone.is_some(),
        saved: q.tersimpan.is_some(),
        errors: FieldErrors::default(),
        c,
    })
}

/// `POST /akun/preferensi`: at least one way, and only ways the account has an address for.
pub async fn save_prefs(
    State(state): State<AppState>,
    c: Ctx,
    Form(form): Form<PrefsForm>,
) -> Result<Response, PageError> {
    let user = match require_user(&c) {
        Ok(u) => u,
        Err(redirect) => return Ok(redirect.into_response()),
    };
    let prefs = Preferences {
        email: form.email.is_some(),
        sms: form.sms.is_some(),
        language: Language::parse(&form.language).unwrap_or(Language::Id),
    };
    let mut errors = FieldErrors::default();
    if !prefs.email && !prefs.sms {
        errors.add("channels", "account-prefs-error-none");
    }
    if prefs.email && user.email.is_none() {
        errors.add("email", "account-prefs-error-no-email");
    }
    if prefs.sms && user.phone.is_none() {
        errors.add("sms", "account-prefs-error-no-phone");
    }
    if errors.is_empty() {
        state.store.set_preferences(user.id, &prefs).await?;
        return Ok(Redirect::to("/akun/preferensi?tersimpan=1").into_response());
    }
    let page = render(&PrefsPage {
        email: prefs.email,
        sms: prefs.sms,
        language: prefs.language.as_str(),
        has_email: user.email.is_some(),
        has_phone: user.phone.is_some(),
        saved: false,
        errors,
        c,
    })?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

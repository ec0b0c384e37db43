//! Sending the access code to the e-mail or phone given with the report (from the confirmation
//! page), and recovering access by that contact: a job offers each report a new code, sent to
//! that contact, and the page never tells whether any report matched.

use super::access;
use crate::csrf::Form;
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::pages::render;
use aduan_app::AppState;
use aduan_app::auth::{hash_secret, normalise_access_code};
use aduan_app::limiter::{self, Policy};
use aduan_app::recovery::{self, Contact, code_message};
use aduan_domain::TrackingId;
use aduan_domain::contact::{Email, PhoneNumber};
use aduan_i18n::Lang;
use aduan_store::Language;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

fn language(c: &Ctx) -> Language {
    match c.tr.lang {
        Lang::Id => Language::Id,
        Lang::En => Language::En,
    }
}

/// The send-code form on the confirmation page.
#[derive(Deserialize)]
pub struct SendForm {
    tracking_id: String,
    access_code: String,
    to: String,
}

/// `POST /lapor/kirim-kode`: only to an e-mail address or phone number given with the report
/// (anything else would let one fresh report send messages to strangers), once an hour.
pub async fn send_code(
    State(state): State<AppState>,
    c: Ctx,
    Form(form): Form<SendForm>,
) -> Result<Response, PageError> {
    let id = TrackingId::parse(form.tracking_id.trim()).map_err(|_| PageError::NotFound)?;
    let code = normalise_access_code(&form.access_code);
    let Some(reporter) = limiter::check_access_code(&state, c.client, &id, &code).await? else {
        return Err(PageError::Forbidden);
    };
    let Some(to) = Contact::parse(&form.to) else {
        return Err(PageError::BadForm);
    };
    let identity = state
        .store
        .get_identity(&reporter)
        .await?
        .unwrap_or_default();
    let own = match &to {
        Contact::Email(e) => identity
            .email
            .as_deref()
            .and_then(|x| Email::parse(x).ok())
            .is_some_and(|x| x.as_str() == e),
        Contact::Phone(p) => identity
            .phone
            .as_deref()
            .and_then(|x| PhoneNumber::parse(x).ok())
            .is_some_and(|x| x.as_str() == p),
    };
    if !own {
        return Err(PageError::Refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "confirm-send-error-contact",
        ));
    }
    limiter::hit(&state, Policy::SendCode, &id.to_string()).await?;
    let dedup = format!("{id}:code-to:{}", &hash_secret(to.channel().1)[..16]);
    let msg = code_message(
        &state,
        &to,
        language(&c),
        "access_code",
        &id,
        &form.access_code,
        dedup,
    );
    state.store.insert_outbox(&[msg], state.clock.now()).await?;
    let mut res = Redirect::to(&format!("/laporan/{id}?ok=code")).into_response();
    access::remember(&state, &mut res, &id.to_string(), &code);
    Ok(res)
}

#[derive(Template)]
#[template(path = "recover.html")]
struct RecoverPage {
    c: Ctx,
    sent: bool,
    error: Option<String>,
}

/// `GET /pulihkan`.
pub async fn form(c: Ctx) -> Result<Response, PageError> {
    render(&RecoverPage {
        c,
        sent: false,
        error: None,
    })
}

/// The recovery form.
#[derive(Deserialize)]
pub struct RecoverForm {
    contact: String,
}

/// `POST /pulihkan`: limited per contact and per address, then handed to a job
/// ([`aduan_app::recovery`]); the answer is the same whether or not the contact ever reported,
/// and no code changes until the reporter uses the new one.
pub async fn recover(
    State(state): State<AppState>,
    c: Ctx,
    Form(form): Form<RecoverForm>,
) -> Result<Response, PageError> {
    let Some(to) = Contact::parse(&form.contact) else {
        let error = Some(c.t("recover-error-contact"));
        let mut res = render(&RecoverPage {
            c,
            sent: false,
            error,
        })?;
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    };
    limiter::hit(&state, Policy::RecoveryAddress, &c.client.key()).await?;
    limiter::hit(&state, Policy::RecoveryContact, to.channel().1).await?;
    recovery::request(&state, &to, language(&c)).await?;
    render(&RecoverPage {
        c,
        sent: true,
        error: None,
    })
}

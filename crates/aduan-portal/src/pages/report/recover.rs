//! Sending the access code to an address of the reporter's choice (from the confirmation
//! page), and recovering access by the e-mail or phone given with the report: a new code goes
//! through the outbox to that contact, and the page never tells whether any report matched.

use super::access;
use crate::csrf::Form;
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::pages::render;
use aduan_domain::TrackingId;
use aduan_domain::contact::{Email, PhoneNumber};
use aduan_i18n::Lang;
use aduan_store::{Language, NewOutboxMessage, NotifyChannel, RecipientKind, StoreError};
use aduan_web::AppState;
use aduan_web::auth::{access_code, hash_secret, normalise_access_code};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

/// An address typed by a person: an e-mail address or a phone number.
enum Contact {
    Email(String),
    Phone(String),
}

impl Contact {
    fn parse(text: &str) -> Option<Contact> {
        let text = text.trim();
        if text.contains('@') {
            Email::parse(text)
                .ok()
                .map(|e| Contact::Email(e.as_str().to_owned()))
        } else {
            PhoneNumber::parse(text)
                .ok()
                .map(|p| Contact::Phone(p.as_str().to_owned()))
        }
    }

    fn channel(&self) -> (NotifyChannel, &str) {
        match self {
            Contact::Email(a) => (NotifyChannel::Email, a),
            Contact::Phone(p) => (NotifyChannel::Sms, p),
        }
    }
}

fn language(c: &Ctx) -> Language {
    match c.tr.lang {
        Lang::Id => Language::Id,
        Lang::En => Language::En,
    }
}

fn message(
    state: &AppState,
    c: &Ctx,
    to: &Contact,
    template: &str,
    id: &TrackingId,
    code: &str,
    dedup_key: String,
) -> NewOutboxMessage {
    let (channel, address) = to.channel();
    NewOutboxMessage {
        recipient_kind: RecipientKind::Address,
        recipient: address.to_owned(),
        channel,
        template: template.into(),
        language: language(c),
        payload: json!({ "tracking_id": id.to_string() }),
        secret: Some(state.deployment_key.seal(code, &dedup_key)),
        dedup_key,
    }
}

/// The send-code form on the confirmation page.
#[derive(Deserialize)]
pub struct SendForm {
    tracking_id: String,
    access_code: String,
    to: String,
}

/// `POST /lapor/kirim-kode`.
pub async fn send_code(
    State(state): State<AppState>,
    c: Ctx,
    Form(form): Form<SendForm>,
) -> Result<Response, PageError> {
    let id = TrackingId::parse(form.tracking_id.trim()).map_err(|_| PageError::NotFound)?;
    let code = normalise_access_code(&form.access_code);
    let owns = state
        .store
        .find_access_code(&hash_secret(&code))
        .await?
        .is_some_and(|(found, _)| found == id);
    if !owns {
        return Err(PageError::Forbidden);
    }
    let Some(to) = Contact::parse(&form.to) else {
        return Err(PageError::BadForm);
    };
    let dedup = format!("{id}:code-to:{}", &hash_secret(to.channel().1)[..16]);
    let msg = message(
        &state,
        &c,
        &to,
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

/// `POST /pulihkan`: for every report given with this contact, a new access code (the old
/// ones stop working) sent to that contact; at most once an hour per report.
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
    let (email, phone) = match &to {
        Contact::Email(e) => (Some(e.as_str()), None),
        Contact::Phone(p) => (None, Some(p.as_str())),
    };
    let now = state.clock.now();
    let hour = now.format("%Y%m%d%H");
    for found in state.store.reports_by_contact(email, phone, 20).await? {
        let code = access_code(&mut rand::rng());
        let dedup = format!("{}:recovery:{hour}", found.report);
        let msg = message(
            &state,
            &c,
            &to,
            "access_recovery",
            &found.report,
            &code,
            dedup,
        );
        let hash = hash_secret(&normalise_access_code(&code));
        match state
            .store
            .replace_access_code(&found.report, &found.reporter, &hash, &msg, now)
            .await
        {
            Ok(()) | Err(StoreError::Conflict { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    render(&RecoverPage {
        c,
        sent: true,
        error: None,
    })
}

//! Registration by confirmed address. Registering answers the same whether or not the address
//! already has an account, so that nobody learns who uses the service. The address written to
//! is the e-mail, else the phone: a new one is sent a link that creates the account when used
//! with the password chosen (within a day); one that has an account is sent a notice instead
//! (log in, or reset the password). An address is written to at most a few times an hour,
//! silently. The registration waits sealed with the deployment key; a phone given beside an
//! e-mail is kept only if no account has it when the link is used, and never told about.

use crate::AppState;
use crate::accounts::{MeView, RegisterRequest, ValidRegistration, account_by_login};
use crate::auth::{hash_secret, session_token};
use crate::error::{AppError, AppResult};
use aduan_domain::Role;
use aduan_domain::password::{hash_password, verify_password};
use aduan_store::{
    Language, NewOutboxMessage, NewUser, NotifyChannel, RecipientKind, SealedSecret, StoreError,
};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

/// How long a confirmation link works.
pub const CONFIRM_VALID_HOURS: i64 = 24;
/// The message that carries a confirmation link.
pub const CONFIRM_TEMPLATE: &str = "account_confirm";
/// The message to an address that already has an account.
pub const EXISTS_TEMPLATE: &str = "account_exists";
/// Where a confirmation link leads.
pub const CONFIRM_PATH: &str = "/akun/konfirmasi";

/// What registering answers, whether or not the address had an account.
#[derive(Debug, Serialize, ToSchema)]
pub struct Registered {
    /// Always `confirmation_sent`: the link (or a notice) is on its way.
    pub status: String,
    /// Where it went: `email` or `sms`.
    pub sent_to: String,
}

/// `POST /auth/confirm` body: the token of a confirmation link and the password chosen when
/// registering (so that an account registered by someone else for this address cannot be
/// activated by its owner by mistake and then used by them).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmRequest {
    /// The `token` of the link.
    pub token: String,
    /// The password chosen when registering.
    pub password: String,
}

/// A registration as it waits, sealed.
#[derive(Serialize, Deserialize)]
struct Pending {
    name: String,
    email: Option<String>,
    phone: Option<String>,
    nik: Option<String>,
    password_hash: String,
}

/// An outbox message carrying a one-time link (`path?token=…`) to an address: the token is
/// sealed in the message's secret, which is wiped once sent.
pub fn link_message(
    state: &AppState,
    template: &str,
    to: (NotifyChannel, String),
    path: &str,
    token: &str,
    language: Language,
    expires_at: DateTime<Utc>,
) -> NewOutboxMessage {
    let token_hash = hash_secret(token);
    let dedup_key = format!("{template}:{}", token_hash.get(..32).unwrap_or(&token_hash));
    NewOutboxMessage {
        recipient_kind: RecipientKind::Address,
        recipient: to.1,
        channel: to.0,
        template: template.into(),
        language,
        payload: json!({ "path": path, "expires_at": expires_at }),
        secret: Some(state.deployment_key.seal(token, &dedup_key)),
        dedup_key,
    }
}

/// The address an account (or a registration) is written to: its e-mail, else its phone.
pub fn address_of(email: Option<&str>, phone: Option<&str>) -> Option<(NotifyChannel, String)> {
    match (email, phone) {
        (Some(e), _) => Some((NotifyChannel::Email, e.to_owned())),
        (None, Some(p)) => Some((NotifyChannel::Sms, p.to_owned())),
        (None, None) => None,
    }
}

/// The sealing context of a registration kept under `token_hash`.
fn context(token_hash: &str) -> String {
    format!("registration:{token_hash}")
}

/// Registers a citizen account by confirmed address (see the module's text). Only the shape
/// of the input is refused (`validation_failed`); the answer is otherwise the same.
pub async fn register(state: &AppState, req: RegisterRequest) -> AppResult<Registered> {
    let language = match req.language.as_deref().map(str::trim) {
        None | Some("") => Language::Id,
        Some(l) => Language::parse(l).ok_or_else(|| AppError::field("language", "invalid"))?,
    };
    let ValidRegistration {
        name,
        email,
        phone,
        nik,
    } = crate::accounts::validate_registration(&req).map_err(AppError::Validation)?;
    let password = req.password;
    let password_hash =
        tokio::task::spawn_blocking(move || hash_password(&password, &mut rand::rng()))
            .await
            .map_err(|e| AppError::Internal(Box::new(e)))?
            .map_err(|e| AppError::Internal(Box::new(e)))?;
    let email = email.map(|e| e.as_str().to_owned());
    let phone = phone.map(|p| p.as_str().to_owned());
    let to = address_of(email.as_deref(), phone.as_deref())
        .ok_or_else(|| AppError::field("email", "email_or_phone_required"))?;
    let sent_to = match to.0 {
        NotifyChannel::Sms => "sms",
        _ => "email",
    };
    let answer = Registered {
        status: "confirmation_sent".into(),
        sent_to: sent_to.into(),
    };
    let now = state.clock.now();

    // A few messages an hour to one address, whatever the answer says: past them, nothing is
    // written, and the answer is the same.
    match crate::limiter::hit(state, crate::limiter::Policy::RegisterContact, &to.1).await {
        Err(AppError::RateLimited { .. }) => return Ok(answer),
        other => other?,
    }
    // An address that has an account hears so (once an hour), and nothing is kept.
    if account_by_login(state, &to.1).await?.is_some() {
        let digest = crate::auth::keyed_sha256(&state.deployment_key, &[to.1.as_bytes()]);
        let hour = now.timestamp() / 3_600;
        let message = NewOutboxMessage {
            recipient_kind: RecipientKind::Address,
            recipient: to.1,
            channel: to.0,
            template: EXISTS_TEMPLATE.into(),
            language,
            payload: json!({ "path": "/akun/lupa-sandi" }),
            secret: None,
            dedup_key: format!("{EXISTS_TEMPLATE}:{}:{hour}", hex::encode(&digest[..16])),
        };
        state.store.insert_outbox(&[message], now).await?;
        return Ok(answer);
    }

    let token = session_token(&mut rand::rng());
    let token_hash = hash_secret(&token);
    let pending = Pending {
        name,
        email,
        phone,
        nik: nik.map(|n| n.as_str().to_owned()),
        password_hash,
    };
    let plain = serde_json::to_string(&pending).map_err(|e| AppError::Internal(Box::new(e)))?;
    let sealed = state.deployment_key.seal(&plain, &context(&token_hash));
    let expires_at = now + Duration::hours(CONFIRM_VALID_HOURS);
    let message = link_message(
        state,
        CONFIRM_TEMPLATE,
        to,
        CONFIRM_PATH,
        &token,
        language,
        expires_at,
    );
    state
        .store
        .create_pending_registration(&token_hash, &sealed.0, expires_at, &message, now)
        .await?;
    Ok(answer)
}

/// Creates the account a confirmation link was sent for, given the password chosen when
/// registering: within the link's day; the link works no more once the account exists. An
/// unknown, used or expired link is refused (`token`: `invalid_or_expired`), a wrong password
/// with `invalid_credentials`; an address that got an account meanwhile is told so (`email`:
/// `already_registered`), to the person who holds it. A phone given beside an e-mail that an
/// account has by now is left out.
pub async fn confirm(state: &AppState, token: &str, password: &str) -> AppResult<MeView> {
    let token_hash = hash_secret(token.trim());
    let invalid = || AppError::field("token", "invalid_or_expired");
    let sealed = state
        .store
        .pending_registration(&token_hash, state.clock.now())
        .await?
        .ok_or_else(invalid)?;
    let plain = state
        .deployment_key
        .open(&SealedSecret(sealed), &context(&token_hash))
        .map_err(|_| invalid())?;
    let p: Pending = serde_json::from_str(&plain).map_err(|e| AppError::Internal(Box::new(e)))?;
    let (typed, hash) = (password.to_owned(), p.password_hash.clone());
    let matches = tokio::task::spawn_blocking(move || verify_password(&typed, &hash))
        .await
        .unwrap_or(false);
    if !matches {
        return Err(AppError::InvalidCredentials);
    }
    let phone = match (&p.email, p.phone) {
        (Some(_), Some(phone)) if account_by_login(state, &phone).await?.is_some() => None,
        (_, phone) => phone,
    };
    let user = NewUser {
        name: p.name,
        email: p.email,
        phone,
        nik: p.nik,
        password_hash: Some(p.password_hash),
        role: Role::Citizen,
        agency: None,
        unit: None,
        body: None,
    };
    let user = state
        .store
        .create_user(&user, "self", state.clock.now())
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => AppError::field("email", "already_registered"),
            other => other.into(),
        })?;
    state.store.forget_pending_registration(&token_hash).await?;
    Ok(MeView::from(&user))
}

//! Accounts: login, logout and registration of citizens, for the API and the portal alike.

use crate::AppState;
use crate::auth::{Caller, hash_secret, session_token};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::limiter::{self, ClientAddr, Policy};
use aduan_domain::contact::{Email, Nik, PhoneNumber};
use aduan_domain::password::{hash_password, verify_password};
use aduan_store::User;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /auth/login` body. `email` is accepted as an alias of `login`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// E-mail address or phone number.
    #[serde(alias = "email")]
    pub login: String,
    /// Password.
    pub password: String,
    /// The code of the account's authenticator app (or a recovery code), when the account has
    /// a second factor; without it such an account is answered `second_factor_required`.
    #[serde(default)]
    pub code: Option<String>,
}

/// A new session.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    /// Bearer token; also set as the `aduan_session` cookie.
    pub token: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// Whether the login passed the account's second factor.
    pub second_factor: bool,
    /// The account.
    pub user: MeView,
}

/// The logged-in account.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeView {
    /// Account id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Role.
    pub role: String,
    /// Agency scope.
    pub agency: Option<String>,
    /// Unit scope.
    pub unit: Option<String>,
    /// Oversight body.
    pub body: Option<String>,
}

impl From<&User> for MeView {
    fn from(u: &User) -> Self {
        Self {
            id: u.id.0,
            name: u.name.clone(),
            email: u.email.clone(),
            phone: u.phone.clone(),
            role: u.role.as_str().into(),
            agency: u.agency.as_ref().map(|a| a.to_string()),
            unit: u.unit.as_ref().map(|a| a.to_string()),
            body: u.body.map(|b| b.as_str().into()),
        }
    }
}

/// A real hash to verify against when the login is unknown, so timing does not tell.
static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    hash_password("no such account", &mut rand::rng()).unwrap_or_default()
});

/// Verifies a password off the async threads.
async fn password_matches(password: String, hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        verify_password(&password, hash.as_deref().unwrap_or(DUMMY_HASH.as_str()))
    })
    .await
    .unwrap_or(false)
}

/// The account an e-mail address or phone number (in any of its written forms) logs into.
pub async fn account_by_login(state: &AppState, login: &str) -> AppResult<Option<User>> {
    let login = login.trim();
    if login.is_empty() {
        return Ok(None);
    }
    if let Some(u) = state.store.find_user_by_login(login).await? {
        return Ok(Some(u));
    }
    match PhoneNumber::parse(login) {
        Ok(p) => Ok(state.store.find_user_by_login(p.as_str()).await?),
        Err(_) => Ok(None),
    }
}

/// Log in with e-mail or phone and password. Attempts are limited per account (a delay that
/// grows after a few failures; a successful login forgets them) and per client address.
/// The session's token is in the answer; an edge that uses cookies sets it as one.
pub async fn login(
    state: &AppState,
    client: ClientAddr,
    req: LoginRequest,
) -> AppResult<LoginResponse> {
    let login = req.login.trim();
    let phone = PhoneNumber::parse(login)
        .map(|p| p.as_str().to_owned())
        .ok();
    // Every attempt counts before the password is checked, so that parallel guesses cannot
    // slip past the limit; the account's key is the login as typed, normalised, so an unknown
    // account is limited (and answers) the same way as a known one.
    let account = phone.clone().unwrap_or_else(|| login.to_lowercase());
    limiter::hit(state, Policy::LoginAddress, &client.key()).await?;
    limiter::hit(state, Policy::LoginAccount, &account).await?;
    let user = account_by_login(state, login).await?;
    let hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let matches = password_matches(req.password, hash).await;
    let user = user
        .filter(|u| matches && !u.disabled)
        .ok_or(AppError::InvalidCredentials)?;
    // The second factor is asked once the password is right; its attempts count on the same
    // per-account limit, which only a full success clears.
    let second_factor = crate::second_factor::is_enabled(state, &user).await?;
    if second_factor {
        let code = req.code.as_deref().map(str::trim).filter(|c| !c.is_empty());
        let code = code.ok_or(AppError::SecondFactorRequired)?;
        if !crate::second_factor::passes(state, &user, code).await? {
            return Err(AppError::InvalidCredentials);
        }
    }
    limiter::clear(state, Policy::LoginAccount, &account).await?;
    let token = session_token(&mut rand::rng());
    let now = state.clock.now();
    let expires_at = now + Duration::hours(state.config.session_hours);
    let hash = hash_secret(&token);
    match second_factor {
        true => {
            state
                .store
                .create_session_with_second_factor(user.id, &hash, now, expires_at)
                .await?
        }
        false => {
            state
                .store
                .create_session(user.id, &hash, now, expires_at)
                .await?
        }
    }
    Ok(LoginResponse {
        token,
        expires_at,
        second_factor,
        user: MeView::from(&user),
    })
}

/// End the current session (its token; an edge that uses cookies removes its cookie).
pub async fn logout(state: &AppState, caller: &Caller) -> AppResult<()> {
    let hash = caller.token_hash.as_deref().ok_or(AppError::Unauthorized)?;
    state.store.revoke_session(hash, state.clock.now()).await?;
    Ok(())
}

/// `POST /auth/register` body: a citizen account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// Full name (1 to 120 characters, not only spaces).
    #[schema(min_length = 1, max_length = 120, pattern = r"\S")]
    pub name: String,
    /// E-mail (this and/or phone).
    #[schema(
        max_length = 254,
        pattern = r"^[ \t\r\n]*[!-?A-~]{1,64}@[!-\-/-?A-~]+(\.[!-\-/-?A-~]+)+[ \t\r\n]*$"
    )]
    pub email: Option<String>,
    /// Phone (this and/or e-mail): `08…`, `628…` or `+…`, 9 to 15 digits in international
    /// form.
    #[schema(pattern = r"^[ \t\r\n]*(\+?[1-9][0-9]{8,14}|0[0-9]{7,13})[ \t\r\n]*$")]
    pub phone: Option<String>,
    /// NIK, optional: 16 digits, a province (11–96) first and a birth date (day + 40 for
    /// women, then month) at positions 7–10.
    #[schema(
        pattern = r"^(1[1-9]|[2-8][0-9]|9[0-6])[0-9]{4}(0[1-9]|[1256][0-9]|3[01]|4[1-9]|7[01])(0[1-9]|1[0-2])[0-9]{6}$"
    )]
    pub nik: Option<String>,
    /// At least 8 characters.
    #[schema(min_length = 8)]
    pub password: String,
    /// The language of the confirmation message: `id` (the default) or `en`.
    #[serde(default)]
    #[schema(pattern = "^(id|en)$")]
    pub language: Option<String>,
}

/// The fewest characters a password may have.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// A registration that passed validation: the name trimmed, the contacts normalised.
#[derive(Debug, Clone)]
pub struct ValidRegistration {
    /// Full name.
    pub name: String,
    /// E-mail.
    pub email: Option<Email>,
    /// Phone.
    pub phone: Option<PhoneNumber>,
    /// NIK.
    pub nik: Option<Nik>,
}

/// Checks a registration as `register` does, storing nothing: every field's error code.
pub fn validate_registration(req: &RegisterRequest) -> Result<ValidRegistration, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = req.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 120 {
        errors.insert("name".into(), "required".into());
    }
    let email = req
        .email
        .as_deref()
        .filter(|e| !e.trim().is_empty())
        .map(Email::parse)
        .transpose();
    let phone = req
        .phone
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        .map(PhoneNumber::parse)
        .transpose();
    let nik = req
        .nik
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .map(Nik::parse)
        .transpose();
    for (field, result) in [
        ("email", email.as_ref().err()),
        ("phone", phone.as_ref().err()),
        ("nik", nik.as_ref().err()),
    ] {
        if let Some(e) = result {
            errors.insert(field.into(), e.code().into());
        }
    }
    let (email, phone, nik) = (
        email.ok().flatten(),
        phone.ok().flatten(),
        nik.ok().flatten(),
    );
    if email.is_none()
        && phone.is_none()
        && !errors.contains_key("email")
        && !errors.contains_key("phone")
    {
        errors.insert("email".into(), "email_or_phone_required".into());
    }
    if req.password.chars().count() < MIN_PASSWORD_CHARS {
        errors.insert("password".into(), "password_too_short".into());
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidRegistration {
        name,
        email,
        phone,
        nik,
    })
}

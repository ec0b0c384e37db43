//! Staff's second factor (TOTP, RFC 6238, with one-time recovery codes): set up, confirmed with
//! a first code, asked at every login once confirmed. The people who may request or approve the
//! reveal of an anonymous reporter's identity need a session whose login passed it
//! ([`crate::reports::reveal`]). The secret is sealed with the deployment key; recovery codes
//! are kept as hashes; a code is good once.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::limiter::{self, Policy};
use aduan_domain::second_factor::{
    TotpSecret, normalise_recovery_code, recovery_codes as new_codes,
};
use aduan_store::{User, totp_context};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An account's second factor, as its owner sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SecondFactorStatus {
    /// Confirmed: asked at every login.
    pub enabled: bool,
    /// Set up but not yet confirmed with a first code.
    pub waiting: bool,
    /// Recovery codes not yet used.
    pub recovery_codes_left: i64,
    /// Whether this session's login passed it.
    pub this_session: bool,
}

/// A second factor being set up: the secret to type or scan into an authenticator app.
#[derive(Debug, Serialize, ToSchema)]
pub struct Enrolment {
    /// The secret, base32.
    pub secret: String,
    /// The `otpauth://` link (what the QR code holds).
    pub otpauth_url: String,
}

/// New recovery codes, shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecoveryCodes {
    /// Each works once in place of a code.
    pub recovery_codes: Vec<String>,
}

/// A code from the authenticator app (or, where it says so, a recovery code).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    /// Six digits.
    pub code: String,
}

/// A staff account, or 401/403.
fn staff_user(caller: &Caller) -> AppResult<&User> {
    let user = caller.require_user()?;
    if user.staff_role().is_none() {
        return Err(AppError::Forbidden);
    }
    Ok(user)
}

/// The account's secret, opened.
fn secret_of(
    state: &AppState,
    user: &User,
    sealed: &aduan_store::SealedSecret,
) -> AppResult<TotpSecret> {
    let text = state
        .deployment_key
        .open(sealed, &totp_context(user.id))
        .map_err(|e| AppError::Internal(Box::new(e)))?;
    TotpSecret::from_base32(&text)
        .ok_or_else(|| AppError::Internal("a stored TOTP secret does not read".into()))
}

fn now_seconds(state: &AppState) -> u64 {
    u64::try_from(state.clock.now().timestamp()).unwrap_or(0)
}

/// The caller's second factor.
pub async fn status(state: &AppState, caller: &Caller) -> AppResult<SecondFactorStatus> {
    let user = staff_user(caller)?;
    let found = state.store.second_factor(user.id).await?;
    Ok(SecondFactorStatus {
        enabled: found.as_ref().is_some_and(|f| f.confirmed_at.is_some()),
        waiting: found.as_ref().is_some_and(|f| f.confirmed_at.is_none()),
        recovery_codes_left: found.map_or(0, |f| f.recovery_left),
        this_session: caller.second_factor,
    })
}

/// Whether the account has a confirmed second factor (asked at login).
pub async fn is_enabled(state: &AppState, user: &User) -> AppResult<bool> {
    Ok(state
        .store
        .second_factor(user.id)
        .await?
        .is_some_and(|f| f.confirmed_at.is_some()))
}

/// Sets up (or sets up again, while unconfirmed) the caller's second factor: a new secret.
/// A confirmed one must be removed first (409).
pub async fn begin(state: &AppState, caller: &Caller) -> AppResult<Enrolment> {
    let user = staff_user(caller)?;
    let secret = TotpSecret::generate(&mut rand::rng());
    let text = secret.to_base32();
    let sealed = state.deployment_key.seal(&text, &totp_context(user.id));
    state
        .store
        .begin_second_factor(user.id, &sealed, state.clock.now())
        .await
        .map_err(|e| match e {
            aduan_store::StoreError::Conflict { .. } => {
                AppError::Exists("the second factor is already on".into())
            }
            e => e.into(),
        })?;
    Ok(Enrolment {
        otpauth_url: secret.otpauth_url(&account_name(user)),
        secret: text,
    })
}

/// The caller's second factor waiting for its first code, to show again (the secret and its
/// link); `None` when none waits.
pub async fn waiting(state: &AppState, caller: &Caller) -> AppResult<Option<Enrolment>> {
    let user = staff_user(caller)?;
    let Some(found) = state.store.second_factor(user.id).await? else {
        return Ok(None);
    };
    if found.confirmed_at.is_some() {
        return Ok(None);
    }
    let secret = secret_of(state, user, &found.secret)?;
    Ok(Some(Enrolment {
        otpauth_url: secret.otpauth_url(&account_name(user)),
        secret: secret.to_base32(),
    }))
}

/// The account name an authenticator app shows.
fn account_name(user: &User) -> String {
    user.email
        .clone()
        .unwrap_or_else(|| format!("akun-{}", user.id))
}

/// The limiter's key of an account's code attempts outside a login.
fn attempts_key(user: &User) -> String {
    format!("second-factor:{}", user.id)
}

/// Counts a code attempt for the account, so that codes cannot be guessed (the login
/// policy's limits: a few free attempts, then a growing delay).
async fn count_attempt(state: &AppState, user: &User) -> AppResult<()> {
    limiter::hit(state, Policy::LoginAccount, &attempts_key(user)).await
}

/// Forgets the account's failed code attempts after a right one.
async fn forget_attempts(state: &AppState, user: &User) -> AppResult<()> {
    limiter::clear(state, Policy::LoginAccount, &attempts_key(user)).await
}

/// How a recovery code is kept: SHA-256 keyed by the deployment key and the account, so a
/// copy of the database alone cannot test guesses, nor one guess against every account.
fn code_hash(state: &AppState, user: &User, code: &str) -> String {
    let purpose = format!("recovery-code:{}:", user.id);
    let code = code.replace('-', "").to_uppercase();
    hex::encode(crate::auth::keyed_sha256(
        &state.deployment_key,
        &[purpose.as_bytes(), code.as_bytes()],
    ))
}

/// Confirms the waiting second factor with a first code: from now on every login asks for a
/// code, and the answer holds the recovery codes (shown once). This session does not count as
/// having passed it (it began with a password alone): the next login does. A wrong code is
/// `invalid_credentials`; with none waiting (never begun, or on already) it is `conflict`.
pub async fn confirm(state: &AppState, caller: &Caller, code: &str) -> AppResult<RecoveryCodes> {
    let user = staff_user(caller)?;
    count_attempt(state, user).await?;
    let found = state.store.second_factor(user.id).await?;
    let waiting = found
        .filter(|f| f.confirmed_at.is_none())
        .ok_or(AppError::Conflict)?;
    let secret = secret_of(state, user, &waiting.secret)?;
    let step = secret
        .matching_step(code, now_seconds(state), waiting.last_step)
        .ok_or(AppError::InvalidCredentials)?;
    let codes = new_codes(&mut rand::rng());
    let hashes: Vec<String> = codes.iter().map(|c| code_hash(state, user, c)).collect();
    let done = state
        .store
        .confirm_second_factor(user.id, step, &hashes, state.clock.now())
        .await?;
    if !done {
        return Err(AppError::Conflict);
    }
    forget_attempts(state, user).await?;
    Ok(RecoveryCodes {
        recovery_codes: codes,
    })
}

/// Whether `code` (six digits, or a recovery code) passes the account's confirmed second
/// factor now; each is good once.
pub async fn passes(state: &AppState, user: &User, code: &str) -> AppResult<bool> {
    let Some(found) = state.store.second_factor(user.id).await? else {
        return Ok(false);
    };
    if found.confirmed_at.is_none() {
        return Ok(false);
    }
    let secret = secret_of(state, user, &found.secret)?;
    if let Some(step) = secret.matching_step(code, now_seconds(state), found.last_step) {
        return Ok(state.store.use_second_factor_step(user.id, step).await?);
    }
    match normalise_recovery_code(code) {
        Some(code) => Ok(state
            .store
            .use_recovery_code(user.id, &code_hash(state, user, &code), state.clock.now())
            .await?),
        None => Ok(false),
    }
}

/// A code of the caller's confirmed second factor, checked and counted, or 401.
async fn require_code(state: &AppState, caller: &Caller, code: &str) -> AppResult<()> {
    let user = staff_user(caller)?;
    count_attempt(state, user).await?;
    if !passes(state, user, code).await? {
        return Err(AppError::InvalidCredentials);
    }
    forget_attempts(state, user).await
}

/// New recovery codes in place of the old ones, for a current code.
pub async fn renew_recovery_codes(
    state: &AppState,
    caller: &Caller,
    code: &str,
) -> AppResult<RecoveryCodes> {
    require_code(state, caller, code).await?;
    let user = staff_user(caller)?;
    let codes = new_codes(&mut rand::rng());
    let hashes: Vec<String> = codes.iter().map(|c| code_hash(state, user, c)).collect();
    state
        .store
        .replace_recovery_codes(user.id, &hashes, &user.id.to_string(), state.clock.now())
        .await?;
    Ok(RecoveryCodes {
        recovery_codes: codes,
    })
}

/// Turns the caller's second factor off, for a current code.
pub async fn remove(state: &AppState, caller: &Caller, code: &str) -> AppResult<()> {
    require_code(state, caller, code).await?;
    let user = staff_user(caller)?;
    state
        .store
        .remove_second_factor(user.id, &user.id.to_string(), state.clock.now())
        .await?;
    Ok(())
}

//! The one rate limiter of every endpoint: named policies (their limits in the `[limits]`
//! settings), counted in the database so that they hold across instances. A use case (or an
//! edge) calls [`hit`] (count this attempt), [`peek`] (refused right now?) or [`clear`] with a [`Policy`]
//! and a key; a refusal is [`AppError::RateLimited`], answered 429 with `Retry-After` and the
//! message `rate_limited` in the caller's language. Keys are hashed with the deployment key
//! before they reach the database, so it holds no address, contact or login.

mod client;
mod writes;

pub use client::{Cidr, ClientAddr, address_key, client_ip};
pub use writes::{WriteCredentials, Writer, count_write, writer};

use crate::AppState;
use crate::error::{AppError, AppResult};
use aduan_store::{LimitPolicy, LimitVerdict};
use serde::{Deserialize, Serialize};

macro_rules! policies {
    ($($(#[$doc:meta])* $variant:ident, $field:ident = $default:expr;)+) => {
        /// The limits of every policy (`[limits.<name>]` in the settings).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields, default)]
        pub struct Limits { $($(#[$doc])* pub $field: LimitPolicy,)+ }

        impl Default for Limits {
            fn default() -> Self {
                Self { $($field: $default,)+ }
            }
        }

        /// A named limit.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Policy { $($(#[$doc])* $variant,)+ }

        impl Policy {
            /// Every policy.
            pub const ALL: &'static [Policy] = &[$(Policy::$variant),+];

            /// Its name in the settings and in the stored bucket.
            pub fn name(self) -> &'static str {
                match self { $(Policy::$variant => stringify!($field),)+ }
            }

            /// Its limits.
            pub fn limits(self, limits: &Limits) -> LimitPolicy {
                match self { $(Policy::$variant => limits.$field,)+ }
            }
        }
    };
}

policies! {
    /// Logins to one account: five free attempts a day, then a delay from 2 s doubling to
    /// 15 minutes; a successful login forgets the failures.
    LoginAccount, login_account = LimitPolicy::growing(5, 86_400, 2, 900);
    /// Logins from one address (many people may share one behind a carrier's NAT).
    LoginAddress, login_address = LimitPolicy::fixed(60, 900);
    /// Wrong access codes for one report.
    AccessCodeReport, access_code_report = LimitPolicy::fixed(10, 900);
    /// Wrong access codes from one address.
    AccessCodeAddress, access_code_address = LimitPolicy::fixed(30, 900);
    /// Access recovery requests for one contact.
    RecoveryContact, recovery_contact = LimitPolicy::fixed(3, 3_600);
    /// Access recovery requests from one address.
    RecoveryAddress, recovery_address = LimitPolicy::fixed(20, 3_600);
    /// Sending a report's access code to its reporter's contact.
    SendCode, send_code = LimitPolicy::fixed(1, 3_600);
    /// Registration messages (a confirmation link, or the notice that an account exists) to
    /// one e-mail address or phone number; past it nothing is sent, and nothing is said.
    RegisterContact, register_contact = LimitPolicy::fixed(3, 3_600);
    /// Submissions without an account from one address.
    SubmitAddress, submit_address = LimitPolicy::fixed(30, 3_600);
    /// Messages from one chat or social handle (Telegram, WhatsApp, X).
    ChatSender, chat_sender = LimitPolicy::fixed(60, 600);
    /// Reports filed from one chat or social handle.
    ChatSubmit, chat_submit = LimitPolicy::fixed(10, 3_600);
    /// Writes (every POST, PUT, PATCH and DELETE of the API, Open311 and the pages) of one
    /// logged-in account.
    WriteAccount, write_account = LimitPolicy::fixed(600, 600);
    /// Writes without an account from one address (many people may share one behind a
    /// carrier's NAT: their reports are also limited by `submit_address`).
    WriteAddress, write_address = LimitPolicy::fixed(300, 600);
    /// Writes of one partner system, by its key.
    WritePartner, write_partner = LimitPolicy::fixed(6_000, 600);
}

/// The stored bucket of `key` under `policy`: the policy's name and a hash of the key keyed
/// with the deployment key.
pub fn bucket(state: &AppState, policy: Policy, key: &str) -> String {
    let digest = crate::auth::keyed_sha256(
        &state.deployment_key,
        &[policy.name().as_bytes(), &[0], key.as_bytes()],
    );
    format!("{}:{}", policy.name(), hex::encode(&digest[..16]))
}

fn verdict(v: LimitVerdict) -> AppResult<()> {
    match v {
        LimitVerdict::Allowed => Ok(()),
        LimitVerdict::Limited { retry_after } => Err(AppError::RateLimited { retry_after }),
    }
}

/// The scope of an anonymous client's idempotency keys: its address, hashed like a bucket.
pub fn client_scope(state: &AppState, client: ClientAddr) -> String {
    let hashed = bucket(state, Policy::SubmitAddress, &client.key());
    let digest = hashed.rsplit(':').next().unwrap_or_default();
    format!("client:{digest}")
}

/// Counts one attempt of `key` under `policy`; refused with [`AppError::RateLimited`].
pub async fn hit(state: &AppState, policy: Policy, key: &str) -> AppResult<()> {
    let limits = policy.limits(&state.config.limits);
    let v = state
        .store
        .hit_limit(&bucket(state, policy, key), &limits, state.clock.now())
        .await?;
    verdict(v)
}

/// One attempt of `key` under `policy`, to be counted by the store in the same transaction as
/// the write it guards (a new report): refused there with [`aduan_store::StoreError::Limited`],
/// which the use case answers as [`AppError::RateLimited`].
pub fn in_write(state: &AppState, policy: Policy, key: &str) -> aduan_store::LimitHit {
    aduan_store::LimitHit {
        bucket: bucket(state, policy, key),
        policy: policy.limits(&state.config.limits),
        at: state.clock.now(),
    }
}

/// Whether `key` is refused under `policy` now, counting nothing.
pub async fn peek(state: &AppState, policy: Policy, key: &str) -> AppResult<()> {
    let v = state
        .store
        .peek_limit(&bucket(state, policy, key), state.clock.now())
        .await?;
    verdict(v)
}

/// Forgets what `policy` counted for `key`.
pub async fn clear(state: &AppState, policy: Policy, key: &str) -> AppResult<()> {
    Ok(state.store.clear_limit(&bucket(state, policy, key)).await?)
}

/// The report and reporter an access code unlocks, checked against the wrong-code limits of
/// the report (as guessed from this address) and of the client's address: refused while either
/// is blocked, and every code that does not unlock `report` counts against both.
///
/// The report's count is kept per address so that nobody can lock a reporter out of their own
/// report by sending wrong codes for its public tracking id: a stranger's guesses block the
/// stranger, never the reporter's own device elsewhere. The address's own count caps how many
/// reports one address may guess at.
pub async fn check_access_code(
    state: &AppState,
    client: ClientAddr,
    report: &aduan_domain::TrackingId,
    code: &str,
) -> AppResult<Option<aduan_domain::ReporterId>> {
    let address = client.key();
    let report_key = format!("{report} {address}");
    peek(state, Policy::AccessCodeReport, &report_key).await?;
    peek(state, Policy::AccessCodeAddress, &address).await?;
    let hash = crate::auth::hash_secret(&crate::auth::normalise_access_code(code));
    if let Some((id, reporter)) = state.store.find_access_code(&hash).await?
        && id == *report
    {
        // A code sent by access recovery, used for the first time, ends the old one.
        state
            .store
            .promote_access_code(&hash, state.clock.now())
            .await?;
        return Ok(Some(reporter));
    }
    let on_report = hit(state, Policy::AccessCodeReport, &report_key).await;
    hit(state, Policy::AccessCodeAddress, &address).await?;
    on_report?;
    Ok(None)
}

//! The limit on every write of the HTTP edges (each POST, PUT, PATCH and DELETE of the API,
//! Open311, the portal and the back office), counted once per request before its handler runs:
//! a partner by its key, a logged-in account by its id, anyone else by their address. A key or
//! session that does not check out counts against the address, so that made-up credentials
//! buy no fresh allowance. The chat and SMS channels are limited per sender inside the channel
//! ([`Policy::ChatSender`], the SMS flood limit), since their requests all come from the
//! gateway.

use super::{ClientAddr, Policy, hit};
use crate::AppState;
use crate::error::AppResult;

/// The credentials a write carries, as its edge found them.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteCredentials<'a> {
    /// A session token (`Authorization: Bearer` or the session cookie).
    pub session: Option<&'a str>,
    /// A partner's key (`X-Api-Key`, or a bearer token that has the key's form).
    pub partner_key: Option<&'a str>,
    /// The client's address.
    pub client: ClientAddr,
}

/// Whose allowance a write is counted against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Writer {
    /// A partner, by its slug.
    Partner(String),
    /// A logged-in account, by its id.
    Account(i64),
    /// Anyone else, by their address.
    Address(String),
}

impl Writer {
    /// The policy and key this writer is counted under.
    fn bucket(&self) -> (Policy, String) {
        match self {
            Writer::Partner(slug) => (Policy::WritePartner, slug.clone()),
            Writer::Account(id) => (Policy::WriteAccount, id.to_string()),
            Writer::Address(key) => (Policy::WriteAddress, key.clone()),
        }
    }
}

/// Who is writing: the partner whose valid key it carries, else the account of its live
/// session, else its address.
pub async fn writer(state: &AppState, creds: WriteCredentials<'_>) -> AppResult<Writer> {
    if let Some(key) = creds
        .partner_key
        .filter(|k| k.trim().starts_with(crate::partners::access::KEY_PREFIX))
        && let Ok(partner) = crate::partners::access::authenticate(state, Some(key)).await
    {
        return Ok(Writer::Partner(partner.slug().to_owned()));
    }
    if let Some(token) = creds.session {
        let session = state
            .store
            .find_session(&crate::auth::hash_secret(token))
            .await?;
        if let Some(s) = session.filter(|s| s.is_live(state.clock.now())) {
            return Ok(Writer::Account(s.user.id.0));
        }
    }
    Ok(Writer::Address(creds.client.key()))
}

/// Counts one write against its writer's allowance; refused with
/// [`crate::error::AppError::RateLimited`] past it.
pub async fn count_write(state: &AppState, creds: WriteCredentials<'_>) -> AppResult<()> {
    let (policy, key) = writer(state, creds).await?.bucket();
    hit(state, policy, &key).await
}

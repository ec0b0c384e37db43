//! Registrations waiting for their address to be confirmed: an account is created only when
//! the link sent to its e-mail address or phone number is used, so that registering never
//! tells whether an address already has an account.

use crate::{NewOutboxMessage, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// The store's side of registration by confirmed address.
#[async_trait]
pub trait RegistrationStore: Send + Sync {
    /// Keeps a registration (`sealed` by the service, which alone opens it) under the hash of
    /// its link's token until `expires_at`, with the outbox message that carries the link, in
    /// one transaction; registrations that expired before `at` are forgotten in it.
    async fn create_pending_registration(
        &self,
        token_hash: &str,
        sealed: &str,
        expires_at: DateTime<Utc>,
        message: &NewOutboxMessage,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// A registration's sealed form, when its token is known and not expired at `now`.
    async fn pending_registration(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<String>>;

    /// Forgets a registration (once its account exists): its link works no more.
    async fn forget_pending_registration(&self, token_hash: &str) -> StoreResult<()>;
}

//! Keys of identities at rest: how many identities each key sealed, sealing them again with the
//! current key in batches (a rotation, or the first sealing of identities written in plain text
//! before migration 0030), and reclaiming the space of the old text afterwards.

use crate::StoreResult;
use async_trait::async_trait;

/// The audit action of a finished rotation.
pub const AUDIT_KEYS_ROTATE: &str = "keys.rotate";

/// How many identities one key sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyUse {
    /// The key's id, or `None` for identities still in plain text.
    pub key_id: Option<String>,
    /// Identities (not erased) it sealed.
    pub identities: u64,
}

/// What one batch of a rotation did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResealBatch {
    /// Where the next batch starts (an opaque cursor: reporters by id, then accounts). `None`
    /// when the batch read nothing, that is when the rotation is done.
    pub last: Option<String>,
    /// Identities read (a reporter who gave none is passed over uncounted).
    pub scanned: u64,
    /// Identities sealed again with the current key (the rest already were).
    pub resealed: u64,
}

/// The key side of the store.
#[async_trait]
pub trait KeyStore: Send + Sync {
    /// The ids of the keys this store seals and opens identities with, the current one first.
    fn keyring_ids(&self) -> Vec<String>;

    /// Identities (not erased) per sealing key, plain ones under `None`.
    async fn identity_keys(&self) -> StoreResult<Vec<KeyUse>>;

    /// Reads up to `batch` reporters after `after` (by id) and, in one transaction, seals with
    /// the current key every identity among them that is in plain text or sealed with another
    /// key, clearing the plain columns. A rotation is these batches from the start until one
    /// reads nothing; it can stop and start again at any batch.
    async fn reseal_identities(&self, after: Option<&str>, batch: u32) -> StoreResult<ResealBatch>;

    /// Seals every identity still in plain text (written before migration 0030: reporters,
    /// accounts, addresses in the outbox, chat conversations) with the current key, drops the
    /// addresses of messages already sent, and when it sealed anything compacts as
    /// [`KeyStore::compact_identities`] does. Cheap when there is nothing to seal.
    async fn seal_plain_identities(&self) -> StoreResult<u64>;

    /// A key that seals some identity but that this store's keyring does not hold, if any.
    async fn unknown_key_in_use(&self) -> StoreResult<Option<String>>;

    /// After a rotation, makes the old text unreadable from the database's files: SQLite
    /// checkpoints and truncates its WAL and rebuilds the file (deleted content is zeroed as
    /// it goes, `secure_delete`); PostgreSQL vacuums the table so the old row versions are
    /// freed (see docs/deployment.md for `VACUUM FULL`).
    async fn compact_identities(&self) -> StoreResult<()>;
}

//! A partner's keys: how one is made (`apk_` and 160 random bits in hex; only its SHA-256 is
//! kept) and how a request's key becomes a [`PartnerCaller`], with each use audited.

use crate::AppState;
use crate::error::{AppError, AppResult};
use aduan_store::Partner;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// What every key starts with.
pub const KEY_PREFIX: &str = "apk_";

/// A partner whose key was valid for this request. Only [`authenticate`] makes one.
#[derive(Debug, Clone)]
pub struct PartnerCaller {
    partner: Partner,
    key: i64,
}

impl PartnerCaller {
    /// The partner.
    pub fn partner(&self) -> &Partner {
        &self.partner
    }

    /// Its slug.
    pub fn slug(&self) -> &str {
        &self.partner.slug
    }

    /// Records this use of the key: `action` what was asked, `subject` what it concerned.
    pub(crate) async fn audit(
        &self,
        state: &AppState,
        action: &str,
        subject: &str,
    ) -> AppResult<()> {
        let at = state.clock.now();
        state
            .store
            .record_partner_use(self.key, self.slug(), action, subject, at)
            .await?;
        Ok(())
    }
}

/// A new key, its hash and its prefix (shown on lists).
pub struct NewKey {
    /// The key, shown once.
    pub key: String,
    /// Its SHA-256 in hex.
    pub hash: String,
    /// Its first characters.
    pub prefix: String,
}

/// Draws a new key.
pub fn new_key() -> NewKey {
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    let key = format!("{KEY_PREFIX}{}", hex::encode(bytes));
    NewKey {
        hash: key_hash(&key),
        prefix: key.chars().take(KEY_PREFIX.len() + 8).collect(),
        key,
    }
}

/// The stored hash of a key.
pub fn key_hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.trim().as_bytes()))
}

/// The partner whose key `presented` is; `unauthorized` for a missing, unknown, revoked or
/// expired key.
pub async fn authenticate(state: &AppState, presented: Option<&str>) -> AppResult<PartnerCaller> {
    let key = presented
        .map(str::trim)
        .filter(|k| k.starts_with(KEY_PREFIX))
        .ok_or(AppError::Unauthorized)?;
    let (stored, partner) = state
        .store
        .partner_key_by_hash(&key_hash(key))
        .await?
        .ok_or(AppError::Unauthorized)?;
    if !stored.valid_at(state.clock.now()) {
        return Err(AppError::Unauthorized);
    }
    Ok(PartnerCaller {
        partner,
        key: stored.id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_is_long_random_and_stored_only_as_its_hash() {
        let a = new_key();
        let b = new_key();
        assert_ne!(a.key, b.key);
        assert_eq!(a.key.len(), KEY_PREFIX.len() + 40);
        assert!(a.key.starts_with(&a.prefix));
        assert_eq!(a.hash, key_hash(&a.key));
        assert!(!a.hash.contains(&a.key[KEY_PREFIX.len()..]));
    }
}

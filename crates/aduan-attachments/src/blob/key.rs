//! Blob keys: safe names that cannot leave the store's root or prefix.

use super::BlobError;
use rand::Rng;

/// The name of a stored blob: one to four `/`-separated segments of ASCII letters, digits,
/// `-`, `_` and `.`, each starting with a letter or digit (so no `..`, no leading `/`, no
/// hidden files), at most 200 bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobKey(String);

impl BlobKey {
    /// Checks a key read back from storage or built by a caller.
    pub fn parse(key: &str) -> Result<BlobKey, BlobError> {
        let invalid = || BlobError::InvalidKey(key.chars().take(64).collect());
        if key.is_empty() || key.len() > 200 {
            return Err(invalid());
        }
        let segments: Vec<&str> = key.split('/').collect();
        if segments.len() > 4 {
            return Err(invalid());
        }
        for segment in segments {
            let mut chars = segment.chars();
            let starts_well = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
            let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
            if !starts_well || !rest_ok {
                return Err(invalid());
            }
        }
        Ok(BlobKey(key.to_owned()))
    }

    /// A fresh random key, `xx/<32 hex digits>`: 128 bits, fanned out over 256 directories.
    pub fn generate(rng: &mut impl Rng) -> BlobKey {
        let id: [u8; 16] = rng.random();
        let hex = hex::encode(id);
        BlobKey(format!("{}/{hex}", &hex[..2]))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for BlobKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

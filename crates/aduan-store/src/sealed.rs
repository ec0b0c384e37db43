//! Secrets at rest: the deployment key and the sealed form in which a secret (an access code in
//! an outbox message) is stored until it is delivered, when it is wiped.
//!
//! XChaCha20-Poly1305 with a random 192-bit nonce per secret; the message's dedup key is bound
//! as associated data, so a sealed secret copied into another row no longer opens.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

/// Why a key or a sealed secret was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// The key is not 32 bytes of standard base64.
    #[error("the deployment key must be 32 bytes in base64 (44 characters)")]
    BadKey,
    /// The sealed text is not in the stored format.
    #[error("the sealed secret is not in the v1 format")]
    Malformed,
    /// Wrong key, wrong message, or altered ciphertext.
    #[error("the sealed secret does not open with this key for this message")]
    Rejected,
}

/// The deployment's 256-bit key. Its `Debug` never shows it.
#[derive(Clone)]
pub struct DeploymentKey {
    key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for DeploymentKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeploymentKey([redacted])")
    }
}

impl DeploymentKey {
    /// A new random key from the operating system's generator.
    pub fn generate() -> Self {
        let key = XChaCha20Poly1305::generate_key(&mut OsRng);
        let mut bytes = Zeroizing::new([0u8; 32]);
        bytes.copy_from_slice(&key);
        Self { key: bytes }
    }

    /// A key from its standard base64 form (surrounding whitespace ignored).
    pub fn from_base64(text: &str) -> Result<Self, SealError> {
        let raw = Zeroizing::new(
            STANDARD
                .decode(text.trim())
                .map_err(|_| SealError::BadKey)?,
        );
        let mut key = Zeroizing::new([0u8; 32]);
        if raw.len() != key.len() {
            return Err(SealError::BadKey);
        }
        key.copy_from_slice(&raw);
        Ok(Self { key })
    }

    /// The key in standard base64, for writing to a key file.
    pub fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(STANDARD.encode(self.key.as_slice()))
    }

    /// The key's bytes, only to derive a key for another purpose from it (such as the key that
    /// signs reply addresses); never log, store or send them.
    pub fn bytes(&self) -> &[u8] {
        self.key.as_slice()
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(Key::from_slice(self.key.as_slice()))
    }

    /// Seals `secret` for the message whose dedup key is `context`.
    pub fn seal(&self, secret: &str, context: &str) -> SealedSecret {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let payload = Payload {
            msg: secret.as_bytes(),
            aad: context.as_bytes(),
        };
        // Encryption into a Vec fails only on a message longer than the cipher's limit
        // (256 GiB); a secret is a few dozen bytes.
        let sealed = self.cipher().encrypt(&nonce, payload).unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        SealedSecret(format!("v1.{}", URL_SAFE_NO_PAD.encode(out)))
    }

    /// Opens a secret sealed for the message whose dedup key is `context`.
    pub fn open(
        &self,
        sealed: &SealedSecret,
        context: &str,
    ) -> Result<Zeroizing<String>, SealError> {
        let body = sealed.0.strip_prefix("v1.").ok_or(SealError::Malformed)?;
        let raw = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| SealError::Malformed)?;
        if raw.len() < 24 + 16 {
            return Err(SealError::Malformed);
        }
        let (nonce, ciphertext) = raw.split_at(24);
        let payload = Payload {
            msg: ciphertext,
            aad: context.as_bytes(),
        };
        let plain = self
            .cipher()
            .decrypt(XNonce::from_slice(nonce), payload)
            .map_err(|_| SealError::Rejected)?;
        String::from_utf8(plain)
            .map(Zeroizing::new)
            .map_err(|_| SealError::Rejected)
    }
}

/// A secret as stored: `v1.` and the nonce with the ciphertext in URL-safe base64.
#[derive(Clone, PartialEq, Eq)]
pub struct SealedSecret(pub String);

impl std::fmt::Debug for SealedSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealedSecret(..)")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_for_its_message() {
        let key = DeploymentKey::generate();
        let sealed = key.seal("K7QM-2XPD-9HRT", "access_code:AB12");
        assert!(!sealed.0.contains("K7QM"));
        assert_eq!(
            key.open(&sealed, "access_code:AB12").unwrap().as_str(),
            "K7QM-2XPD-9HRT"
        );
        assert_eq!(
            key.open(&sealed, "access_code:ZZ99"),
            Err(SealError::Rejected)
        );
        assert_eq!(
            DeploymentKey::generate().open(&sealed, "access_code:AB12"),
            Err(SealError::Rejected)
        );
    }

    #[test]
    fn the_same_secret_seals_differently_each_time() {
        let key = DeploymentKey::generate();
        assert_ne!(key.seal("1234", "m"), key.seal("1234", "m"));
    }

    #[test]
    fn a_key_round_trips_through_base64_and_bad_keys_are_refused() {
        let key = DeploymentKey::generate();
        let again = DeploymentKey::from_base64(&key.to_base64()).unwrap();
        assert_eq!(again.open(&key.seal("x", "m"), "m").unwrap().as_str(), "x");
        assert_eq!(
            DeploymentKey::from_base64("c2hvcnQ=").unwrap_err(),
            SealError::BadKey
        );
        assert_eq!(
            DeploymentKey::from_base64("not base64!").unwrap_err(),
            SealError::BadKey
        );
        assert!(!format!("{key:?}").contains(key.to_base64().as_str()));
    }

    #[test]
    fn a_tampered_sealed_secret_is_rejected() {
        let key = DeploymentKey::generate();
        let SealedSecret(mut text) = key.seal("1234", "m");
        let last = text.pop().unwrap();
        text.push(if last == 'A' { 'B' } else { 'A' });
        assert!(key.open(&SealedSecret(text), "m").is_err());
        assert_eq!(
            key.open(&SealedSecret("plain".into()), "m"),
            Err(SealError::Malformed)
        );
    }
}

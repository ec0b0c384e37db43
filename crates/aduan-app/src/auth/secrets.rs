//! High-entropy secrets: session tokens and access codes, stored only as SHA-256 hashes; and
//! the digests keyed with the deployment key that stand in for a secret or a contact wherever
//! a copy of the database alone must not be able to test guesses against them.

use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub(crate) const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// SHA-256 of a secret, as hex: what the store keeps.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// SHA-256 over the deployment key and then `pieces`, in order: a digest nobody without the key
/// can make or test a guess against. Each use names its purpose in the pieces, so two uses never
/// share a digest.
pub fn keyed_sha256(key: &aduan_store::DeploymentKey, pieces: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(key.bytes());
    for piece in pieces {
        h.update(piece);
    }
    h.finalize().into()
}

/// A digest of `parts` (a chat handle, a message id) keyed with the deployment key, as the chat
/// channel keys what it stores beside the outbox and its filings: it names nobody.
pub fn chat_digest(key: &aduan_store::DeploymentKey, parts: &[&str]) -> String {
    let mut pieces: Vec<&[u8]> = vec![b"chat"];
    for p in parts {
        pieces.push(&[0]);
        pieces.push(p.as_bytes());
    }
    hex::encode(&keyed_sha256(key, &pieces)[..16])
}

/// The start of the dedup key of every answer the chat writes to `handle`
/// (`<network>:<id>`): what finds a conversation's answers in the outbox when its reporter's
/// identity is erased, without the outbox naming them.
pub fn chat_answers_prefix(key: &aduan_store::DeploymentKey, handle: &str) -> String {
    format!("chat:{}:", chat_digest(key, &[handle]))
}

/// Whether two codes are the same, in a time that does not depend on where they differ.
pub fn codes_match(expected: &str, typed: &str) -> bool {
    use subtle::ConstantTimeEq;
    expected.as_bytes().ct_eq(typed.as_bytes()).into()
}

/// A new session token: 256 random bits, `adn_` + base64url.
pub fn session_token<R: RngCore + ?Sized>(rng: &mut R) -> String {
    let mut bytes = [0u8; 32];
    rng.fill_bytes(&mut bytes);
    format!(
        "adn_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// A new access code: 16 Crockford symbols (80 bits) in four groups, easy to read aloud or
/// copy from an SMS: `7K3Q-M9XD-2TFA-8HRW`.
pub fn access_code<R: RngCore + ?Sized>(rng: &mut R) -> String {
    let mut out = String::with_capacity(19);
    for i in 0..16 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(char::from(CROCKFORD[(rng.next_u32() % 32) as usize]));
    }
    out
}

/// The canonical form of a typed access code: upper case, no separators, O→0, I/L→1.
pub fn normalise_access_code(code: &str) -> String {
    code.chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn an_access_code_typed_loosely_normalises_to_the_same_hash() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        let code = access_code(&mut rng);
        assert_eq!(code.len(), 19);
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(
            hash_secret(&normalise_access_code(&typed)),
            hash_secret(&normalise_access_code(&code))
        );
        assert_ne!(access_code(&mut rng), code);
    }

    #[test]
    fn session_tokens_are_long_and_distinct() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(4);
        let a = session_token(&mut rng);
        assert!(a.starts_with("adn_") && a.len() == 47, "{a}");
        assert_ne!(a, session_token(&mut rng));
        assert_eq!(hash_secret(&a).len(), 64);
    }
}

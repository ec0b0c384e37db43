//! Password hashing with argon2id; the salt comes from the caller's random source.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::RngCore;

/// Hashing failed (an internal error of the hasher, not a wrong password).
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct PasswordError(String);

/// Hashes a password with argon2id and a random 16-byte salt, in PHC string form.
pub fn hash_password<R: RngCore + ?Sized>(
    password: &str,
    rng: &mut R,
) -> Result<String, PasswordError> {
    let mut salt = [0u8; 16];
    rng.fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| PasswordError(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError(e.to_string()))
}

/// Whether `password` matches a PHC hash made by [`hash_password`]. A malformed hash never matches.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let mut rng = rand::rngs::SmallRng::seed_from_u64(7);
        let phc = hash_password("rahasia-sekali", &mut rng).unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify_password("rahasia-sekali", &phc));
        assert!(!verify_password("rahasia-sekal1", &phc));
        assert!(!verify_password("rahasia-sekali", "not a hash"));
    }
}

//! Temporary passwords: made here, hashed like every password, shown once to the admin who
//! created or reset the account, and never stored in the clear.

use aduan_app::error::AppError;
use aduan_domain::password::hash_password;
use aduan_portal::errors::PageError;
use rand::Rng;

/// Lower-case letters and digits that cannot be mistaken for one another when read aloud or
/// copied by hand (no `i`, `l`, `o`, `0`, `1`).
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A new temporary password: sixteen symbols of [`ALPHABET`] (about 79 bits) in four groups,
/// as `k7qm-x2dt-9vfa-8hrw`.
pub fn temporary_password() -> String {
    let mut rng = rand::rng();
    let mut out = String::with_capacity(19);
    for i in 0..16 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        let at = rng.random_range(0..ALPHABET.len());
        out.push(char::from(ALPHABET[at]));
    }
    out
}

/// The argon2id hash of `password`, computed off the async threads.
pub async fn hash(password: String) -> Result<String, PageError> {
    let hashed = tokio::task::spawn_blocking(move || hash_password(&password, &mut rand::rng()))
        .await
        .map_err(|e| AppError::Internal(Box::new(e)))?
        .map_err(|e| AppError::Internal(Box::new(e)))?;
    Ok(hashed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_password_is_long_readable_and_new_each_time() {
        let a = temporary_password();
        assert_eq!(a.len(), 19);
        assert_eq!(a.matches('-').count(), 3);
        assert!(a.bytes().all(|b| b == b'-' || ALPHABET.contains(&b)));
        assert_ne!(a, temporary_password());
    }
}

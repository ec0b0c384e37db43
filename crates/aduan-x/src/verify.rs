//! X's proofs: the CRC answer and the delivery signature, both
//! `sha256=<base64 of HMAC-SHA256 keyed with the consumer secret>`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2_hmac::Sha256;

/// The header X signs each delivery with.
pub const SIGNATURE_HEADER: &str = "x-twitter-webhooks-signature";

fn mac(secret: &[u8], message: &[u8]) -> Hmac<Sha256> {
    let mut mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC accepts keys of every length"),
    };
    mac.update(message);
    mac
}

/// `sha256=<base64 HMAC-SHA256(secret, message)>`: the form X uses for both proofs.
pub fn signature(secret: &[u8], message: &[u8]) -> String {
    format!(
        "sha256={}",
        STANDARD.encode(mac(secret, message).finalize().into_bytes())
    )
}

/// The `response_token` answering X's CRC challenge `crc_token`.
pub fn crc_response_token(consumer_secret: &str, crc_token: &str) -> String {
    signature(consumer_secret.as_bytes(), crc_token.as_bytes())
}

/// Whether `header` (the [`SIGNATURE_HEADER`] value) signs `body` with `secret`, compared in
/// constant time. An empty secret verifies nothing.
pub fn verify_signature(secret: &[u8], header: Option<&str>, body: &[u8]) -> bool {
    if secret.is_empty() {
        return false;
    }
    let Some(given) = header
        .map(str::trim)
        .and_then(|h| h.strip_prefix("sha256="))
        .and_then(|b| STANDARD.decode(b).ok())
    else {
        return false;
    };
    mac(secret, body).verify_slice(&given).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Computed independently: printf %s token | openssl dgst -sha256 -hmac secret -binary | base64
    const VECTOR: &str = "sha256=6UERDj0r/oJiHw4+FDRzDXMF0QbF9oyHFl0LJ6RhGko=";

    #[test]
    fn the_crc_answer_is_the_base64_hmac_of_the_token() {
        assert_eq!(crc_response_token("secret", "token"), VECTOR);
    }

    #[test]
    fn a_matching_signature_verifies_and_anything_else_does_not() {
        assert!(verify_signature(b"secret", Some(VECTOR), b"token"));
        assert!(verify_signature(
            b"secret",
            Some(&format!(" {VECTOR} ")),
            b"token"
        ));
        assert!(!verify_signature(b"secret", Some(VECTOR), b"token2"));
        assert!(!verify_signature(b"other", Some(VECTOR), b"token"));
        assert!(!verify_signature(b"secret", None, b"token"));
        assert!(!verify_signature(
            b"secret",
            Some("sha256=not base64!"),
            b"token"
        ));
        assert!(!verify_signature(b"secret", Some(&VECTOR[7..]), b"token"));
        assert!(!verify_signature(
            b"",
            Some(&signature(b"", b"token")),
            b"token"
        ));
    }
}

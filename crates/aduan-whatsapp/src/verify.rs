//! The two checks Meta's webhook offers: the verify token of the subscription handshake, and
//! `X-Hub-Signature-256`, the HMAC-SHA256 of each delivery's raw body with the app secret.

use hmac::{Hmac, KeyInit, Mac};
use sha2_hmac::Sha256;

/// The header carrying a delivery's signature: `sha256=<hex>`.
pub const SIGNATURE_HEADER: &str = "X-Hub-Signature-256";

fn mac(app_secret: &[u8], body: &[u8]) -> Hmac<Sha256> {
    // HMAC takes a key of any length.
    let mut mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(app_secret) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC accepts keys of every length"),
    };
    mac.update(body);
    mac
}

/// The `X-Hub-Signature-256` value Meta sends with `body`: `sha256=<lowercase hex>`.
pub fn signature(app_secret: &[u8], body: &[u8]) -> String {
    format!(
        "sha256={}",
        hex::encode(mac(app_secret, body).finalize().into_bytes())
    )
}

/// Whether `header` is the signature of `body` with `app_secret` (compared in constant time).
/// An empty secret verifies nothing.
pub fn signature_matches(app_secret: &[u8], header: Option<&str>, body: &[u8]) -> bool {
    if app_secret.is_empty() {
        return false;
    }
    let Some(given) = header
        .map(str::trim)
        .and_then(|h| h.strip_prefix("sha256="))
        .and_then(|h| hex::decode(h).ok())
    else {
        return false;
    };
    mac(app_secret, body).verify_slice(&given).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aduan_chat_core::same_secret;

    #[test]
    fn a_signature_made_with_the_secret_matches() {
        let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
        let header = signature(b"app-secret", body);
        assert!(header.starts_with("sha256="));
        assert_eq!(header.len(), "sha256=".len() + 64);
        assert!(signature_matches(b"app-secret", Some(&header), body));
        assert!(signature_matches(
            b"app-secret",
            Some(&header.to_ascii_uppercase().replace("SHA256=", "sha256=")),
            body
        ));
    }

    #[test]
    fn a_wrong_secret_body_or_format_does_not_match() {
        let body = b"{}";
        let header = signature(b"app-secret", body);
        assert!(!signature_matches(b"other", Some(&header), body));
        assert!(!signature_matches(b"app-secret", Some(&header), b"{ }"));
        assert!(!signature_matches(b"app-secret", None, body));
        assert!(!signature_matches(
            b"app-secret",
            Some(header.trim_start_matches("sha256=")),
            body
        ));
        assert!(!signature_matches(b"app-secret", Some("sha256=zz"), body));
        assert!(!signature_matches(b"", Some(&signature(b"", body)), body));
    }

    #[test]
    fn secrets_compare_equal_only_when_identical() {
        assert!(same_secret(b"token", b"token"));
        assert!(!same_secret(b"token", b"tokem"));
        assert!(!same_secret(b"token", b"token2"));
        assert!(same_secret(b"", b""));
    }
}

//! How a delivery is signed, and how a partner checks it.
//!
//! Each delivery carries `X-Aduan-Delivery` (the message's id: the same on every retry, so a
//! receiver drops repeats), `X-Aduan-Timestamp` (Unix seconds when this attempt was sent) and
//! `X-Aduan-Signature: v1=<hex>`, the HMAC-SHA256 with the partner's secret of
//! `<timestamp>.<body>`. A receiver recomputes it over the raw body, compares in constant
//! time, and refuses a timestamp more than five minutes away from its clock and a delivery id
//! it has seen: a captured request cannot be replayed later, nor altered.

use hmac::{Hmac, KeyInit, Mac};
use sha2_hmac::Sha256;

/// The delivery id header.
pub const DELIVERY_HEADER: &str = "X-Aduan-Delivery";
/// The timestamp header.
pub const TIMESTAMP_HEADER: &str = "X-Aduan-Timestamp";
/// The signature header.
pub const SIGNATURE_HEADER: &str = "X-Aduan-Signature";
/// How far a timestamp may be from the receiver's clock, in seconds.
pub const TOLERANCE_SECONDS: i64 = 300;

fn mac(secret: &[u8], timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    // HMAC takes a key of any length.
    let mut mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC accepts keys of every length"),
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The `X-Aduan-Signature` value for `body` sent at `timestamp`.
pub fn signature(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    format!(
        "v1={}",
        hex::encode(mac(secret, timestamp, body).finalize().into_bytes())
    )
}

/// Why a delivery is refused by [`verify`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The signature header is not `v1=<hex>`, or does not match.
    #[error("the signature does not match")]
    BadSignature,
    /// The timestamp is not a number, or too far from now.
    #[error("the timestamp is missing or too old")]
    Stale,
}

/// Checks a delivery as a partner would: the signature over the raw `body` and a timestamp
/// within [`TOLERANCE_SECONDS`] of `now` (Unix seconds).
pub fn verify(
    secret: &[u8],
    timestamp: &str,
    header: &str,
    body: &[u8],
    now: i64,
) -> Result<(), VerifyError> {
    let ts: i64 = timestamp.trim().parse().map_err(|_| VerifyError::Stale)?;
    if (now - ts).abs() > TOLERANCE_SECONDS {
        return Err(VerifyError::Stale);
    }
    let given = header
        .trim()
        .strip_prefix("v1=")
        .and_then(|h| hex::decode(h).ok())
        .ok_or(VerifyError::BadSignature)?;
    mac(secret, ts, body)
        .verify_slice(&given)
        .map_err(|_| VerifyError::BadSignature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_body_verifies_and_any_change_or_old_timestamp_is_refused() {
        let secret = b"whsec_test";
        let body = br#"{"tracking_id":"7K3QM9XD2T"}"#;
        let sig = signature(secret, 1_700_000_000, body);
        assert!(sig.starts_with("v1="));
        assert_eq!(
            verify(secret, "1700000000", &sig, body, 1_700_000_100),
            Ok(())
        );
        assert_eq!(
            verify(secret, "1700000000", &sig, b"{}", 1_700_000_100),
            Err(VerifyError::BadSignature)
        );
        assert_eq!(
            verify(b"other", "1700000000", &sig, body, 1_700_000_100),
            Err(VerifyError::BadSignature)
        );
        assert_eq!(
            verify(secret, "1700000001", &sig, body, 1_700_000_100),
            Err(VerifyError::BadSignature)
        );
        assert_eq!(
            verify(secret, "1700000000", &sig, body, 1_700_000_000 + 301),
            Err(VerifyError::Stale)
        );
    }

    #[test]
    fn the_signature_is_what_python_hmac_computes_over_timestamp_dot_body() {
        // python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_test',
        //   b'1700000000.{\"tracking_id\":\"7K3QM9XD2T\"}', hashlib.sha256).hexdigest())"
        assert_eq!(
            signature(
                b"whsec_test",
                1_700_000_000,
                br#"{"tracking_id":"7K3QM9XD2T"}"#
            ),
            "v1=d0c338e25c03d5cce35d157e70bb61fb1a1a9b33239a96e8b9acaf816971acff"
        );
    }
}

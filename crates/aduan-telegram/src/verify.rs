//! The webhook's only proof of origin: Telegram sends back, in a header, the `secret_token`
//! the bot gave `setWebhook`.

/// The header Telegram puts the webhook's secret in.
pub const SECRET_HEADER: &str = "X-Telegram-Bot-Api-Secret-Token";

/// Whether `given` (the header's bytes, if any) is the configured secret `expected`, compared
/// in constant time. An empty `expected` matches nothing: a bot without a secret takes no
/// deliveries.
pub fn secret_matches(expected: &str, given: Option<&[u8]>) -> bool {
    let (Some(given), false) = (given, expected.is_empty()) else {
        return false;
    };
    // The length is no secret (Telegram documents the alphabet and the range); the bytes are.
    aduan_chat_core::same_secret(expected.as_bytes(), given)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_secret_matches() {
        assert!(secret_matches("abc-123_X", Some(b"abc-123_X")));
    }

    #[test]
    fn a_different_missing_or_longer_secret_does_not_match() {
        assert!(!secret_matches("abc-123_X", Some(b"abc-123_Y")));
        assert!(!secret_matches("abc-123_X", Some(b"abc-123_X0")));
        assert!(!secret_matches("abc-123_X", Some(b"")));
        assert!(!secret_matches("abc-123_X", None));
    }

    #[test]
    fn an_empty_configured_secret_matches_nothing() {
        assert!(!secret_matches("", Some(b"")));
        assert!(!secret_matches("", None));
    }
}

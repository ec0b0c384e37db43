//! `[telegram]`: the bot's token, the webhook's secret, and where the Bot API is.

use serde::{Deserialize, Serialize};

/// The real Bot API.
pub const DEFAULT_API_BASE_URL: &str = "https://api.telegram.org";

/// `[telegram]` (environment: `ADUAN_TELEGRAM__<KEY>`).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelegramSettings {
    /// Whether Aduan takes reports through its Telegram bot.
    pub enabled: bool,
    /// The token BotFather gave the bot (`123456789:AA...`): secret, it is in every API URL.
    pub bot_token: String,
    /// The `secret_token` given to `setWebhook`: Telegram sends it back in the
    /// `X-Telegram-Bot-Api-Secret-Token` header of every delivery (1–256 characters of
    /// `A-Z`, `a-z`, `0-9`, `_` and `-`).
    pub secret_token: String,
    /// The Bot API's address (a stand-in's in tests, a local Bot API server if you run one).
    pub api_base_url: String,
}

impl Default for TelegramSettings {
    fn default() -> Self {
        TelegramSettings {
            enabled: false,
            bot_token: String::new(),
            secret_token: String::new(),
            api_base_url: DEFAULT_API_BASE_URL.to_owned(),
        }
    }
}

impl std::fmt::Debug for TelegramSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramSettings")
            .field("enabled", &self.enabled)
            .field("bot_token", &redacted(&self.bot_token))
            .field("secret_token", &redacted(&self.secret_token))
            .field("api_base_url", &self.api_base_url)
            .finish()
    }
}

fn redacted(secret: &str) -> &'static str {
    if secret.is_empty() { "" } else { "***" }
}

impl TelegramSettings {
    /// Says what is missing or wrong when the bot is enabled; a disabled bot is always fine.
    pub fn check(&self) -> Result<(), String> {
        if !self.enabled {
            return Ok(());
        }
        let mut problems = Vec::new();
        if self.bot_token.is_empty() {
            problems
                .push("telegram.bot_token is empty (the token BotFather gave the bot)".to_owned());
        } else if !is_token(&self.bot_token) {
            problems.push(
                "telegram.bot_token is not a bot token (digits, a colon, then letters, digits, _ or -)"
                    .to_owned(),
            );
        }
        if self.secret_token.is_empty() {
            problems.push(
                "telegram.secret_token is empty (the secret_token given to setWebhook)".to_owned(),
            );
        } else if !is_secret(&self.secret_token) {
            problems.push(
                "telegram.secret_token must be 1 to 256 characters of A-Z, a-z, 0-9, _ and -"
                    .to_owned(),
            );
        }
        let base = self.api_base_url.trim();
        if !(base.starts_with("https://") || base.starts_with("http://"))
            || reqwest::Url::parse(base).is_err()
        {
            problems.push(format!(
                "telegram.api_base_url {:?} is not an http(s) URL",
                self.api_base_url
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("; "))
        }
    }
}

/// `123456789:AAH...`: the token goes into URL paths, so nothing else is allowed.
fn is_token(token: &str) -> bool {
    match token.split_once(':') {
        Some((id, key)) => {
            !id.is_empty()
                && id.bytes().all(|b| b.is_ascii_digit())
                && !key.is_empty()
                && key
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        }
        None => false,
    }
}

/// Telegram's own rule for `secret_token`.
fn is_secret(secret: &str) -> bool {
    (1..=256).contains(&secret.len())
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn enabled() -> TelegramSettings {
        TelegramSettings {
            enabled: true,
            bot_token: "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw".into(),
            secret_token: "s3cret_Token-1".into(),
            ..TelegramSettings::default()
        }
    }

    #[test]
    fn a_disabled_bot_needs_nothing_and_points_at_the_real_api() {
        let s = TelegramSettings::default();
        assert!(s.check().is_ok());
        assert_eq!(s.api_base_url, "https://api.telegram.org");
    }

    #[test]
    fn an_enabled_bot_with_token_and_secret_passes() {
        assert!(enabled().check().is_ok());
    }

    #[test]
    fn an_enabled_bot_without_token_or_secret_says_which_is_missing() {
        let err = TelegramSettings {
            enabled: true,
            ..TelegramSettings::default()
        }
        .check()
        .unwrap_err();
        assert!(err.contains("telegram.bot_token is empty"), "{err}");
        assert!(err.contains("telegram.secret_token is empty"), "{err}");
    }

    #[test]
    fn a_secret_with_characters_telegram_refuses_is_caught() {
        let s = TelegramSettings {
            secret_token: "has space".into(),
            ..enabled()
        };
        assert!(s.check().unwrap_err().contains("secret_token must be"));
    }

    #[test]
    fn a_token_that_would_break_the_url_is_caught() {
        let s = TelegramSettings {
            bot_token: "123:abc/../x".into(),
            ..enabled()
        };
        assert!(s.check().unwrap_err().contains("not a bot token"));
    }

    #[test]
    fn a_base_url_that_is_not_http_is_caught() {
        let s = TelegramSettings {
            api_base_url: "ftp://example.org".into(),
            ..enabled()
        };
        assert!(s.check().unwrap_err().contains("api_base_url"));
    }

    #[test]
    fn debug_output_hides_the_secrets() {
        let shown = format!("{:?}", enabled());
        assert!(!shown.contains("AAHdqTcv"), "{shown}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("***"));
    }

    #[test]
    fn unknown_keys_are_refused() {
        let parsed: Result<TelegramSettings, _> =
            serde_json::from_str(r#"{"enabled": true, "bot_tokn": "x"}"#);
        assert!(parsed.is_err());
        let parsed: TelegramSettings = serde_json::from_str(r#"{"enabled": true}"#).unwrap();
        assert_eq!(parsed.api_base_url, DEFAULT_API_BASE_URL);
    }
}

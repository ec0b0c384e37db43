//! The `[x]` settings table.

use serde::{Deserialize, Serialize};

/// How Aduan talks to X: the `[x]` settings table (environment `ADUAN_X__<KEY>`).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct XSettings {
    /// Whether the X webhook is served and X answers are sent.
    pub enabled: bool,
    /// The app's API secret (consumer secret): the key of the CRC answer and of every
    /// delivery's signature.
    pub consumer_secret: String,
    /// The account's handle without `@` (`lapor1708`): posts mentioning it are reports.
    pub account: String,
    /// A hashtag without `#` (`lapor`): posts carrying it are reports too. Optional.
    pub hashtag: Option<String>,
    /// The API's base URL (`https://api.x.com`); tests point it at a stand-in.
    pub api_base_url: String,
    /// An OAuth 2.0 user-context access token of the account (scopes `tweet.read`,
    /// `tweet.write`, `users.read`, `dm.read`, `dm.write`): public replies and direct
    /// messages are sent as the account, which the consumer secret alone cannot do.
    pub access_token: String,
}

impl Default for XSettings {
    fn default() -> Self {
        XSettings {
            enabled: false,
            consumer_secret: String::new(),
            account: String::new(),
            hashtag: None,
            api_base_url: "https://api.x.com".to_owned(),
            access_token: String::new(),
        }
    }
}

impl std::fmt::Debug for XSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XSettings")
            .field("enabled", &self.enabled)
            .field("consumer_secret", &redacted(&self.consumer_secret))
            .field("account", &self.account)
            .field("hashtag", &self.hashtag)
            .field("api_base_url", &self.api_base_url)
            .field("access_token", &redacted(&self.access_token))
            .finish()
    }
}

fn redacted(secret: &str) -> &'static str {
    if secret.is_empty() { "" } else { "***" }
}

impl XSettings {
    /// Says what is missing or wrong when X is enabled; `Ok` when it is not.
    pub fn check(&self) -> Result<(), String> {
        if !self.enabled {
            return Ok(());
        }
        let mut missing = Vec::new();
        if self.consumer_secret.trim().is_empty() {
            missing.push("x.consumer_secret (the app's API secret)");
        }
        if self.account_handle().is_empty() {
            missing.push("x.account (the account's handle, without @)");
        }
        if self.access_token.trim().is_empty() {
            missing.push("x.access_token (an OAuth 2.0 user token of the account)");
        }
        if !missing.is_empty() {
            return Err(format!("X is enabled but {} missing", missing.join(", ")));
        }
        match url::Url::parse(&self.api_base_url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Ok(()),
            _ => Err(format!(
                "x.api_base_url is not an http(s) URL: {:?}",
                self.api_base_url
            )),
        }
    }

    /// The account's handle, without a leading `@` or spaces.
    pub(crate) fn account_handle(&self) -> &str {
        self.account.trim().trim_start_matches('@')
    }

    /// The hashtag without a leading `#`, when one is set.
    pub(crate) fn hashtag_text(&self) -> Option<&str> {
        self.hashtag
            .as_deref()
            .map(|h| h.trim().trim_start_matches('#'))
            .filter(|h| !h.is_empty())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn enabled() -> XSettings {
        XSettings {
            enabled: true,
            consumer_secret: "cs".into(),
            account: "lapor1708".into(),
            hashtag: Some("lapor".into()),
            access_token: "at".into(),
            ..XSettings::default()
        }
    }

    #[test]
    fn the_defaults_are_off_and_point_at_the_real_api() {
        let s = XSettings::default();
        assert!(!s.enabled);
        assert_eq!(s.api_base_url, "https://api.x.com");
        assert!(s.check().is_ok());
    }

    #[test]
    fn debug_output_hides_both_secrets() {
        let s = XSettings {
            consumer_secret: "very-secret-consumer".into(),
            access_token: "very-secret-token".into(),
            ..enabled()
        };
        let shown = format!("{s:?}");
        assert!(!shown.contains("very-secret"), "{shown}");
        assert!(shown.contains("***"));
        assert!(shown.contains("lapor1708"));
    }

    #[test]
    fn enabled_without_secret_account_or_token_says_what_is_missing() {
        let s = XSettings {
            enabled: true,
            ..XSettings::default()
        };
        let err = s.check().unwrap_err();
        assert!(err.contains("x.consumer_secret"), "{err}");
        assert!(err.contains("x.account"), "{err}");
        assert!(err.contains("x.access_token"), "{err}");
        assert!(enabled().check().is_ok());
    }

    #[test]
    fn a_base_url_that_is_not_http_is_refused() {
        let s = XSettings {
            api_base_url: "ftp://api.x.com".into(),
            ..enabled()
        };
        assert!(s.check().unwrap_err().contains("api_base_url"));
    }

    #[test]
    fn unknown_keys_are_refused_and_missing_ones_take_defaults() {
        let err = serde_json::from_value::<XSettings>(
            serde_json::json!({"enabled": true, "bot_token": "x"}),
        );
        assert!(err.is_err());
        let s: XSettings =
            serde_json::from_value(serde_json::json!({"account": "@Lapor1708"})).unwrap();
        assert_eq!(s.account_handle(), "Lapor1708");
        assert_eq!(s.hashtag_text(), None);
        assert_eq!(s.api_base_url, "https://api.x.com");
    }

    #[test]
    fn an_empty_hashtag_means_none() {
        let s = XSettings {
            hashtag: Some(" #".into()),
            ..enabled()
        };
        assert_eq!(s.hashtag_text(), None);
    }
}

//! The settings of the SMS channel (`[sms]`: the get-url's shared secret and allowed
//! addresses, the flood limit, the region keywords) and of Kannel's sendsms interface
//! (`[kannel]`), as a deployment writes them, and the checked form the service runs on.

use crate::network::Network;
use aduan_i18n::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::net::IpAddr;

/// `[sms]`: SMS to the short code through Kannel's smsbox.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmsSettings {
    /// Serve `/channels/sms/kannel` (Kannel's get-url) and its delivery reports.
    pub enabled: bool,
    /// The shared secret smsbox sends as `secret=` in the get-url (and Kannel in dlr-urls).
    pub secret: String,
    /// Addresses allowed to call the get-url: IPs or networks (`10.0.0.0/8`).
    pub allow_from: Vec<String>,
    /// Accept requests whose peer address is unknown (only when a trusted proxy in front has
    /// already restricted who may call).
    pub allow_unknown_peer: bool,
    /// The language of answers to free text (`id` or `en`); command words answer in theirs.
    pub language: String,
    /// Messages one number may send per window before it is told to wait, then ignored.
    pub rate_limit: u32,
    /// The window of the flood limit, in minutes.
    pub rate_window_minutes: u32,
    /// Region keywords (the first word of an SMS) and the agency each routes to; none by
    /// default (docs/sms.md lists the national system's, such as `TANGKAB`).
    pub keywords: BTreeMap<String, String>,
}

impl Default for SmsSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            secret: String::new(),
            allow_from: vec!["127.0.0.1".into(), "::1".into()],
            allow_unknown_peer: false,
            language: "id".into(),
            rate_limit: 10,
            rate_window_minutes: 60,
            keywords: BTreeMap::new(),
        }
    }
}

impl std::fmt::Debug for SmsSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsSettings")
            .field("enabled", &self.enabled)
            .field("secret", &"[redacted]")
            .field("allow_from", &self.allow_from)
            .field("allow_unknown_peer", &self.allow_unknown_peer)
            .field("language", &self.language)
            .field("rate_limit", &self.rate_limit)
            .field("rate_window_minutes", &self.rate_window_minutes)
            .field("keywords", &self.keywords)
            .finish()
    }
}

/// Why the SMS settings cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// Enabled without a secret, or with one too short to guess.
    #[error("sms.secret must be at least 16 characters when sms.enabled is set")]
    WeakSecret,
    /// An entry of `allow_from` is neither an address nor a network.
    #[error("sms.allow_from: `{0}` is not an IP address or network (such as 10.0.0.0/8)")]
    BadAddress(String),
    /// Not a language of the catalogue.
    #[error("sms.language must be id or en, not `{0}`")]
    BadLanguage(String),
    /// A zero limit or window.
    #[error("sms.rate_limit and sms.rate_window_minutes must be at least 1")]
    BadRate,
    /// A keyword that is not one word of letters and digits.
    #[error("sms.keywords: `{0}` must be one word of letters and digits")]
    BadKeyword(String),
    /// A keyword that collides with a command word.
    #[error("sms.keywords: `{0}` is a command word (CEK, BALAS, BATAL, CHECK, REPLY, CANCEL)")]
    CommandKeyword(String),
}

/// The checked `[sms]` settings the service runs on.
#[derive(Clone)]
pub struct SmsConfig {
    /// The shared secret.
    pub(crate) secret: String,
    /// Allowed peers.
    pub(crate) allow_from: Vec<Network>,
    /// Accept requests without a known peer.
    pub(crate) allow_unknown_peer: bool,
    /// Language of answers to free text.
    pub(crate) language: Lang,
    /// Messages per number per window.
    pub(crate) rate_limit: u32,
    /// The window, in minutes.
    pub(crate) rate_window_minutes: u32,
    /// Upper-case keyword → agency slug.
    pub(crate) keywords: BTreeMap<String, String>,
}

impl std::fmt::Debug for SmsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsConfig")
            .field("allow_from", &self.allow_from)
            .field("keywords", &self.keywords)
            .finish_non_exhaustive()
    }
}

const COMMAND_WORDS: [&str; 6] = ["CEK", "BALAS", "BATAL", "CHECK", "REPLY", "CANCEL"];

impl SmsConfig {
    /// Checks the settings (the secret is required only when the channel is enabled).
    pub fn from_settings(s: &SmsSettings) -> Result<Self, ConfigError> {
        if s.enabled && s.secret.trim().chars().count() < 16 {
            return Err(ConfigError::WeakSecret);
        }
        let allow_from = s
            .allow_from
            .iter()
            .map(|a| Network::parse(a).ok_or_else(|| ConfigError::BadAddress(a.clone())))
            .collect::<Result<Vec<_>, _>>()?;
        let language =
            Lang::parse(&s.language).ok_or_else(|| ConfigError::BadLanguage(s.language.clone()))?;
        if s.rate_limit == 0 || s.rate_window_minutes == 0 {
            return Err(ConfigError::BadRate);
        }
        let mut keywords = BTreeMap::new();
        for (word, agency) in &s.keywords {
            let upper = word.trim().to_uppercase();
            if upper.is_empty() || !upper.chars().all(char::is_alphanumeric) {
                return Err(ConfigError::BadKeyword(word.clone()));
            }
            if COMMAND_WORDS.contains(&upper.as_str()) {
                return Err(ConfigError::CommandKeyword(word.clone()));
            }
            keywords.insert(upper, agency.trim().to_owned());
        }
        Ok(Self {
            secret: s.secret.trim().to_owned(),
            allow_from,
            allow_unknown_peer: s.allow_unknown_peer,
            language,
            rate_limit: s.rate_limit,
            rate_window_minutes: s.rate_window_minutes,
            keywords,
        })
    }

    /// The agency slugs the keywords name (to check against the directory at start).
    pub fn keyword_agencies(&self) -> impl Iterator<Item = (&str, &str)> {
        self.keywords.iter().map(|(k, a)| (k.as_str(), a.as_str()))
    }

    /// Whether a request from `peer` (unknown: `None`) may call the channel's endpoints.
    pub(crate) fn peer_allowed(&self, peer: Option<IpAddr>) -> bool {
        match peer {
            Some(ip) => self.allow_from.iter().any(|n| n.contains(ip)),
            None => self.allow_unknown_peer,
        }
    }

    /// Whether `given` is the shared secret (compared in constant time).
    pub(crate) fn secret_matches(&self, given: &str) -> bool {
        use sha2::{Digest, Sha256};
        if self.secret.is_empty() {
            return false;
        }
        let (a, b) = (Sha256::digest(given), Sha256::digest(&self.secret));
        a.iter()
            .zip(b.iter())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> SmsSettings {
        SmsSettings {
            enabled: true,
            secret: "0123456789abcdef".into(),
            allow_from: vec!["10.1.0.0/16".into(), "127.0.0.1".into(), "fd00::/8".into()],
            ..SmsSettings::default()
        }
    }

    #[test]
    fn peers_are_allowed_by_address_and_network_and_unknown_peers_by_choice() {
        let c = SmsConfig::from_settings(&settings()).unwrap();
        let ip = |s: &str| Some(s.parse::<IpAddr>().unwrap());
        assert!(c.peer_allowed(ip("127.0.0.1")));
        assert!(
            c.peer_allowed(ip("::ffff:127.0.0.1")),
            "an IPv4-mapped peer"
        );
        assert!(c.peer_allowed(ip("10.1.200.3")));
        assert!(c.peer_allowed(ip("fd12::1")));
        assert!(!c.peer_allowed(ip("10.2.0.1")));
        assert!(!c.peer_allowed(ip("127.0.0.2")));
        assert!(!c.peer_allowed(ip("::1")));
        assert!(!c.peer_allowed(None));
        let open = SmsConfig::from_settings(&SmsSettings {
            allow_unknown_peer: true,
            allow_from: vec!["0.0.0.0/0".into()],
            ..settings()
        })
        .unwrap();
        assert!(open.peer_allowed(None));
        assert!(open.peer_allowed(ip("192.0.2.1")));
        assert!(
            !open.peer_allowed(ip("2001:db8::1")),
            "an IPv4 network holds no IPv6 peer"
        );
    }

    #[test]
    fn the_secret_must_match_exactly_and_an_empty_one_never_matches() {
        let c = SmsConfig::from_settings(&settings()).unwrap();
        assert!(c.secret_matches("0123456789abcdef"));
        assert!(!c.secret_matches("0123456789abcdeF"));
        assert!(!c.secret_matches(""));
        let off = SmsConfig::from_settings(&SmsSettings::default()).unwrap();
        assert!(!off.secret_matches(""));
    }

    #[test]
    fn enabling_without_a_real_secret_or_with_a_bad_address_is_refused() {
        let weak = SmsSettings {
            secret: "short".into(),
            ..settings()
        };
        assert_eq!(
            SmsConfig::from_settings(&weak).unwrap_err(),
            ConfigError::WeakSecret
        );
        let bad = SmsSettings {
            allow_from: vec!["10.0.0.0/33".into()],
            ..settings()
        };
        assert!(matches!(
            SmsConfig::from_settings(&bad),
            Err(ConfigError::BadAddress(_))
        ));
        let cek = SmsSettings {
            keywords: BTreeMap::from([("cek".into(), "kota-surabaya".into())]),
            ..settings()
        };
        assert!(matches!(
            SmsConfig::from_settings(&cek),
            Err(ConfigError::CommandKeyword(_))
        ));
    }

    #[test]
    fn keywords_are_matched_in_upper_case() {
        let c = SmsConfig::from_settings(&SmsSettings {
            keywords: BTreeMap::from([("sby".into(), "kota-surabaya".into())]),
            ..settings()
        })
        .unwrap();
        assert_eq!(
            c.keywords.get("SBY").map(String::as_str),
            Some("kota-surabaya")
        );
    }

    #[test]
    fn the_documented_settings_load_and_their_keywords_name_agencies_of_the_built_in_directory() {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Documented {
            sms: SmsSettings,
            kannel: crate::KannelSettings,
        }
        let doc = include_str!("../../../docs/sms.md");
        let block = doc
            .split("```toml")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .unwrap();
        let documented: Documented = toml::from_str(block).unwrap();
        assert!(!documented.kannel.sendsms_url.is_empty());
        let c = SmsConfig::from_settings(&documented.sms).unwrap();
        assert!(c.keyword_agencies().count() >= 3);
        let directory = aduan_directory::builtin().unwrap();
        for (word, agency) in c.keyword_agencies() {
            assert!(
                directory.agencies.iter().any(|a| a.id.as_str() == agency),
                "{word} -> {agency} is not in data/"
            );
        }
    }
}

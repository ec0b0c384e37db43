//! Where a webhook may point: `https://` to a host named in `[partners] webhook_allow` (an
//! exact name, or `*.example.go.id` for its subdomains), no user name or password in the URL.
//! Plain `http://` is allowed only to a loopback address that the list names, for tests and a
//! partner's relay on the same machine.

use std::net::IpAddr;
use url::{Host, Url};

/// Why a webhook URL is refused; each has a stable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// Not a URL at all.
    #[error("the webhook URL cannot be read")]
    Invalid,
    /// Not https (and not loopback).
    #[error("the webhook URL must use https")]
    NotHttps,
    /// The host is not in `[partners] webhook_allow`.
    #[error("the webhook's host is not in [partners] webhook_allow")]
    HostNotAllowed,
}

impl PolicyError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            PolicyError::Invalid => "invalid",
            PolicyError::NotHttps => "webhook_not_https",
            PolicyError::HostNotAllowed => "webhook_host_not_allowed",
        }
    }
}

/// The hosts webhooks may go to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebhookPolicy {
    allow: Vec<String>,
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
        Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
    }
}

impl WebhookPolicy {
    /// A policy allowing `hosts` (lower-cased; `*.` prefixes allow subdomains).
    pub fn new(hosts: impl IntoIterator<Item = impl AsRef<str>>) -> WebhookPolicy {
        WebhookPolicy {
            allow: hosts
                .into_iter()
                .map(|h| h.as_ref().trim().to_ascii_lowercase())
                .filter(|h| !h.is_empty())
                .collect(),
        }
    }

    /// The hosts allowed.
    pub fn hosts(&self) -> &[String] {
        &self.allow
    }

    fn allows(&self, host: &str) -> bool {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        self.allow.iter().any(|a| {
            let a = a.trim_start_matches('[').trim_end_matches(']');
            match a.strip_prefix("*.") {
                Some(parent) => host
                    .strip_suffix(parent)
                    .is_some_and(|sub| sub.len() > 1 && sub.ends_with('.')),
                None => a == host,
            }
        })
    }

    /// The URL, if a webhook may be sent there.
    pub fn check(&self, url: &str) -> Result<Url, PolicyError> {
        let parsed = Url::parse(url.trim()).map_err(|_| PolicyError::Invalid)?;
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(PolicyError::Invalid);
        }
        let host = parsed.host().ok_or(PolicyError::Invalid)?;
        match parsed.scheme() {
            "https" => {}
            "http" if is_loopback(&host) => {}
            _ => return Err(PolicyError::NotHttps),
        }
        let name = host.to_string().to_ascii_lowercase();
        if !self.allows(&name) {
            return Err(PolicyError::HostNotAllowed);
        }
        Ok(parsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_https_url_to_an_allowed_host_or_subdomain_passes() {
        let p = WebhookPolicy::new(["hooks.surabaya.go.id", "*.jatimprov.go.id"]);
        assert!(p.check("https://hooks.surabaya.go.id/aduan").is_ok());
        assert!(p.check("https://lapor.jatimprov.go.id/x").is_ok());
        assert_eq!(
            p.check("https://jatimprov.go.id/x"),
            Err(PolicyError::HostNotAllowed)
        );
        assert_eq!(
            p.check("https://evil-jatimprov.go.id/x"),
            Err(PolicyError::HostNotAllowed)
        );
        assert_eq!(
            p.check("https://example.com/"),
            Err(PolicyError::HostNotAllowed)
        );
    }

    #[test]
    fn plain_http_is_refused_except_to_an_allowed_loopback_address() {
        let p = WebhookPolicy::new(["hooks.surabaya.go.id", "127.0.0.1"]);
        assert_eq!(
            p.check("http://hooks.surabaya.go.id/aduan"),
            Err(PolicyError::NotHttps)
        );
        assert!(p.check("http://127.0.0.1:8081/hook").is_ok());
        assert_eq!(
            WebhookPolicy::default().check("http://127.0.0.1:8081/hook"),
            Err(PolicyError::HostNotAllowed)
        );
    }

    #[test]
    fn credentials_in_the_url_and_other_schemes_are_refused() {
        let p = WebhookPolicy::new(["hooks.surabaya.go.id"]);
        assert_eq!(
            p.check("https://u:p@hooks.surabaya.go.id/"),
            Err(PolicyError::Invalid)
        );
        assert_eq!(
            p.check("ftp://hooks.surabaya.go.id/"),
            Err(PolicyError::NotHttps)
        );
        assert_eq!(p.check("not a url"), Err(PolicyError::Invalid));
    }
}

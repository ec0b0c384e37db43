//! `[smtp]`: where mail goes out and how it is addressed.

use serde::{Deserialize, Serialize};

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain connection upgraded with STARTTLS, which is required (port 587 by default).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465 by default).
    Tls,
    /// No encryption (port 25 by default): only for a relay on the same host or network.
    None,
}

impl Security {
    /// The usual port.
    pub fn default_port(self) -> u16 {
        match self {
            Security::Starttls => 587,
            Security::Tls => 465,
            Security::None => 25,
        }
    }
}

/// The `[smtp]` settings.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmtpSettings {
    /// The SMTP server's host name; empty means no e-mail is sent.
    pub host: String,
    /// Its port; 0 means the usual one for `security`.
    pub port: u16,
    /// `starttls`, `tls` or `none`.
    pub security: Security,
    /// Login name, when the server wants one.
    pub username: String,
    /// Password for `username`.
    pub password: String,
    /// The sender, as `Name <address>` or a bare address.
    pub from: String,
    /// The domain of reply addresses (`<reply_local>+<token>@<reply_domain>`, delivered to
    /// `aduan ingest-email`) and of Message-IDs; empty means reporters' mail carries no reply
    /// address, and Message-IDs use the domain of `from`.
    pub reply_domain: String,
    /// The local part of reply addresses.
    pub reply_local: String,
    /// The service's public address, for the links in messages (`https://aduan.example.go.id`).
    pub base_url: String,
    /// Seconds to wait for the server before an attempt fails (and is retried later).
    pub timeout_seconds: u64,
    /// A PEM file of extra certificate authorities to trust (an internal relay's own CA); empty
    /// means the usual public ones only.
    pub ca_file: String,
}

impl Default for SmtpSettings {
    fn default() -> Self {
        Self {
            host: String::new(),
            port: 0,
            security: Security::Starttls,
            username: String::new(),
            password: String::new(),
            from: "Aduan <noreply@localhost>".into(),
            reply_domain: String::new(),
            reply_local: "balas".into(),
            base_url: "http://127.0.0.1:8080".into(),
            timeout_seconds: 30,
            ca_file: String::new(),
        }
    }
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field(
                "password",
                &if self.password.is_empty() {
                    ""
                } else {
                    "[redacted]"
                },
            )
            .field("from", &self.from)
            .field("reply_domain", &self.reply_domain)
            .field("reply_local", &self.reply_local)
            .field("base_url", &self.base_url)
            .field("timeout_seconds", &self.timeout_seconds)
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

/// Why the `[smtp]` settings cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SmtpSettingsError {
    /// `host` is empty.
    #[error("[smtp] host is empty: name the SMTP server that sends Aduan's e-mail")]
    NoHost,
    /// `from` is not an address.
    #[error("[smtp] from is not an e-mail address (Name <address> or address): {0}")]
    From(String),
    /// `base_url` is not an http(s) URL.
    #[error("[smtp] base_url must be the service's public http(s) address, got `{0}`")]
    BaseUrl(String),
    /// `reply_local` cannot start a reply address.
    #[error("[smtp] reply_local must be a plain local part (letters, digits, . _ -), got `{0}`")]
    ReplyLocal(String),
    /// `ca_file` cannot be read or is not PEM.
    #[error("[smtp] ca_file {path}: {reason}")]
    CaFile {
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// The transport refused the settings.
    #[error("[smtp] {0}")]
    Transport(String),
}

impl SmtpSettings {
    /// The port to connect to.
    pub fn port(&self) -> u16 {
        if self.port == 0 {
            self.security.default_port()
        } else {
            self.port
        }
    }

    /// The domain of Message-IDs: `reply_domain`, else the domain of `from`.
    pub fn message_domain(&self) -> String {
        if !self.reply_domain.trim().is_empty() {
            return self.reply_domain.trim().to_ascii_lowercase();
        }
        let from = self.from.trim();
        let address = match (from.rfind('<'), from.rfind('>')) {
            (Some(a), Some(b)) if a < b => &from[a + 1..b],
            _ => from,
        };
        address
            .rsplit_once('@')
            .map(|(_, d)| d.trim().to_ascii_lowercase())
            .unwrap_or_else(|| "localhost".into())
    }

    /// Checks what can be checked without connecting.
    pub fn check(&self) -> Result<(), SmtpSettingsError> {
        if self.host.trim().is_empty() {
            return Err(SmtpSettingsError::NoHost);
        }
        let base = self.base_url.trim();
        if !(base.starts_with("http://") || base.starts_with("https://")) || base.contains(' ') {
            return Err(SmtpSettingsError::BaseUrl(self.base_url.clone()));
        }
        let local_ok = !self.reply_local.is_empty()
            && self
                .reply_local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !local_ok {
            return Err(SmtpSettingsError::ReplyLocal(self.reply_local.clone()));
        }
        Ok(())
    }
}

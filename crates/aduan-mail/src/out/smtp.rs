//! The SMTP transport (lettre over tokio, rustls with the public CAs, STARTTLS, TLS or plain).

use super::render::{Audience, render};
use super::settings::{Security, SmtpSettings, SmtpSettingsError};
use crate::token;
use aduan_jobs::{Outgoing, Transport, mask};
use aduan_store::{DeploymentKey, NotifyChannel};
use async_trait::async_trait;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::time::Duration;
use zeroize::Zeroizing;

/// Sends e-mail messages through one SMTP server.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    settings: SmtpSettings,
    reply_secret: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("host", &self.settings.host)
            .field("port", &self.settings.port())
            .field("security", &self.settings.security)
            .finish_non_exhaustive()
    }
}

fn tls_parameters(settings: &SmtpSettings) -> Result<TlsParameters, SmtpSettingsError> {
    let mut builder = TlsParameters::builder(settings.host.trim().to_owned());
    if !settings.ca_file.trim().is_empty() {
        let path = settings.ca_file.trim().to_owned();
        let pem = std::fs::read(&path).map_err(|e| SmtpSettingsError::CaFile {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        let cert = Certificate::from_pem(&pem).map_err(|e| SmtpSettingsError::CaFile {
            path,
            reason: e.to_string(),
        })?;
        builder = builder.add_root_certificate(cert);
    }
    builder
        .build_rustls()
        .map_err(|e| SmtpSettingsError::Transport(e.to_string()))
}

impl SmtpMailer {
    /// A mailer for `settings`; reply tokens are signed with a key derived from `key`. Does not
    /// connect: an unreachable server shows as failed (and retried) deliveries.
    pub fn new(settings: &SmtpSettings, key: &DeploymentKey) -> Result<Self, SmtpSettingsError> {
        settings.check()?;
        let from: Mailbox = settings
            .from
            .trim()
            .parse()
            .map_err(|e: lettre::address::AddressError| SmtpSettingsError::From(e.to_string()))?;
        let host = settings.host.trim();
        let tls = match settings.security {
            Security::None => Tls::None,
            Security::Starttls => Tls::Required(tls_parameters(settings)?),
            Security::Tls => Tls::Wrapper(tls_parameters(settings)?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(settings.port())
            .tls(tls)
            .timeout(Some(Duration::from_secs(settings.timeout_seconds.max(1))));
        if !settings.username.is_empty() {
            builder = builder.credentials(Credentials::new(
                settings.username.clone(),
                settings.password.clone(),
            ));
        }
        Ok(Self {
            transport: builder.build(),
            from,
            settings: settings.clone(),
            reply_secret: token::reply_secret(key),
        })
    }

    /// The reply address for a reporter's message about report `tracking_id`, when replies
    /// are set up (`reply_domain`).
    fn reply_to(&self, m: &Outgoing) -> Option<Mailbox> {
        let domain = self.settings.reply_domain.trim();
        let id = m.payload.get("tracking_id")?.as_str()?;
        if domain.is_empty() || Audience::of(&m.template) != Audience::Reporter || id.is_empty() {
            return None;
        }
        token::reply_address(&self.reply_secret, &self.settings.reply_local, domain, id)
            .parse()
            .ok()
    }
}

/// The e-mail for `m` to `to`: its words, Message-ID `<{dedup key}@{domain}>`, the reply
/// address when given, and `Auto-Submitted: auto-generated` (RFC 3834) so that auto-replies
/// stay away.
pub fn build_message(
    m: &Outgoing,
    from: Mailbox,
    to: Mailbox,
    reply_to: Option<Mailbox>,
    domain: &str,
    base_url: &str,
) -> Result<Message, String> {
    let words = render(m, base_url, reply_to.is_some());
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(words.subject)
        .message_id(Some(token::message_id(&m.dedup_key, domain)));
    if let Some(r) = reply_to {
        builder = builder.reply_to(r);
    }
    let mut message = builder
        .multipart(MultiPart::alternative_plain_html(words.text, words.html))
        .map_err(|e| format!("the message could not be built: {e}"))?;
    let headers = message.headers_mut();
    headers.insert_raw(HeaderValue::new(
        HeaderName::new_from_ascii_str("Auto-Submitted"),
        "auto-generated".into(),
    ));
    headers.insert_raw(HeaderValue::new(
        HeaderName::new_from_ascii_str("Content-Language"),
        m.language.as_str().into(),
    ));
    Ok(message)
}

#[async_trait]
impl Transport for SmtpMailer {
    async fn send(&self, m: &Outgoing) -> Result<(), String> {
        if m.channel != NotifyChannel::Email {
            return Err(format!(
                "the SMTP transport cannot send {} messages",
                m.channel
            ));
        }
        let Some(address) = m.address.as_deref() else {
            return Err("the recipient has no e-mail address".into());
        };
        let to: Mailbox = address.trim().parse().map_err(|_| {
            format!(
                "the recipient's address {} is not a valid e-mail address",
                mask::mask_address(address)
            )
        })?;
        let message = build_message(
            m,
            self.from.clone(),
            to,
            self.reply_to(m),
            &self.settings.message_domain(),
            self.settings.base_url.trim(),
        )?;
        self.transport.send(message).await.map_err(|e| {
            // The server's answer may quote the address: the error is shown to staff.
            mask::mask_in_text(&format!(
                "SMTP {}:{}: {e}",
                self.settings.host,
                self.settings.port()
            ))
        })?;
        tracing::info!(
            target: "aduan_mail::out",
            message_id = %m.dedup_key,
            outbox = %m.id,
            template = %m.template,
            "e-mail handed to the SMTP server"
        );
        Ok(())
    }
}

//! The background jobs: which jobs a worker runs (the one place to register more handlers and
//! periodic jobs), for `aduan worker`, the worker `aduan serve` runs in-process and the test
//! kit's scheduler alike.

use aduan_app::AppState;
use aduan_jobs::{Notifier, Registry, Standard};
use aduan_store::DeploymentKey;
use anyhow::Context;
use std::sync::Arc;

/// The shortest retention period accepted: longer than the reopen and appeal windows (10
/// working days), so that no identity is erased while its reporter may still act.
pub const MIN_RETENTION_DAYS: u32 = 30;

/// The settings the jobs read.
#[derive(Debug, Clone, Copy)]
pub struct JobSettings<'a> {
    /// Days after a reporter's last report closed before their identity is erased.
    pub retention_days: u32,
    /// Where notifications go when no gateway is configured (`log`).
    pub notifier: &'a str,
    /// The SMTP server that sends e-mail notices (`[smtp]`).
    pub smtp: &'a aduan_mail::out::SmtpSettings,
    /// Kannel's sendsms interface, for outgoing SMS (`[kannel]`).
    pub kannel: &'a aduan_sms::KannelSettings,
    /// The SMS channel (`[sms]`), whose secret signs the delivery reports.
    pub sms: &'a aduan_sms::SmsSettings,
    /// The chat and social networks (`[chat]`, `[telegram]`, `[whatsapp]`, `[x]`).
    pub chat: crate::chat::ChatChannels<'a>,
}

impl JobSettings<'_> {
    /// Whether the jobs can run on these settings (the retention period is long enough).
    pub fn check(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.retention_days >= MIN_RETENTION_DAYS,
            "retention_days must be at least {MIN_RETENTION_DAYS} (longer than the reopen and \
             appeal windows), got {}",
            self.retention_days
        );
        Ok(())
    }
}

/// The jobs a worker runs, with their periodic schedules: the standard jobs (outbox delivery,
/// identity erasure, purging done jobs), the service's own ([`register_scheduler`]) and the
/// sweep of orphan attachment blobs (`aduan_app::blob_sweep`).
pub fn registry(
    settings: &JobSettings<'_>,
    key: DeploymentKey,
    state: &AppState,
) -> anyhow::Result<Registry> {
    settings.check()?;
    let notifier = notifier(settings, &key, state)?;
    let mut registry = aduan_jobs::standard_registry(Standard {
        notifier,
        key,
        retention_days: settings.retention_days,
    });
    register_scheduler(&mut registry, state);
    aduan_app::blob_sweep::register(&mut registry, state);
    aduan_app::triage::train::register(&mut registry, state);
    aduan_chat::lapse::register(
        &mut registry,
        state,
        settings.chat.chat.conversation_minutes,
    );
    Ok(registry)
}

/// The service's own jobs: the deadline scan with its reminders and escalations, recovery and
/// automatic closing, on `state`.
pub fn register_scheduler(registry: &mut Registry, state: &AppState) {
    aduan_app::scheduler::register(registry, state.clone());
}

/// Where messages go: through the channels' gateways when one is configured (e-mail through
/// SMTP when `smtp.host` is set, SMS through Kannel when `kannel.sendsms_url` is set; a
/// channel without its gateway then fails, is retried and dies, and shows on the staff page of
/// failed deliveries), else as the `notifier` setting says. Partners' webhooks always go out,
/// to the hosts `[partners] webhook_allow` names, and chat answers and notices always go out
/// through the networks switched on.
fn notifier(
    settings: &JobSettings<'_>,
    key: &DeploymentKey,
    state: &AppState,
) -> anyhow::Result<Notifier> {
    let webhook: Arc<dyn aduan_jobs::Transport> = Arc::new(
        aduan_webhooks::WebhookTransport::new(
            state.store.clone(),
            state.deployment_key.clone(),
            state.config.partners.webhook_policy(),
            std::time::Duration::from_secs(state.config.partners.webhook_timeout_seconds),
        )
        .map_err(anyhow::Error::msg)?,
    );
    let sms =
        crate::channels::sms_transport(settings.kannel, settings.sms, &settings.smtp.base_url);
    let email: Option<Arc<dyn aduan_jobs::Transport>> = if settings.smtp.host.trim().is_empty() {
        None
    } else {
        let mailer =
            aduan_mail::out::SmtpMailer::new(settings.smtp, key).context("the [smtp] settings")?;
        Some(Arc::new(mailer))
    };
    let chat = settings.chat.transport(state)?;
    if sms.is_some() || email.is_some() {
        return Ok(Notifier::Gateways {
            email,
            sms,
            webhook: Some(webhook),
            chat,
        });
    }
    let notifier = Notifier::production(settings.notifier)
        .context("the notifier setting")?
        .with_webhooks(webhook);
    Ok(match chat {
        Some(chat) => notifier.with_chat(chat),
        None => notifier,
    })
}

//! The SMS channel in this binary: smsbox's get-url and dlr-url in `aduan serve` when `[sms]`
//! is enabled (after checking that every region keyword names an agency in the directory),
//! and the Kannel transport a worker sends SMS through when `[kannel]` names a sendsms URL.

use crate::settings::Settings;
use aduan_app::AppState;
use aduan_domain::AgencyId;
use aduan_jobs::Transport;
use aduan_sms::{KannelTransport, SmsConfig};
use anyhow::Context;
use axum::Router;
use std::sync::Arc;

/// The SMS channel's routes, or `None` when `[sms]` is not enabled.
pub async fn routes(settings: &Settings, state: &AppState) -> anyhow::Result<Option<Router>> {
    let config = SmsConfig::from_settings(&settings.sms).context("the [sms] settings")?;
    if !settings.sms.enabled {
        return Ok(None);
    }
    for (word, agency) in config.keyword_agencies() {
        let known = state
            .store
            .get_agency(&AgencyId::new(agency))
            .await
            .context("reading the directory")?
            .is_some();
        anyhow::ensure!(
            known,
            "sms.keywords: {word} routes to `{agency}`, which is not an agency of the directory"
        );
    }
    tracing::info!(
        keywords = config.keyword_agencies().count(),
        "SMS channel open for Kannel at {}",
        aduan_sms::INBOUND_PATH
    );
    Ok(Some(aduan_sms::routes(state.clone(), config)))
}

/// The SMS gateway for a worker, when `kannel.sendsms_url` is set. Links in SMS use
/// `kannel.public_url`, else the e-mails' `smtp.base_url`.
pub fn transport(settings: &Settings) -> Option<Arc<dyn Transport>> {
    if settings.kannel.sendsms_url.trim().is_empty() {
        return None;
    }
    let mut kannel = settings.kannel.clone();
    if kannel.public_url.trim().is_empty() {
        kannel.public_url = settings.smtp.base_url.clone();
    }
    Some(Arc::new(KannelTransport::new(kannel, &settings.sms.secret)))
}

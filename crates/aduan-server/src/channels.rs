//! The channels' endpoints and gateways: smsbox's get-url and dlr-url when `[sms]` is enabled
//! (after checking that every region keyword names an agency in the directory), and the
//! Kannel transport a worker sends SMS through when `[kannel]` names a sendsms URL.

use aduan_app::AppState;
use aduan_domain::AgencyId;
use aduan_jobs::Transport;
use aduan_sms::{KannelSettings, KannelTransport, SmsConfig, SmsSettings};
use anyhow::Context;
use axum::Router;
use std::sync::Arc;

/// The SMS channel's routes, or `None` when `[sms]` is not enabled.
pub async fn sms_routes(sms: &SmsSettings, state: &AppState) -> anyhow::Result<Option<Router>> {
    let config = SmsConfig::from_settings(sms).context("the [sms] settings")?;
    if !sms.enabled {
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
/// `kannel.public_url`, else `fallback_public_url` (the e-mails' `smtp.base_url`).
pub fn sms_transport(
    kannel: &KannelSettings,
    sms: &SmsSettings,
    fallback_public_url: &str,
) -> Option<Arc<dyn Transport>> {
    if kannel.sendsms_url.trim().is_empty() {
        return None;
    }
    let mut kannel = kannel.clone();
    if kannel.public_url.trim().is_empty() {
        kannel.public_url = fallback_public_url.to_owned();
    }
    Some(Arc::new(KannelTransport::new(kannel, &sms.secret)))
}

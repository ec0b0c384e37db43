//! The channels' endpoints and gateways: smsbox's get-url and dlr-url when `[sms]` is enabled
//! (after checking that every region keyword names an agency in the directory), and the
//! Kannel transport a worker sends SMS through when `[kannel]` names a sendsms URL.

use aduan_app::AppState;
use aduan_domain::AgencyId;
use aduan_jobs::Transport;
use aduan_sms::{KannelSettings, KannelTransport, SmsConfig, SmsGateway, SmsSettings};
use anyhow::Context;
use axum::Router;
use axum::extract::{ConnectInfo, Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::net::{IpAddr, SocketAddr};
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
    Ok(Some(sms_router(state.clone(), config)))
}

/// smsbox's get-url and dlr-url over the SMS channel: each request's connection peer (for the
/// allow-list; the server must run with `into_make_service_with_connect_info::<SocketAddr>`)
/// and raw query string go to [`SmsGateway`], whose answer is sent as it is.
pub fn sms_router(state: AppState, config: SmsConfig) -> Router {
    async fn inbound(State(gw): State<SmsGateway>, req: Request) -> Response {
        let (peer, query) = peer_and_query(&req);
        gw.inbound(peer, query).await.into_response()
    }
    async fn delivery_report(State(gw): State<SmsGateway>, req: Request) -> Response {
        let (peer, query) = peer_and_query(&req);
        gw.delivery_report(peer, query).await.into_response()
    }
    Router::new()
        .route(aduan_sms::INBOUND_PATH, get(inbound))
        .route(aduan_sms::DLR_PATH, get(delivery_report))
        .with_state(SmsGateway::new(state, config))
}

fn peer_and_query(req: &Request) -> (Option<IpAddr>, &str) {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    (peer, req.uri().query().unwrap_or_default())
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

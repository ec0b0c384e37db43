//! SMS to the short code through a Kannel gateway (Debian's kannel package): smsbox's get-url
//! (`GET /channels/sms/kannel`) turns an SMS into a report, a status card, a reply or a
//! withdrawal, and answers with the SMS smsbox sends back; outgoing notices go from the outbox
//! through Kannel's sendsms interface ([`KannelTransport`]), and Kannel's delivery reports come
//! back to `GET /channels/sms/kannel/dlr`.
//!
//! Everything goes through the service's own code: a report is filed by the API's submission
//! code, replies and withdrawals by its transition code, and every text comes from the
//! catalogue (`sms.ftl`) in the reader's language. A gateway message id is handled once, and
//! a per-number limit kept in the database stops floods on every instance at once.
//!
//! `docs/kannel.conf` is a working Kannel configuration; `docs/sms.md` says how to run
//! Kannel beside Aduan.

mod command;
mod commands;
mod config;
mod dlr;
pub mod gsm;
mod handle;
mod inbound;
mod kannel;
mod network;
pub mod texts;

pub use command::{Command, Parsed, parse};
pub use config::{ConfigError, SmsConfig, SmsSettings};
pub use dlr::status_of;
pub use kannel::{KannelSettings, KannelTransport};
pub use network::Network;

use aduan_app::AppState;
use axum::Router;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::routing::get;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// Kannel's get-url.
pub const INBOUND_PATH: &str = "/channels/sms/kannel";
/// Kannel's dlr-url.
pub const DLR_PATH: &str = "/channels/sms/kannel/dlr";

/// What the channel's handlers share.
#[derive(Clone)]
pub(crate) struct Gateway {
    /// The service.
    pub(crate) app: AppState,
    /// The checked `[sms]` settings.
    pub(crate) config: Arc<SmsConfig>,
}

/// The address a request came from, when the server knows it (`ConnectInfo`).
pub(crate) struct Peer(pub(crate) Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Peer(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

/// The channel's routes, to merge into the service (`aduan serve` does when `[sms]` is
/// enabled). The server must be run with `into_make_service_with_connect_info::<SocketAddr>`
/// for the address allow-list to see the peer.
pub fn routes(app: AppState, config: SmsConfig) -> Router {
    Router::new()
        .route(INBOUND_PATH, get(inbound::kannel))
        .route(DLR_PATH, get(dlr::kannel_dlr))
        .with_state(Gateway {
            app,
            config: Arc::new(config),
        })
}

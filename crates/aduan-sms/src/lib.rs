//! SMS to the short code through a Kannel gateway (Debian's kannel package): smsbox's get-url
//! (`GET /channels/sms/kannel`, mounted by the server over [`SmsGateway`]) turns an SMS into a
//! report, a status card, a reply, a withdrawal, or another of the reporter's actions (a
//! rating, reopen, appeal, the Ombudsman), and answers with the SMS smsbox sends back;
//! outgoing notices go from the outbox through Kannel's sendsms interface
//! ([`KannelTransport`]), and Kannel's delivery reports come back to
//! `GET /channels/sms/kannel/dlr`.
//!
//! Everything goes through the use cases of `aduan-app`: a report is filed as every channel
//! files one, the reporter's actions by the one transition code, and every text comes from the
//! catalogue (`sms.ftl`) in the reader's language. A gateway message id is handled once, and
//! a per-number limit kept in the database stops floods on every instance at once.
//!
//! `docs/kannel.conf` is a working Kannel configuration; `docs/sms.md` says how to run
//! Kannel beside Aduan.

mod command;
mod config;
mod dlr;
mod execute;
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
use std::net::IpAddr;
use std::sync::Arc;

/// Kannel's get-url.
pub const INBOUND_PATH: &str = "/channels/sms/kannel";
/// Kannel's dlr-url.
pub const DLR_PATH: &str = "/channels/sms/kannel/dlr";

/// What the gateway is answered: the status, headers and the text smsbox sends back, as plain
/// `http` types; the server that mounts the channel writes it out.
pub type GatewayAnswer = http::Response<String>;

/// The SMS channel: the service and the checked `[sms]` settings. The server mounts
/// [`SmsGateway::inbound`] at [`INBOUND_PATH`] and [`SmsGateway::delivery_report`] at
/// [`DLR_PATH`] (`aduan serve` does when `[sms]` is enabled), handing over the connection's
/// peer address for the allow-list and the raw query string.
#[derive(Clone)]
pub struct SmsGateway {
    /// The service.
    pub(crate) app: AppState,
    /// The checked `[sms]` settings.
    pub(crate) config: Arc<SmsConfig>,
}

impl SmsGateway {
    /// The channel over `app` with `config`.
    pub fn new(app: AppState, config: SmsConfig) -> Self {
        Self {
            app,
            config: Arc::new(config),
        }
    }

    /// smsbox's get-url: an SMS from `peer` with smsbox's parameters in `query`.
    pub async fn inbound(&self, peer: Option<IpAddr>, query: &str) -> GatewayAnswer {
        inbound::kannel(self, peer, query).await
    }

    /// smsbox's dlr-url: a delivery report from `peer`.
    pub async fn delivery_report(&self, peer: Option<IpAddr>, query: &str) -> GatewayAnswer {
        dlr::kannel_dlr(self, peer, query).await
    }
}

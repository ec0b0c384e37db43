//! Outgoing SMS through Kannel's sendsms HTTP interface: each outbox message is written from the
//! catalogue in its language, split into parts that each fit one SMS, and every part is handed
//! to smsbox with a dlr-url that brings its delivery reports back to
//! `/channels/sms/kannel/dlr` with the outbox id and part number.

use crate::gsm;
use crate::texts;
use aduan_jobs::{Outgoing, Transport};
use async_trait::async_trait;
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// `[kannel]`: where smsbox's sendsms interface is and how to use it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KannelSettings {
    /// smsbox's sendsms URL (`sendsms-port` of the smsbox group); empty sends no SMS.
    pub sendsms_url: String,
    /// The `sendsms-user` username.
    pub username: String,
    /// Its password.
    pub password: String,
    /// The sender shown on phones (the short code).
    pub from: String,
    /// An `smsc-id` to send through; empty lets Kannel route.
    pub smsc: String,
    /// Aduan's delivery-report URL as Kannel reaches it; empty asks for no reports.
    pub dlr_url: String,
    /// Which delivery reports to ask for (Kannel's dlr-mask: 1 delivered, 2 failed,
    /// 4 buffered, 8 accepted by the operator, 16 refused by the operator).
    pub dlr_mask: u8,
    /// How long to wait for smsbox, in seconds.
    pub timeout_seconds: u64,
    /// The address people open Aduan at, for links in SMS (a password reset); empty: the
    /// e-mails' `smtp.base_url`.
    pub public_url: String,
}

impl Default for KannelSettings {
    fn default() -> Self {
        Self {
            sendsms_url: String::new(),
            username: String::new(),
            password: String::new(),
            from: "1708".into(),
            smsc: String::new(),
            dlr_url: String::new(),
            dlr_mask: 31,
            timeout_seconds: 10,
            public_url: String::new(),
        }
    }
}

impl std::fmt::Debug for KannelSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KannelSettings")
            .field("sendsms_url", &self.sendsms_url)
            .field("username", &self.username)
            .field("password", &"[redacted]")
            .field("from", &self.from)
            .field("smsc", &self.smsc)
            .field("dlr_url", &self.dlr_url)
            .field("dlr_mask", &self.dlr_mask)
            .field("timeout_seconds", &self.timeout_seconds)
            .field("public_url", &self.public_url)
            .finish()
    }
}

/// Sends outbox messages through Kannel.
#[derive(Clone)]
pub struct KannelTransport {
    settings: KannelSettings,
    /// The `[sms]` secret, sent back by Kannel in each dlr-url.
    secret: String,
    client: Client<HttpConnector, Empty<Bytes>>,
}

impl std::fmt::Debug for KannelTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KannelTransport")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

fn enc(s: &str) -> String {
    utf8_percent_encode(s, NON_ALPHANUMERIC).to_string()
}

impl KannelTransport {
    /// A transport with these settings; `secret` is the `[sms]` shared secret.
    pub fn new(settings: KannelSettings, secret: &str) -> Self {
        Self {
            settings,
            secret: secret.to_owned(),
            client: Client::builder(TokioExecutor::new()).build_http(),
        }
    }

    /// The sendsms request for one part.
    fn url(&self, to: &str, text: &str, outbox: i64, part: usize) -> String {
        let s = &self.settings;
        let coding = gsm::coding(text);
        let mut url = format!(
            "{}{}username={}&password={}&from={}&to={}&text={}&charset=UTF-8&coding={}",
            s.sendsms_url,
            if s.sendsms_url.contains('?') {
                '&'
            } else {
                '?'
            },
            enc(&s.username),
            enc(&s.password),
            enc(&s.from),
            enc(to),
            enc(text),
            coding.kannel(),
        );
        if !s.smsc.is_empty() {
            url.push_str(&format!("&smsc={}", enc(&s.smsc)));
        }
        if !s.dlr_url.is_empty() && s.dlr_mask != 0 {
            let dlr = format!(
                "{}{}secret={}&outbox={outbox}&part={part}&status=%d&answer=%A",
                s.dlr_url,
                if s.dlr_url.contains('?') { '&' } else { '?' },
                enc(&self.secret),
            );
            url.push_str(&format!("&dlr-mask={}&dlr-url={}", s.dlr_mask, enc(&dlr)));
        }
        url
    }

    async fn get(&self, url: &str) -> Result<(u16, String), String> {
        let uri: hyper::Uri = url
            .parse()
            .map_err(|e| format!("the sendsms URL is not a URL: {e}"))?;
        let wait = Duration::from_secs(self.settings.timeout_seconds.max(1));
        let call = async {
            let res = self
                .client
                .get(uri)
                .await
                .map_err(|e| format!("Kannel's sendsms interface is unreachable: {e}"))?;
            let status = res.status().as_u16();
            let body = res
                .into_body()
                .collect()
                .await
                .map_err(|e| format!("Kannel's answer broke off: {e}"))?
                .to_bytes();
            Ok((status, String::from_utf8_lossy(&body).trim().to_owned()))
        };
        tokio::time::timeout(wait, call)
            .await
            .map_err(|_| format!("Kannel did not answer within {} s", wait.as_secs()))?
    }
}

#[async_trait]
impl Transport for KannelTransport {
    async fn send(&self, m: &Outgoing) -> Result<(), String> {
        if self.settings.sendsms_url.is_empty() {
            return Err("kannel.sendsms_url is not set".into());
        }
        let to = m
            .address
            .as_deref()
            .ok_or("no phone number is known for this message")?;
        let text = texts::outgoing(m, &self.settings.public_url);
        for (i, part) in gsm::split(&text).iter().enumerate() {
            let (status, answer) = self.get(&self.url(to, part, m.id.0, i + 1)).await?;
            // smsbox answers 202 "0: Accepted for delivery" or "3: Queued for later delivery".
            if !(200..300).contains(&status) {
                return Err(format!("Kannel refused part {}: {status} {answer}", i + 1));
            }
        }
        Ok(())
    }
}

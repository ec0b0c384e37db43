//! `GET /channels/sms/kannel`: smsbox's get-url. The request must come from an allowed address
//! and carry the shared secret; its parameters are smsbox's escapes (`from=%p&to=%P&text=%b&
//! coding=%c&charset=%C&id=%I&time=%t`), read as bytes so that UCS-2 text survives. The answer's
//! body is the SMS smsbox sends back (empty: none). Each gateway message id is handled once:
//! a retried request gets the stored answer, and a failure leaves the message to the retry.

use crate::handle::{self, Reply};
use crate::{GatewayAnswer, SmsGateway};
use aduan_store::{SmsClaim, sms_answer_context};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use http::{HeaderValue, StatusCode, header};
use percent_encoding::percent_decode_str;
use std::net::IpAddr;

/// A claim nobody answered for this long is taken over by a retry. Shorter than smsbox's
/// retries (`docs/kannel.conf`: 3 more tries 5 s apart), so that a message the server was
/// handling when it died is handled by the last of them; handling one takes milliseconds,
/// and a report filed twice over is stopped by its idempotency key anyway.
const STALE_SECONDS: i64 = 10;
/// Answers are kept this long for retries (smsbox gives up within minutes).
const KEEP_ANSWERS_DAYS: i64 = 7;

/// A request's query parameters, decoded to bytes.
pub(crate) struct Params(Vec<(String, Vec<u8>)>);

impl Params {
    /// Parses `a=1&b=%00J`: `+` is a space, `%XX` a byte.
    pub(crate) fn parse(query: &str) -> Self {
        let decode = |s: &str| -> Vec<u8> { percent_decode_str(&s.replace('+', " ")).collect() };
        Params(
            query
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|pair| {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    (String::from_utf8_lossy(&decode(k)).into_owned(), decode(v))
                })
                .collect(),
        )
    }

    /// The raw bytes of `name`.
    pub(crate) fn bytes(&self, name: &str) -> Option<&[u8]> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_slice())
    }

    /// `name` as text (invalid UTF-8 replaced).
    pub(crate) fn text(&self, name: &str) -> Option<String> {
        self.bytes(name)
            .map(|b| String::from_utf8_lossy(b).trim().to_owned())
    }
}

/// An incoming SMS.
#[derive(Debug, Clone)]
pub(crate) struct Incoming {
    /// smsbox's message id (`%I`), the same on every retry.
    pub(crate) id: String,
    /// The sender's number (`%p`).
    pub(crate) from: String,
    /// The text, decoded by its coding.
    pub(crate) text: String,
    /// When the operator received it (`%t`, UTC), if given.
    pub(crate) sent_at: Option<DateTime<Utc>>,
}

/// Decodes a message's bytes: UTF-16BE for UCS-2 (`coding=2` or `charset=UTF-16BE`), else
/// UTF-8, falling back to ISO-8859-1 for bytes that are not UTF-8.
pub(crate) fn decode_text(bytes: &[u8], coding: Option<&str>, charset: Option<&str>) -> String {
    let charset = charset.unwrap_or_default().to_ascii_uppercase();
    let ucs2 =
        charset == "UTF-16BE" || charset == "UCS-2" || (charset.is_empty() && coding == Some("2"));
    let text = if ucs2 {
        let units: Vec<u16> = bytes
            .chunks(2)
            .map(|p| u16::from_be_bytes([p[0], p.get(1).copied().unwrap_or(0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
        }
    };
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect::<String>()
        .trim()
        .to_owned()
}

impl Incoming {
    /// The message in smsbox's parameters; `None` without an id or a sender.
    pub(crate) fn from_params(p: &Params) -> Option<Self> {
        let id = p.text("id").filter(|s| !s.is_empty() && s.len() <= 100)?;
        let from = p.text("from").filter(|s| !s.is_empty())?;
        let coding = p.text("coding");
        let charset = p.text("charset");
        let text = decode_text(
            p.bytes("text").unwrap_or_default(),
            coding.as_deref(),
            charset.as_deref(),
        );
        let sent_at = p
            .text("time")
            .and_then(|t| NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S").ok())
            .map(|t| t.and_utc());
        Some(Self {
            id,
            from,
            text,
            sent_at,
        })
    }
}

/// An answer with `status` and no SMS.
pub(crate) fn bare(status: StatusCode) -> GatewayAnswer {
    let mut res = GatewayAnswer::new(String::new());
    *res.status_mut() = status;
    res
}

/// The SMS smsbox sends back: plain text, with `X-Kannel-Coding: 2` when it needs UCS-2.
pub(crate) fn sms_answer(text: &str) -> GatewayAnswer {
    let mut res = GatewayAnswer::new(text.to_owned());
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=UTF-8"),
    );
    if crate::gsm::coding(text) == crate::gsm::Coding::Ucs2 {
        res.headers_mut()
            .insert("x-kannel-coding", HeaderValue::from_static("2"));
    }
    res
}

/// Not now: smsbox retries the request later (its `http-request-retry`).
fn try_later() -> GatewayAnswer {
    let mut res = plain(StatusCode::SERVICE_UNAVAILABLE, "");
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("10"));
    res
}

/// A plain-text answer with `status`.
pub(crate) fn plain(status: StatusCode, text: &str) -> GatewayAnswer {
    let mut res = bare(status);
    *res.body_mut() = text.to_owned();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}

/// Refuses a caller that is not smsbox.
pub(crate) fn refuse(
    gw: &SmsGateway,
    peer: Option<IpAddr>,
    params: &Params,
) -> Option<GatewayAnswer> {
    if !gw.config.peer_allowed(peer) {
        tracing::warn!(peer = ?peer, "SMS gateway request from an address not in sms.allow_from");
        return Some(bare(StatusCode::FORBIDDEN));
    }
    if !gw
        .config
        .secret_matches(&params.text("secret").unwrap_or_default())
    {
        tracing::warn!(peer = ?peer, "SMS gateway request without the shared secret");
        return Some(bare(StatusCode::FORBIDDEN));
    }
    None
}

/// `GET /channels/sms/kannel`.
pub(crate) async fn kannel(gw: &SmsGateway, peer: Option<IpAddr>, query: &str) -> GatewayAnswer {
    let params = Params::parse(query);
    if let Some(refused) = refuse(gw, peer, &params) {
        return refused;
    }
    let Some(msg) = Incoming::from_params(&params) else {
        return bare(StatusCode::BAD_REQUEST);
    };
    let state = &gw.app;
    let now = state.clock.now();
    let context = sms_answer_context(&msg.id);
    let claim = state
        .store
        .claim_sms(
            &msg.id,
            now,
            now - Duration::seconds(STALE_SECONDS),
            now - Duration::days(KEEP_ANSWERS_DAYS),
        )
        .await;
    match claim {
        Ok(SmsClaim::Fresh) => {}
        Ok(SmsClaim::Answered(sealed)) => {
            tracing::info!(gateway_id = %msg.id, "SMS seen before: the same answer again");
            return match state.deployment_key.open(&sealed, &context) {
                Ok(text) => sms_answer(&text),
                Err(e) => {
                    tracing::error!(gateway_id = %msg.id, error = %e, "cannot open a stored SMS answer: is secret_key the same on every instance?");
                    bare(StatusCode::INTERNAL_SERVER_ERROR)
                }
            };
        }
        Ok(SmsClaim::Busy) => return try_later(),
        Err(e) => {
            tracing::error!(gateway_id = %msg.id, error = %e, "cannot claim an SMS");
            return try_later();
        }
    }
    match handle::handle(gw, &msg).await {
        Ok(Reply { text, report }) => {
            let sealed = state.deployment_key.seal(&text, &context);
            if let Err(e) = state
                .store
                .answer_sms(&msg.id, &sealed, report.as_ref(), now)
                .await
            {
                // The work is done; a retry after the claim goes stale answers from the
                // report's idempotency key.
                tracing::error!(gateway_id = %msg.id, error = %e, "cannot store an SMS answer");
                return try_later();
            }
            sms_answer(&text)
        }
        Err(e) => {
            tracing::error!(gateway_id = %msg.id, error = %e, "an SMS could not be handled; the gateway will retry");
            if let Err(e) = state.store.release_sms(&msg.id).await {
                tracing::error!(gateway_id = %msg.id, error = %e, "cannot release an SMS claim");
            }
            try_later()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ucs2_text_as_smsbox_sends_it_decodes_with_its_spaces() {
        // As smsbox sent "Jalan rusak di Cianjur — ñé 漢字" (fakesmsc, coding 2) to a get-url
        // with text=%b: UTF-16BE, each 0x20 byte written as '+'.
        let q = "text=%00J%00a%00l%00a%00n%00+%00r%00u%00s%00a%00k%00+%00d%00i%00+%00C%00i%00a\
            %00n%00j%00u%00r%00++%14%00+%00%F1%00%E9%00+o%22%5BW&coding=2&charset=UTF-16BE";
        let p = Params::parse(q);
        let text = decode_text(
            p.bytes("text").unwrap(),
            p.text("coding").as_deref(),
            p.text("charset").as_deref(),
        );
        assert_eq!(text, "Jalan rusak di Cianjur — ñé 漢字");
    }

    #[test]
    fn utf8_text_keeps_regional_characters_and_a_literal_plus() {
        let p = Params::parse("text=Caf%C3%A9+%C3%B1+1%2B1&coding=0&charset=UTF-8");
        assert_eq!(
            decode_text(p.bytes("text").unwrap(), Some("0"), Some("UTF-8")),
            "Café ñ 1+1"
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_are_read_as_latin1() {
        assert_eq!(decode_text(b"Caf\xe9", Some("0"), None), "Café");
    }

    #[test]
    fn a_message_needs_an_id_and_a_sender_and_reads_kannels_time() {
        let p = Params::parse("id=abc&from=%2B6281234567890&text=Halo&time=2026-03-02+02:00:00");
        let m = Incoming::from_params(&p).unwrap();
        assert_eq!(
            (m.id.as_str(), m.from.as_str(), m.text.as_str()),
            ("abc", "+6281234567890", "Halo")
        );
        assert_eq!(m.sent_at.unwrap().to_rfc3339(), "2026-03-02T02:00:00+00:00");
        assert!(Incoming::from_params(&Params::parse("from=1&text=x")).is_none());
        assert!(Incoming::from_params(&Params::parse("id=1&text=x")).is_none());
    }
}

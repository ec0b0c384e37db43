//! Reports through the gateway channels themselves: an SMS through the SMS channel's get-url,
//! as Kannel's smsbox sends it, and an e-mail through `aduan ingest-email`'s intake, which
//! takes `lapor@` and the anonymous address `anonim@` at [`MAIL_DOMAIN`]. The privacy tests
//! file anonymous reports this way and carry them to an agency unit.

use crate::{As, TestApp};
use aduan_mail::inbound::{Envelope, MailIn, MailInSettings, Outcome, ingest};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

/// The shared secret of the SMS channel's get-url.
pub const SMS_SECRET: &str = "uji-rahasia-bersama-2026";
/// The e-mail intake's domain.
pub const MAIL_DOMAIN: &str = "aduan.contoh.id";

/// `s` percent-encoded for a query string (every byte but ASCII letters and digits).
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b if b.is_ascii_alphanumeric() => char::from(b).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// The tracking id an SMS answer names after its first `": "` ("Laporan anonim …: ABC123 …").
pub fn tracking_id_in(answer: &str) -> String {
    let (_, rest) = answer
        .split_once(": ")
        .unwrap_or_else(|| panic!("no report in the answer: {answer}"));
    rest.chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect()
}

impl TestApp {
    /// An SMS from `from` with `text` and Kannel's message `id` through the SMS channel's
    /// get-url, from smsbox's loopback address; the answer it gives.
    pub async fn sms(&self, from: &str, text: &str, id: &str) -> String {
        let settings = aduan_sms::SmsSettings {
            enabled: true,
            secret: SMS_SECRET.into(),
            allow_from: vec!["127.0.0.1".into()],
            ..aduan_sms::SmsSettings::default()
        };
        let config = aduan_sms::SmsConfig::from_settings(&settings).unwrap();
        let router = aduan_server::channels::sms_router(self.state.clone(), config);
        let url = format!(
            "{}?secret={SMS_SECRET}&from={}&to=1708&text={}&coding=0&charset=UTF-8&id={id}",
            aduan_sms::INBOUND_PATH,
            enc(from),
            enc(text)
        );
        let mut req = Request::get(url).body(Body::empty()).unwrap();
        let smsbox = std::net::SocketAddr::from(([127, 0, 0, 1], 40000));
        req.extensions_mut().insert(ConnectInfo(smsbox));
        let res = router.oneshot(req).await.unwrap();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    /// The e-mail intake: `lapor@` and the anonymous `anonim@` at [`MAIL_DOMAIN`].
    pub fn mail_in(&self) -> MailIn {
        MailIn {
            settings: MailInSettings {
                domain: MAIL_DOMAIN.into(),
                addresses: vec![format!("lapor@{MAIL_DOMAIN}")],
                anonymous_addresses: vec![format!("anonim@{MAIL_DOMAIN}")],
                ..MailInSettings::default()
            },
            reply_secret: aduan_mail::token::reply_secret(&self.state.deployment_key),
        }
    }

    /// A raw message through the e-mail intake; what it did.
    pub async fn mail(&self, raw: &str) -> Outcome {
        let intake = self.mail_in();
        ingest(&self.state, &intake, &Envelope::default(), raw.as_bytes())
            .await
            .unwrap()
    }

    /// The address that answers report `id` (the one its notifications reply to).
    pub fn reply_address(&self, id: &str) -> String {
        let token = aduan_mail::token::reply_token(&self.mail_in().reply_secret, id);
        format!("lapor+{token}@{MAIL_DOMAIN}")
    }

    /// Verified and dispatched to Kota Surabaya, sent on to its public works unit, which
    /// follows it up with `follow_up`; each action's answer, for a test to search.
    pub async fn to_the_surabaya_unit(&self, id: &str, follow_up: &str) -> Vec<String> {
        let mut answers = self.dispatch_to_the_surabaya_unit(id).await;
        let officer = self.login("dinas-pu").await;
        let body = json!({"action": "follow_up", "body": follow_up});
        answers.push(self.act_answer(id, &officer, body).await);
        answers
    }

    /// Verified and dispatched to Kota Surabaya and sent on to its public works unit; each
    /// action's answer.
    pub async fn dispatch_to_the_surabaya_unit(&self, id: &str) -> Vec<String> {
        let national = self.login("national").await;
        let surabaya = self.login("surabaya").await;
        let dispatch = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
        let to_unit = json!({"action": "dispatch_unit", "unit": "kota-surabaya/dinas-pu"});
        vec![
            self.act_answer(id, &national, dispatch).await,
            self.act_answer(id, &surabaya, to_unit).await,
        ]
    }

    /// An action by the holder of `token` that must succeed; its answer.
    async fn act_answer(&self, id: &str, token: &str, body: serde_json::Value) -> String {
        let res = self.act(id, As::Token(token), body.clone()).await;
        assert_eq!(res.status, StatusCode::OK, "{body} -> {}", res.text);
        res.text
    }
}

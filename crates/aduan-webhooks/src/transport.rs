//! Posts the outbox's webhook messages: the partner's URL and secret are looked up when each
//! attempt is made (so a changed or removed webhook takes effect at once), the URL is checked
//! against the policy again, the body is the message's payload as JSON, signed as [`crate::sign`]
//! says. Any answer but 2xx, a timeout or a refused connection fails the attempt; the queue
//! retries with backoff and finally dead-letters the message, which the partner then finds in
//! its dead-letter list. Redirects are not followed.

use crate::policy::WebhookPolicy;
use crate::sign::{DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signature};
use aduan_jobs::{Outgoing, Transport};
use aduan_store::{DeploymentKey, Store, webhook_secret_context};
use async_trait::async_trait;
use std::sync::Arc;
use std::time::Duration;

/// The webhook gateway.
#[derive(Clone)]
pub struct WebhookTransport {
    store: Arc<dyn Store>,
    key: Arc<DeploymentKey>,
    policy: WebhookPolicy,
    client: reqwest::Client,
}

impl std::fmt::Debug for WebhookTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookTransport")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl WebhookTransport {
    /// Posts webhooks of the partners in `store`, opening their secrets with `key`, to the
    /// hosts `policy` allows, giving up an attempt after `timeout`.
    pub fn new(
        store: Arc<dyn Store>,
        key: Arc<DeploymentKey>,
        policy: WebhookPolicy,
        timeout: Duration,
    ) -> Result<WebhookTransport, String> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            // Straight to the allowed host: a proxy from the environment would see every body.
            .no_proxy()
            .user_agent(concat!("Aduan-Webhook/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot build the webhook client: {e}"))?;
        Ok(WebhookTransport {
            store,
            key,
            policy,
            client,
        })
    }
}

#[async_trait]
impl Transport for WebhookTransport {
    async fn send(&self, m: &Outgoing) -> Result<(), String> {
        let slug = m.recipient.as_str();
        let partner = self
            .store
            .get_partner(slug)
            .await
            .map_err(|e| format!("cannot read partner {slug}: {e}"))?
            .ok_or_else(|| format!("partner {slug} does not exist"))?;
        let hook = partner
            .webhook
            .ok_or_else(|| format!("partner {slug} has no webhook"))?;
        let url = self
            .policy
            .check(&hook.url)
            .map_err(|e| format!("webhook of {slug} refused: {e}"))?;
        let secret = self
            .key
            .open(&hook.secret, &webhook_secret_context(slug))
            .map_err(|e| format!("cannot open the webhook secret of {slug} ({e})"))?;
        let body = serde_json::to_vec(&m.payload).map_err(|e| e.to_string())?;
        let now = chrono::Utc::now().timestamp();
        let answer = self
            .client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(DELIVERY_HEADER, &m.dedup_key)
            .header(TIMESTAMP_HEADER, now.to_string())
            .header(SIGNATURE_HEADER, signature(secret.as_bytes(), now, &body))
            .body(body)
            .send()
            .await
            .map_err(|e| format!("webhook of {slug} not reached: {}", without_url(&e)))?;
        let status = answer.status();
        if status.is_success() {
            tracing::info!(partner = slug, delivery = %m.dedup_key, status = status.as_u16(), "webhook delivered");
            Ok(())
        } else {
            Err(format!("webhook of {slug} answered {status}"))
        }
    }
}

/// A client error's text without the URL (which a partner may have given a token in).
fn without_url(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "connection refused or failed"
    } else if e.is_redirect() {
        "redirected"
    } else {
        "request failed"
    };
    kind.to_owned()
}

//! A partner's webhook: its subscription (an allowed URL and a signing secret shown once),
//! the message each change of a report it filed writes to the outbox, in the transition's
//! transaction, and the deliveries that ran out of attempts.
//!
//! A partner hears only while subscribed and holding a valid key: revoking its keys cuts it
//! off from webhooks too. The payload is what the reporter sees of the change: the report's status, its agency,
//! the action and its public text; never the reporter's identity, never an internal note
//! (internal events send nothing). The partner hears of every change of every report it filed,
//! through reroutes and escalations, for as long as anything happens to it: the last reopen
//! or appeal window is the last thing that can.

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::partners::PartnerCaller;
use aduan_domain::lifecycle::{ActionKind, EventDraft};
use aduan_domain::report::{Report, ReportState};
use aduan_store::{Language, NewOutboxMessage, NotifyChannel, RecipientKind, Webhook};
use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

/// The outbox template of a webhook message.
pub const WEBHOOK_TEMPLATE: &str = "report_changed";

/// `PUT /partner/webhook` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookRequest {
    /// Where deliveries are posted: https, to a host in `[partners] webhook_allow`.
    #[schema(pattern = "^https://", example = "https://hooks.mitra.example/aduan")]
    pub url: String,
}

/// A partner's subscription.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookSubscription {
    /// Where deliveries go (none: not subscribed).
    pub url: Option<String>,
    /// The signing secret: shown only when the subscription is made; keep it to verify
    /// `X-Aduan-Signature`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// A delivery that ran out of attempts.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadLetter {
    /// The delivery id (`X-Aduan-Delivery`).
    pub delivery: String,
    /// When the change happened.
    pub created_at: DateTime<Utc>,
    /// Attempts made.
    pub attempts: i32,
    /// Why the last one failed.
    pub last_error: Option<String>,
    /// What was to be delivered.
    #[schema(value_type = Object)]
    pub payload: Value,
}

/// Subscribes `caller` to webhooks at `req.url`, with a new secret.
pub async fn subscribe(
    state: &AppState,
    caller: &PartnerCaller,
    req: WebhookRequest,
) -> AppResult<WebhookSubscription> {
    let url = state
        .config
        .partners
        .webhook_policy()
        .check(&req.url)
        .map_err(|e| AppError::field("url", e.code()))?
        .to_string();
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = format!("whsec_{}", hex::encode(bytes));
    let slug = caller.slug();
    let hook = Webhook {
        url: url.clone(),
        secret: state
            .deployment_key
            .seal(&secret, &aduan_store::webhook_secret_context(slug)),
    };
    let at = state.clock.now();
    let actor = aduan_store::partner_subject(slug);
    state
        .store
        .set_partner_webhook(slug, Some(&hook), &actor, at)
        .await?;
    Ok(WebhookSubscription {
        url: Some(url),
        secret: Some(secret),
    })
}

/// Ends `caller`'s subscription.
pub async fn unsubscribe(state: &AppState, caller: &PartnerCaller) -> AppResult<()> {
    let actor = aduan_store::partner_subject(caller.slug());
    let at = state.clock.now();
    Ok(state
        .store
        .set_partner_webhook(caller.slug(), None, &actor, at)
        .await?)
}

/// `caller`'s subscription (without the secret).
pub async fn current(state: &AppState, caller: &PartnerCaller) -> AppResult<WebhookSubscription> {
    caller.audit(state, "webhook.read", "webhook").await?;
    let partner = state
        .store
        .get_partner(caller.slug())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(WebhookSubscription {
        url: partner.webhook.map(|w| w.url),
        secret: None,
    })
}

/// `caller`'s deliveries that ran out of attempts, newest first (at most 200).
pub async fn dead_letters(state: &AppState, caller: &PartnerCaller) -> AppResult<Vec<DeadLetter>> {
    caller
        .audit(state, "webhook.dead_letters", "webhook")
        .await?;
    let dead = state.store.partner_dead_letters(caller.slug(), 200).await?;
    Ok(dead
        .into_iter()
        .map(|m| DeadLetter {
            delivery: m.dedup_key,
            created_at: m.created_at,
            attempts: m.attempts,
            last_error: m.last_error,
            payload: m.payload,
        })
        .collect())
}

/// The webhook message a change of `report` (to `after`, version `version`, by `draft`, at
/// `at`) sends its filing partner, if a partner filed it, is subscribed, and the change is
/// one the reporter sees.
pub(crate) async fn for_transition(
    state: &AppState,
    report: &Report,
    draft: &EventDraft,
    after: &ReportState,
    at: DateTime<Utc>,
) -> AppResult<Option<NewOutboxMessage>> {
    if draft.internal || !matches!(report.channel, aduan_domain::report::Channel::Api(_)) {
        return Ok(None);
    }
    let Some(filed) = state.store.partner_of_report(&report.tracking_id).await? else {
        return Ok(None);
    };
    let subscribed = state
        .store
        .get_partner(&filed.partner)
        .await?
        .is_some_and(|p| p.webhook.is_some());
    // A partner cut off (every key revoked or expired) hears nothing more.
    let keys = state.store.list_partner_keys(&filed.partner).await?;
    if !subscribed || !keys.iter().any(|k| k.valid_at(at)) {
        return Ok(None);
    }
    let version = report.version + 1;
    let agency_name = match &after.agency {
        Some(a) => state.store.get_agency(a).await?.map(|a| a.name),
        None => None,
    };
    let reason = draft
        .reason
        .as_ref()
        .filter(|_| draft.action != ActionKind::Delete);
    let payload = json!({
        "type": "report.changed",
        "partner": filed.partner,
        "ref": filed.reference,
        "tracking_id": report.tracking_id,
        "version": version,
        "at": aduan_domain::event::canonical_time(at),
        "action": draft.action.as_str(),
        "status": after.status.as_str(),
        "completion_kind": after.completion_kind.map(|c| c.as_str()),
        "escalation_level": after.escalation_level.as_str(),
        "agency": after.agency,
        "agency_name": agency_name,
        "body": draft.body,
        "reason": reason,
        "rating": draft.payload.get("rating"),
    });
    Ok(Some(NewOutboxMessage {
        recipient_kind: RecipientKind::Partner,
        recipient: filed.partner.clone(),
        channel: NotifyChannel::Webhook,
        template: WEBHOOK_TEMPLATE.into(),
        language: Language::Id,
        payload,
        secret: None,
        dedup_key: format!(
            "{}:v{version}:webhook:{}",
            report.tracking_id, filed.partner
        ),
    }))
}

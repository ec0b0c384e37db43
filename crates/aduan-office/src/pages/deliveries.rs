//! `/kantor/pengiriman` (national admin): the notices that did not go out — dead ones and those
//! still being retried — with channel, template, attempts and the last error, the recipient
//! only as a kind and a masked address (never anyone's address in full: an anonymous
//! reporter's must not reach staff), and a button that sends a dead one again.

use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_domain::{ReporterId, UserId};
use aduan_jobs::mask::{mask_address, mask_in_text};
use aduan_pagekit::Ctx;
use aduan_pagekit::csrf::Form;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use aduan_store::{NotifyChannel, OutboxId, OutboxMessage, OutboxState, RecipientKind};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// Messages shown at most.
const LIMIT: u32 = 200;

/// The templates whose message carries a secret (an access code, a reset link, the reporter's
/// data or an erasure's code), wiped when the message died.
const WITH_SECRET: &[&str] = &[
    "report_received",
    "access_code",
    "access_recovery",
    "password_reset",
    "account_confirm",
    "chat_filed",
    "chat_private",
    "my_data",
    "erase_confirm",
];

/// One failed message as the page shows it.
pub struct Row {
    /// Outbox id.
    pub id: i64,
    /// The template's label.
    pub template: String,
    /// The channel's label.
    pub channel: String,
    /// Dead (no longer tried) rather than still retried.
    pub dead: bool,
    /// Attempts made.
    pub attempts: i32,
    /// The recipient's kind.
    pub kind: String,
    /// The address, masked.
    pub address: String,
    /// The last error, with any address in it masked.
    pub error: String,
    /// When the message was written.
    pub created_at: DateTime<Utc>,
    /// Whether its secret was wiped when it died.
    pub secret_gone: bool,
}

#[derive(Template)]
#[template(path = "office_deliveries.html")]
struct DeliveriesPage {
    c: Ctx,
    rows: Vec<Row>,
    dead: usize,
    failing: usize,
    requeued: Option<bool>,
}

/// `?ulang=1` (sent again) or `?ulang=0` (could not be) after a retry.
#[derive(Debug, Default, Deserialize)]
pub struct Requeued {
    #[serde(default)]
    ulang: Option<u8>,
}

fn template_key(template: &str) -> Option<&'static str> {
    Some(match template {
        "report_received" => "deliveries-template-report_received",
        "report_dispatched" => "deliveries-template-report_dispatched",
        "report_postponed" => "deliveries-template-report_postponed",
        "report_archived" => "deliveries-template-report_archived",
        "report_deleted" => "deliveries-template-report_deleted",
        "follow_up_posted" => "deliveries-template-follow_up_posted",
        "report_completed" => "deliveries-template-report_completed",
        "report_auto_closed" => "deliveries-template-report_auto_closed",
        "ombudsman_update" => "deliveries-template-ombudsman_update",
        "identity_revealed" => "deliveries-template-identity_revealed",
        "my_data" => "deliveries-template-my_data",
        "chat_private" => "deliveries-template-chat_private",
        "erase_confirm" => "deliveries-template-erase_confirm",
        "identity_erased" => "deliveries-template-identity_erased",
        "erase_account" => "deliveries-template-erase_account",
        "reveal_requested" => "deliveries-template-reveal_requested",
        "auto_close_warning" => "deliveries-template-auto_close_warning",
        "access_code" => "deliveries-template-access_code",
        "access_recovery" => "deliveries-template-access_recovery",
        "password_reset" => "deliveries-template-password_reset",
        "account_confirm" => "deliveries-template-account_confirm",
        "account_exists" => "deliveries-template-account_exists",
        "reply_received" => "deliveries-template-reply_received",
        "report_escalated" => "deliveries-template-report_escalated",
        "deadline_reminder" => "deliveries-template-deadline_reminder",
        "report_assigned" => "deliveries-template-report_assigned",
        "information_requested" => "deliveries-template-information_requested",
        "report_changed" => "deliveries-template-report_changed",
        _ => return None,
    })
}

/// The address a message went to, masked; looked up as delivery does.
async fn masked_address(state: &AppState, m: &OutboxMessage) -> Result<Option<String>, PageError> {
    let pick = |email: Option<String>, phone: Option<String>, chat: Option<String>| match m.channel
    {
        NotifyChannel::Email => email,
        NotifyChannel::Sms => phone,
        NotifyChannel::Chat => chat,
        NotifyChannel::Log | NotifyChannel::Webhook => None,
    };
    let address = match m.recipient_kind {
        RecipientKind::Address => Some(m.recipient.clone()),
        // A partner system, by its slug: not a person's address.
        RecipientKind::Partner => return Ok(Some(m.recipient.clone())),
        RecipientKind::Reporter => state
            .store
            .get_identity(&ReporterId::from_stored(m.recipient.as_str()))
            .await?
            .and_then(|who| pick(who.email, who.phone, who.chat)),
        RecipientKind::User => match m.recipient.parse::<i64>() {
            Ok(id) => state
                .store
                .get_user(UserId(id))
                .await?
                .and_then(|u| pick(u.email, u.phone, None)),
            Err(_) => None,
        },
    };
    Ok(address.map(|a| mask_address(&a)))
}

async fn row(state: &AppState, c: &Ctx, m: OutboxMessage) -> Result<Row, PageError> {
    let dead = m.state == OutboxState::Dead;
    Ok(Row {
        id: m.id.0,
        template: match template_key(&m.template) {
            Some(key) => c.t(key),
            None => c.t1("deliveries-template-other", "name", &m.template),
        },
        channel: match m.channel {
            NotifyChannel::Email => c.channel("email"),
            NotifyChannel::Sms => c.channel("sms"),
            NotifyChannel::Chat => c.channel("chat"),
            NotifyChannel::Log => c.t("deliveries-channel-log"),
            NotifyChannel::Webhook => c.t("deliveries-channel-webhook"),
        },
        dead,
        attempts: m.attempts,
        kind: c.t(match m.recipient_kind {
            RecipientKind::Reporter => "deliveries-kind-reporter",
            RecipientKind::User => "deliveries-kind-user",
            RecipientKind::Address => "deliveries-kind-address",
            RecipientKind::Partner => "deliveries-kind-partner",
        }),
        address: masked_address(state, &m)
            .await?
            .unwrap_or_else(|| c.t("deliveries-address-unknown")),
        error: m
            .last_error
            .as_deref()
            .map(mask_in_text)
            .unwrap_or_else(|| c.t("deliveries-no-error")),
        created_at: m.created_at,
        secret_gone: dead && WITH_SECRET.contains(&m.template.as_str()),
    })
}

fn national_only(s: &StaffCtx) -> Result<(), PageError> {
    if s.is_national() {
        Ok(())
    } else {
        Err(PageError::Forbidden)
    }
}

/// `GET /kantor/pengiriman`.
pub async fn page(
    State(state): State<AppState>,
    s: StaffCtx,
    Query(q): Query<Requeued>,
) -> Result<Response, PageError> {
    national_only(&s)?;
    let failed = state.store.list_failed_outbox(LIMIT).await?;
    let mut rows = Vec::with_capacity(failed.len());
    for m in failed {
        rows.push(row(&state, &s.c, m).await?);
    }
    let dead = rows.iter().filter(|r| r.dead).count();
    render(&DeliveriesPage {
        failing: rows.len() - dead,
        dead,
        rows,
        requeued: q.ulang.map(|v| v == 1),
        c: s.c,
    })
}

/// `POST /kantor/pengiriman/{id}/ulang`: sends a dead message again (audited).
pub async fn retry(
    State(state): State<AppState>,
    s: StaffCtx,
    Path(id): Path<i64>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<Response, PageError> {
    national_only(&s)?;
    let done = state
        .store
        .requeue_outbox(OutboxId(id), &s.staff.user.to_string(), state.clock.now())
        .await?;
    let back = format!("/kantor/pengiriman?ulang={}", u8::from(done));
    Ok(Redirect::to(&back).into_response())
}

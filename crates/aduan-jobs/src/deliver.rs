//! `DeliverOutbox`: sends one outbox message through the notifier. The store enqueues one such
//! job with each message it writes. A message is marked sent (and its secret wiped) only
//! after the notifier took it, so it goes out at least once; a failure is retried with the
//! queue's backoff, and when the job dies the store kills the message and wipes its secret.

use crate::job::{Job, JobContext, JobError, JobHandler};
use crate::notifier::{Notifier, Outgoing};
use aduan_domain::{ReporterId, UserId};
use aduan_store::{
    DELIVER_OUTBOX_ATTEMPTS, DELIVER_OUTBOX_JOB, DELIVER_OUTBOX_PRIORITY, DeploymentKey,
    NotifyChannel, OutboxId, OutboxMessage, RecipientKind, StoreError,
};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// Deliver outbox message `message`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliverOutbox {
    /// The outbox row's id.
    pub message: i64,
}

impl Job for DeliverOutbox {
    const NAME: &'static str = DELIVER_OUTBOX_JOB;
    const PRIORITY: i32 = DELIVER_OUTBOX_PRIORITY;
    const MAX_ATTEMPTS: i32 = DELIVER_OUTBOX_ATTEMPTS;

    fn dedup_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::NAME, self.message))
    }
}

/// Runs [`DeliverOutbox`] jobs: opens the secret with the deployment key, finds the address,
/// hands the message to the notifier.
#[derive(Debug, Clone)]
pub struct OutboxDelivery {
    notifier: Notifier,
    key: DeploymentKey,
}

impl OutboxDelivery {
    /// Delivers through `notifier`, opening secrets with `key`.
    pub fn new(notifier: Notifier, key: DeploymentKey) -> Self {
        Self { notifier, key }
    }
}

/// The e-mail address, phone number or chat handle to use for `m`, if one is known.
async fn address(ctx: &JobContext, m: &OutboxMessage) -> Result<Option<String>, StoreError> {
    let by_channel =
        |email: Option<String>, phone: Option<String>, chat: Option<String>| match m.channel {
            NotifyChannel::Email => email,
            NotifyChannel::Sms => phone,
            NotifyChannel::Chat => chat,
            NotifyChannel::Log | NotifyChannel::Webhook => None,
        };
    Ok(match m.recipient_kind {
        // The webhook transport looks the partner's URL up itself.
        RecipientKind::Address | RecipientKind::Partner => Some(m.recipient.clone()),
        RecipientKind::Reporter => ctx
            .store
            .get_identity(&ReporterId::from_stored(m.recipient.as_str()))
            .await?
            .and_then(|who| by_channel(who.email, who.phone, who.chat)),
        RecipientKind::User => {
            let Ok(id) = m.recipient.parse::<i64>() else {
                return Ok(None);
            };
            ctx.store
                .get_user(UserId(id))
                .await?
                .and_then(|u| by_channel(u.email, u.phone, None))
        }
    })
}

#[async_trait]
impl JobHandler for OutboxDelivery {
    type Job = DeliverOutbox;

    async fn run(&self, ctx: &JobContext, job: DeliverOutbox) -> Result<(), JobError> {
        let id = OutboxId(job.message);
        let Some(m) = ctx.store.start_delivery(id).await? else {
            // Sent or dead already: a repeat of a job that finished its work.
            return Ok(());
        };
        let secret = match &m.secret {
            None => None,
            Some(sealed) => match self.key.open(sealed, &m.dedup_key) {
                Ok(s) => Some(s),
                Err(e) => {
                    let error = format!(
                        "cannot open the message's secret ({e}): is secret_key the same on every instance?"
                    );
                    ctx.store.record_outbox_failure(id, &error).await?;
                    return Err(JobError::Failed(error));
                }
            },
        };
        let outgoing = Outgoing {
            id,
            address: address(ctx, &m).await?,
            dedup_key: m.dedup_key,
            recipient_kind: m.recipient_kind,
            recipient: m.recipient,
            channel: m.channel,
            template: m.template,
            language: m.language,
            payload: m.payload,
            secret,
        };
        if let Err(error) = self.notifier.send(&outgoing).await {
            ctx.store.record_outbox_failure(id, &error).await?;
            return Err(JobError::Failed(error));
        }
        ctx.store.mark_outbox_sent(id, ctx.now()).await?;
        Ok(())
    }
}

//! Questions left unanswered lapse: a job every minute finds the conversations whose open
//! question waited longer than `conversation_minutes`, drops their draft and tells the sender,
//! in the same transaction (a conversation that moved meanwhile is left alone: its sender
//! answered). The same job forgets the network message ids claimed more than a week ago (the
//! networks stop redelivering long before) and the conversations with nothing asked whose
//! sender has not written for 30 days.

use crate::answer_key;
use crate::texts::text;
use aduan_app::AppState;
use aduan_jobs::{Every, Job, JobContext, JobError, JobHandler, Registry};
use aduan_store::{ChatState, ChatStep, NewOutboxMessage, NotifyChannel, RecipientKind};
use async_trait::async_trait;
use chrono::Duration;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// Conversations looked at per run.
const PAGE: u32 = 100;
/// How long a claimed message id is remembered.
const REMEMBER_DAYS: i64 = 7;
/// How long a conversation with nothing asked is kept after its sender last wrote.
const IDLE_DAYS: i64 = 30;

/// Lapse the conversations whose question waited too long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LapseConversations {
    /// The minutes a question waits (for the notice's words).
    pub minutes: u32,
}

impl Job for LapseConversations {
    const NAME: &'static str = "lapse_chat_conversations";
    const PRIORITY: i32 = 0;
}

struct Lapser(AppState);

#[async_trait]
impl JobHandler for Lapser {
    type Job = LapseConversations;

    async fn run(&self, ctx: &JobContext, job: LapseConversations) -> Result<(), JobError> {
        let now = ctx.now();
        let store = &self.0.store;
        let lapsed = store
            .lapsed_chat_conversations(now, PAGE)
            .await
            .map_err(JobError::failed)?;
        for c in lapsed {
            let handle = format!("{}:{}", c.network, c.sender);
            let version = c.version.to_string();
            let dedup_key = answer_key(&self.0, &handle, &[&handle, &version], "lapsed");
            let notice = text(
                c.language,
                "chat-draft-lapsed",
                &[("minutes", job.minutes.into())],
            );
            let step = ChatStep {
                network: c.network.clone(),
                sender: c.sender.clone(),
                message_id: None,
                at: now,
                state: Some(ChatState {
                    from_version: Some(c.version),
                    language: c.language,
                    step: None,
                    draft: json!({}),
                    expires_at: None,
                    last_inbound_at: c.last_inbound_at,
                }),
                answers: vec![NewOutboxMessage {
                    recipient_kind: RecipientKind::Address,
                    recipient: handle,
                    channel: NotifyChannel::Chat,
                    template: "chat_text".into(),
                    language: c.language,
                    payload: json!({ "text": notice }),
                    secret: None,
                    dedup_key,
                }],
            };
            // A conversation that moved meanwhile is its sender's again: nothing to do.
            store
                .write_chat_step(&step)
                .await
                .map_err(JobError::failed)?;
        }
        store
            .forget_chat_records(
                now - Duration::days(REMEMBER_DAYS),
                now - Duration::days(IDLE_DAYS),
            )
            .await
            .map_err(JobError::failed)?;
        Ok(())
    }
}

/// Registers the lapse job, every minute, for questions that wait `minutes`.
pub fn register(registry: &mut Registry, state: &AppState, minutes: u32) {
    registry
        .register(Lapser(state.clone()))
        .schedule(Every::minutes(1), move |_| LapseConversations { minutes });
}

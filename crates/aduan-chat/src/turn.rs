//! One message, one turn of the conversation: claim the message (so that it is handled once,
//! whichever instance the network reaches), work the turn out ([`crate::handle`]), and write
//! the step (message done, new state, answers) in one transaction. When another message of
//! the same sender moved the conversation meanwhile, a turn that did nothing outside the
//! conversation is worked out again; one that acted (filed, replied, rated) keeps what it did
//! and sends its answers, leaving the conversation as the other message left it.

use crate::flow::{Draft, Step};
use crate::handle::take;
use crate::{ChatService, handle};
use aduan_app::error::{AppError, AppResult};
use aduan_app::limiter::{self, Policy};
use aduan_chat_core::{Incoming, Received};
use aduan_domain::TrackingId;
use aduan_store::{
    ChatClaim, ChatState, ChatStep, ChatStepOutcome, Language, NewOutboxMessage, NotifyChannel,
    RecipientKind,
};
use chrono::Duration;
use serde_json::json;

/// A message to send back.
#[derive(Debug)]
pub(crate) enum Answer {
    /// Text, which may name the sender (the summary before sending, their data): sealed in the
    /// outbox until sent, and not kept after.
    Text(String),
    /// The receipt of a report filed, with its access code (sealed in the outbox).
    Filed {
        id: TrackingId,
        code: Option<String>,
        anonymous: bool,
        photo: Option<i64>,
    },
    /// A public reply to a post.
    Public { post_id: String, text: String },
}

/// What a turn leaves.
pub(crate) struct Turn {
    pub language: Language,
    pub step: Option<Step>,
    pub draft: Draft,
    pub answers: Vec<Answer>,
    /// It did something outside the conversation (filed, replied, acted on a report).
    pub acted: bool,
}

/// How long a claim may run before another instance takes the message over.
const CLAIM_MINUTES: i64 = 5;

/// Takes one message: at most once, within the sender's limit, retried when another
/// instance moved the same conversation meanwhile.
pub(crate) async fn receive(svc: &ChatService, incoming: &Incoming) -> AppResult<Received> {
    let state = &svc.app;
    let network = incoming.network.as_str();
    let message = incoming.message_id.as_str();
    let now = state.clock.now();
    let stale = now - Duration::minutes(CLAIM_MINUTES);
    match state
        .store
        .claim_chat_message(network, message, now, stale)
        .await?
    {
        ChatClaim::Done => return Ok(Received::Duplicate),
        // Another instance is handling it: the network delivers it again later.
        ChatClaim::Busy => return Err(AppError::Conflict),
        ChatClaim::Fresh => {}
    }
    let who = handle(incoming);
    let answers_only = |answers: Vec<NewOutboxMessage>| ChatStep {
        network: network.to_owned(),
        sender: incoming.sender.id.clone(),
        message_id: Some(message.to_owned()),
        at: state.clock.now(),
        state: None,
        answers,
    };
    match limiter::hit(state, Policy::ChatSender, &who).await {
        Ok(()) => {}
        Err(AppError::RateLimited { .. }) => {
            tracing::warn!(network, "a chat sender over the message limit");
            state
                .store
                .write_chat_step(&answers_only(Vec::new()))
                .await?;
            return Ok(Received::Limited);
        }
        Err(e) => return Err(e),
    }
    for attempt in 0..3 {
        let now = state.clock.now();
        let conv = state
            .store
            .get_chat_conversation(network, &incoming.sender.id)
            .await?;
        let turn = take(svc, incoming, conv.as_ref(), now).await?;
        let answers = outbox(svc, incoming, turn.language, &turn.answers);
        let expires_at = turn
            .step
            .map(|_| now + Duration::minutes(i64::from(svc.settings.conversation_minutes)));
        let draft =
            serde_json::to_value(&turn.draft).map_err(|e| AppError::Internal(Box::new(e)))?;
        let step = ChatStep {
            network: network.to_owned(),
            sender: incoming.sender.id.clone(),
            message_id: Some(message.to_owned()),
            at: now,
            state: Some(ChatState {
                from_version: conv.as_ref().map(|c| c.version),
                language: turn.language,
                step: turn.step.map(|s| s.as_str().to_owned()),
                draft,
                expires_at,
                last_inbound_at: now,
            }),
            answers: answers.clone(),
        };
        match state.store.write_chat_step(&step).await? {
            ChatStepOutcome::Written => return Ok(Received::Accepted),
            ChatStepOutcome::Duplicate => return Ok(Received::Duplicate),
            // What was done is done: its answers go out; the conversation stays as the other
            // message left it.
            ChatStepOutcome::Moved if turn.acted || attempt == 2 => {
                state.store.write_chat_step(&answers_only(answers)).await?;
                return Ok(Received::Accepted);
            }
            ChatStepOutcome::Moved => continue,
        }
    }
    Err(AppError::Conflict)
}

/// The outbox messages for a turn's answers, to the sender's handle.
fn outbox(
    svc: &ChatService,
    incoming: &Incoming,
    language: Language,
    answers: &[Answer],
) -> Vec<NewOutboxMessage> {
    let who = handle(incoming);
    answers
        .iter()
        .enumerate()
        .map(|(n, a)| {
            let parts = [who.as_str(), incoming.message_id.as_str()];
            let dedup_key = crate::answer_key(&svc.app, &who, &parts, &n.to_string());
            let (template, payload, secret) = match a {
                Answer::Text(t) => ("chat_private", json!({}), Some(t.as_str())),
                Answer::Filed {
                    id,
                    code,
                    anonymous,
                    photo,
                } => (
                    "chat_filed",
                    json!({ "tracking_id": id, "anonymous": anonymous, "photo": photo }),
                    code.as_deref(),
                ),
                Answer::Public { post_id, text } => (
                    "chat_public_reply",
                    json!({ "text": text, "reply_to_post": post_id }),
                    None,
                ),
            };
            NewOutboxMessage {
                recipient_kind: RecipientKind::Address,
                recipient: who.clone(),
                channel: NotifyChannel::Chat,
                template: template.into(),
                language,
                payload,
                secret: secret.map(|s| svc.app.deployment_key.seal(s, &dedup_key)),
                dedup_key,
            }
        })
        .collect()
}

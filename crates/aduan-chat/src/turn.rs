//! One message, one turn of the conversation: read what it says, do it, and write the step
//! (message taken, new state, answers) in one transaction.

use crate::file::{Filing, file};
use crate::flow::{self, Draft, Step};
use crate::texts::{arg, text};
use crate::words::{Said, read};
use crate::{ChatService, act, handle};
use aduan_app::error::{AppError, AppResult};
use aduan_app::limiter::{self, Policy};
use aduan_chat_core::{Content, Incoming, Received, Via};
use aduan_domain::TrackingId;
use aduan_domain::report::Channel;
use aduan_store::{
    ChatConversation, ChatStep, ChatStepOutcome, Language, NewOutboxMessage, NotifyChannel,
    RecipientKind,
};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

/// A message to send back.
#[derive(Debug)]
pub(crate) enum Answer {
    /// Plain text.
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
struct Turn {
    language: Language,
    step: Option<Step>,
    draft: Draft,
    answers: Vec<Answer>,
}

/// The language a new sender is spoken to in: English when their app is set to it.
fn first_language(hint: Option<&str>) -> Language {
    match hint {
        Some(l) if l.to_ascii_lowercase().starts_with("en") => Language::En,
        _ => Language::Id,
    }
}

/// Takes one message: at most once, within the sender's limit, retried when another
/// instance moved the same conversation meanwhile.
pub(crate) async fn receive(svc: &ChatService, incoming: &Incoming) -> AppResult<Received> {
    let state = &svc.app;
    let network = incoming.network.as_str();
    if state
        .store
        .chat_message_taken(network, &incoming.message_id)
        .await?
    {
        return Ok(Received::Duplicate);
    }
    let who = handle(incoming);
    match limiter::hit(state, Policy::ChatSender, &who).await {
        Ok(()) => {}
        Err(AppError::RateLimited { .. }) => {
            tracing::warn!(network, "a chat sender over the message limit");
            return Ok(Received::Limited);
        }
        Err(e) => return Err(e),
    }
    for _attempt in 0..3 {
        let now = state.clock.now();
        let conv = state
            .store
            .get_chat_conversation(network, &incoming.sender.id)
            .await?;
        let turn = take(svc, incoming, conv.as_ref(), now).await?;
        let expires_at = turn
            .step
            .map(|_| now + Duration::minutes(i64::from(svc.settings.conversation_minutes)));
        let step = ChatStep {
            network: network.to_owned(),
            sender: incoming.sender.id.clone(),
            message_id: Some(incoming.message_id.clone()),
            at: now,
            last_inbound_at: now,
            from_version: conv.as_ref().map(|c| c.version),
            language: turn.language,
            step: turn.step.map(|s| s.as_str().to_owned()),
            draft: serde_json::to_value(&turn.draft)
                .map_err(|e| AppError::Internal(Box::new(e)))?,
            expires_at,
            answers: outbox(svc, incoming, turn.language, &turn.answers),
        };
        match state.store.write_chat_step(&step).await? {
            ChatStepOutcome::Written => return Ok(Received::Accepted),
            ChatStepOutcome::Duplicate => return Ok(Received::Duplicate),
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
            let dedup_key = format!("chat:{who}:{}:{n}", incoming.message_id);
            let (template, payload, secret) = match a {
                Answer::Text(t) => ("chat_text", json!({ "text": t }), None),
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

/// Works out a turn: what the message says, done.
async fn take(
    svc: &ChatService,
    incoming: &Incoming,
    conv: Option<&ChatConversation>,
    now: DateTime<Utc>,
) -> AppResult<Turn> {
    let language = conv.map_or_else(
        || first_language(incoming.sender.language.as_deref()),
        |c| c.language,
    );
    let mut turn = Turn {
        language,
        step: None,
        draft: Draft::default(),
        answers: Vec::new(),
    };
    if let Some(c) = conv {
        let lapsed = c.expires_at.is_some_and(|at| at <= now);
        if lapsed {
            let minutes = svc.settings.conversation_minutes;
            turn.answers.push(Answer::Text(text(
                language,
                "chat-draft-lapsed",
                &[("minutes", minutes.into())],
            )));
        } else {
            turn.step = c.step.as_deref().and_then(Step::parse);
            turn.draft = serde_json::from_value(c.draft.clone()).unwrap_or_default();
        }
    }
    if let Via::PublicMention { post_id } = &incoming.via {
        public_post(svc, incoming, post_id, &mut turn).await?;
        return Ok(turn);
    }
    let said = match &incoming.content {
        Content::Text(t) => Some(read(t)),
        _ => None,
    };
    if commanded(svc, incoming, said.as_ref(), &mut turn).await? {
        return Ok(turn);
    }
    let network = incoming.network.display_name();
    let lang = turn.language;
    match turn.step {
        Some(step) => {
            let moved = flow::answer(
                lang,
                network,
                step,
                &mut turn.draft,
                &incoming.content,
                said.as_ref(),
            );
            turn.step = moved.step;
            turn.answers
                .extend(moved.answers.into_iter().map(Answer::Text));
            if moved.file {
                file_draft(svc, incoming, &mut turn).await?;
            }
        }
        None => idle(svc, incoming, said.as_ref(), &mut turn).await?,
    }
    Ok(turn)
}

/// The commands that work at any point; `true` when the message was one.
async fn commanded(
    svc: &ChatService,
    incoming: &Incoming,
    said: Option<&Said<'_>>,
    turn: &mut Turn,
) -> AppResult<bool> {
    let state = &svc.app;
    let who = handle(incoming);
    let network = incoming.network.display_name();
    let answer = match said {
        Some(Said::Menu) => text(turn.language, "chat-menu", &[]),
        Some(Said::Language(l)) => {
            turn.language = *l;
            let mut out = text(*l, "chat-language-set", &[]);
            if let Some(step) = turn.step {
                out.push('\n');
                out.push_str(&flow::question(*l, step, &turn.draft, network));
            }
            out
        }
        Some(Said::NewReport) => {
            turn.draft = Draft::default();
            turn.step = Some(Step::Title);
            flow::question(turn.language, Step::Title, &turn.draft, network)
        }
        Some(Said::Cancel) if turn.step.is_some() => {
            turn.draft = Draft::default();
            turn.step = None;
            text(turn.language, "chat-draft-cancelled", &[])
        }
        Some(Said::Check(None)) => act::mine(state, turn.language, &who).await?,
        Some(Said::Check(Some(id))) => act::check(state, turn.language, id, &who).await?,
        Some(Said::Reply(id, body)) => act::reply_to(state, turn.language, id, &who, body).await?,
        Some(Said::Act {
            keyword,
            id,
            stars,
            words,
        }) => act::act(state, turn.language, id, &who, *keyword, *stars, words).await?,
        _ => return Ok(false),
    };
    turn.answers.push(Answer::Text(answer));
    Ok(true)
}

/// A message when no question waits: a bare text answers the one report that awaits the
/// sender's answer; anything else gets the menu.
async fn idle(
    svc: &ChatService,
    incoming: &Incoming,
    said: Option<&Said<'_>>,
    turn: &mut Turn,
) -> AppResult<()> {
    let state = &svc.app;
    let lang = turn.language;
    if let Some(Said::Text(body)) = said
        && !body.is_empty()
        && let Some(report) = act::awaiting(state, &handle(incoming)).await?
    {
        let answer = act::reply(state, lang, &report, &handle(incoming), body).await?;
        turn.answers.push(Answer::Text(answer));
        return Ok(());
    }
    if let Content::Unsupported(kind) = &incoming.content {
        let sorry = text(lang, "chat-unsupported", &[("kind", arg(kind.as_str()))]);
        turn.answers.push(Answer::Text(sorry));
    }
    turn.answers
        .push(Answer::Text(text(lang, "chat-menu", &[])));
    Ok(())
}

/// Files the draft the sender asked to send, and says how it went.
async fn file_draft(svc: &ChatService, incoming: &Incoming, turn: &mut Turn) -> AppResult<()> {
    let lang = turn.language;
    match file(svc, incoming, lang, Channel::Chat, &turn.draft).await? {
        Filing::Filed {
            id,
            code,
            anonymous,
            lost,
            photo,
        } => {
            turn.step = None;
            turn.draft = Draft::default();
            turn.answers.push(Answer::Filed {
                id,
                code,
                anonymous,
                photo,
            });
            if lost > 0 {
                let network = incoming.network.display_name();
                turn.answers.push(Answer::Text(text(
                    lang,
                    "chat-media-lost",
                    &[("count", lost.into()), ("network", arg(network))],
                )));
            }
        }
        Filing::Invalid(reason) => {
            let t = text(lang, "chat-not-filed", &[("reason", arg(reason))]);
            turn.answers.push(Answer::Text(t));
        }
        Filing::Later(Some(seconds)) => {
            let minutes = (seconds + 59) / 60;
            let t = text(lang, "chat-rate-limited", &[("minutes", minutes.into())]);
            turn.answers.push(Answer::Text(t));
        }
        Filing::Later(None) => {
            turn.answers
                .push(Answer::Text(text(lang, "chat-not-filed-later", &[])));
        }
    }
    Ok(())
}

/// A public post that mentions the account: filed at once as a `social` report with the
/// post's public text, answered publicly with the tracking id and a link only.
async fn public_post(
    svc: &ChatService,
    incoming: &Incoming,
    post_id: &str,
    turn: &mut Turn,
) -> AppResult<()> {
    let Content::Text(body) = &incoming.content else {
        return Ok(());
    };
    let draft = Draft {
        body: Some(body.clone()),
        ..Draft::default()
    };
    // The post is public already; the reporter is known by their handle, no name is assumed.
    let lang = turn.language;
    match file(svc, incoming, lang, Channel::Social, &draft).await? {
        Filing::Filed { id, .. } => {
            let link = format!("{}/laporan/{id}", svc.public_url);
            let text = text(
                lang,
                "chat-public-filed",
                &[("id", arg(id.to_string())), ("link", arg(link))],
            );
            turn.answers.push(Answer::Public {
                post_id: post_id.to_owned(),
                text,
            });
        }
        Filing::Invalid(reason) => {
            tracing::info!(%reason, "a public post could not be filed");
        }
        Filing::Later(_) => return Err(AppError::Conflict),
    }
    Ok(())
}

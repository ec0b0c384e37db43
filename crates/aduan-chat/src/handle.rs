//! Working out a turn: what the message says, done through the application layer, and the
//! answers it leaves. Nothing here writes the conversation: [`crate::turn`] does, once.

use crate::file::{Filing, file};
use crate::flow::{self, Draft, Step};
use crate::texts::{arg, text};
use crate::turn::{Answer, Turn};
use crate::words::{Said, named_id, names_a_report, read};
use crate::{ChatService, act, handle};
use aduan_app::error::{AppError, AppResult};
use aduan_chat_core::{Content, Incoming, Via};
use aduan_domain::report::Channel;
use aduan_store::{ChatConversation, Language};
use chrono::{DateTime, Utc};

/// The language a new sender is spoken to in: English when their app is set to it.
fn first_language(hint: Option<&str>) -> Language {
    match hint {
        Some(l) if l.to_ascii_lowercase().starts_with("en") => Language::En,
        _ => Language::Id,
    }
}

/// Works out a turn: what the message says, done.
pub(crate) async fn take(
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
        acted: false,
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
    let mut said = match &incoming.content {
        Content::Text(t) => Some(read(t)),
        _ => None,
    };
    // A command whose "number" is a word of ten letters that names no report is text.
    if let Some(id) = said.as_ref().and_then(named_id) {
        let exists = svc.app.store.get_report(&id).await?.is_some();
        if !names_a_report(&id, exists)
            && let Content::Text(t) = &incoming.content
        {
            said = Some(Said::Text(t.trim()));
        }
    }
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
    if let Some(Said::MyData(id)) = said {
        let answer = crate::rights::my_data(state, turn.language, id, &who).await?;
        turn.answers.push(answer);
        return Ok(true);
    }
    let answer = match said {
        Some(Said::Menu) => text(turn.language, "chat-menu", &[]),
        Some(Said::Language(l)) => {
            turn.language = *l;
            let mut out = text(*l, "chat-language-set", &[]);
            if let Some(step) = turn.step {
                out.push('\n');
                out.push_str(&crate::questions::question(*l, step, &turn.draft, network));
            }
            out
        }
        Some(Said::NewReport) => {
            turn.draft = Draft::default();
            turn.step = Some(Step::Title);
            crate::questions::question(turn.language, Step::Title, &turn.draft, network)
        }
        Some(Said::Cancel) if turn.step.is_some() => {
            turn.draft = Draft::default();
            turn.step = None;
            text(turn.language, "chat-draft-cancelled", &[])
        }
        Some(Said::Check(None)) => act::mine(state, turn.language, &who).await?,
        Some(Said::Check(Some(id))) => act::check(state, turn.language, id, &who).await?,
        Some(Said::Reply(id, body)) => {
            turn.acted = true;
            act::reply_to(state, turn.language, id, &who, body).await?
        }
        Some(Said::Act {
            keyword,
            id,
            stars,
            words,
        }) => {
            turn.acted = true;
            act::act(state, turn.language, id, &who, *keyword, *stars, words).await?
        }
        Some(Said::Erase(id, confirmed)) => {
            turn.acted = *confirmed;
            crate::rights::erase(state, turn.language, id, &who, *confirmed).await?
        }
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
        turn.acted = true;
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
    turn.acted = true;
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
    turn.acted = true;
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
        // Over the sender's limit: the post stays public on X, and nothing is answered.
        Filing::Later(Some(_)) => tracing::warn!("a public post over its sender's limit"),
        Filing::Later(None) => return Err(AppError::Conflict),
    }
    Ok(())
}

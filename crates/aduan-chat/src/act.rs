//! What the report commands do in a chat: the status card as anyone holding the tracking id
//! sees it, replies and the reporter's other actions through the one transition code of
//! `aduan-app`, as the reporter, and only from the chat handle the report was filed from.
//! The outcomes are worded with the SMS channel's texts, which say the same in any channel.

use crate::texts::{arg, status, text};
use aduan_app::AppState;
use aduan_app::error::{AppError, AppResult};
use aduan_app::reports::reporter_commands::{self, Keyword, Verb};
use aduan_app::reports::viewer::Viewed;
use aduan_domain::TrackingId;
use aduan_domain::lifecycle::TransitionError;
use aduan_domain::report::Report;
use aduan_i18n::FluentValue;
use aduan_store::Language;
use chrono::{DateTime, Datelike, Utc};
use serde_json::json;

/// A date as people write it, in Western Indonesian Time: `2 Maret 2026`.
fn date(lang: Language, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&chrono_tz::Asia::Jakarta);
    let month = text(lang, &format!("month-{}", local.month()), &[]);
    format!("{} {month} {}", local.day(), local.year())
}

pub(crate) async fn find(state: &AppState, id: &TrackingId) -> AppResult<Option<Report>> {
    Ok(state.store.get_report(id).await?)
}

pub(crate) fn not_found(lang: Language, id: &TrackingId) -> String {
    text(lang, "sms-not-found", &[("id", arg(id.to_string()))])
}

/// `CEK <id>`: the status card, as anyone holding the tracking id may see it (the reporter
/// sees their own view of it).
pub(crate) async fn check(
    state: &AppState,
    lang: Language,
    id: &TrackingId,
    handle: &str,
) -> AppResult<String> {
    let Some(report) = find(state, id).await? else {
        return Ok(not_found(lang, id));
    };
    let seen = Viewed::by_chat(state, report, handle).await?;
    let card = aduan_app::reports::read::card_of(state, &seen).await?;
    let mut out = text(
        lang,
        "sms-status",
        &[
            ("id", arg(card.tracking_id.clone())),
            ("status", arg(status(lang, &card.status))),
        ],
    );
    if let Some(updated) = card.updated_at {
        out.push(' ');
        out.push_str(&text(
            lang,
            "sms-status-updated",
            &[("date", arg(date(lang, updated)))],
        ));
    }
    if let Some(due) = card.sla.as_ref().filter(|s| s.open).and_then(|s| s.due_at) {
        let when = date(lang, due.with_timezone(&Utc));
        out.push(' ');
        out.push_str(&text(lang, "sms-status-due", &[("date", arg(when))]));
    }
    Ok(out)
}

/// `CEK` alone: the reports this handle filed, newest first, with their status.
pub(crate) async fn mine(state: &AppState, lang: Language, handle: &str) -> AppResult<String> {
    let ids = state.store.reports_by_chat(handle, 5).await?;
    if ids.is_empty() {
        return Ok(text(lang, "chat-my-reports-none", &[]));
    }
    let mut out = text(lang, "chat-my-reports", &[]);
    for id in ids {
        if let Some(report) = find(state, &id).await? {
            let now = status(lang, report.state.status.as_str());
            let title = report.state.title.clone().unwrap_or_default();
            out.push_str(&format!("\n{id}: {now}. {title}"));
        }
    }
    Ok(out)
}

/// The report as its reporter, when `handle` filed it.
pub(crate) async fn as_reporter(
    state: &AppState,
    report: &Report,
    handle: &str,
) -> AppResult<Option<Viewed>> {
    let seen = Viewed::by_chat(state, report.clone(), handle).await?;
    Ok(seen.is_reporter().then_some(seen))
}

pub(crate) fn not_yours(lang: Language, id: &TrackingId) -> String {
    text(lang, "chat-not-yours", &[("id", arg(id.to_string()))])
}

/// `BALAS`, or a bare message to the one report that awaits an answer: the reporter's reply.
pub(crate) async fn reply(
    state: &AppState,
    lang: Language,
    report: &Report,
    handle: &str,
    body: &str,
) -> AppResult<String> {
    let id = report.tracking_id;
    let idv = || ("id", arg(id.to_string()));
    let Some(seen) = as_reporter(state, report, handle).await? else {
        return Ok(not_yours(lang, &id));
    };
    if body.trim().is_empty() {
        return Ok(text(lang, "sms-reply-empty", &[idv()]));
    }
    let action = json!({ "action": "reply", "body": body });
    Ok(
        match aduan_app::reports::act::act_as(state, &seen, &action).await {
            Ok(_) => text(lang, "sms-reply-sent", &[idv()]),
            Err(AppError::Transition(_)) => {
                let now = status(lang, report.state.status.as_str());
                text(lang, "sms-reply-not-now", &[idv(), ("status", arg(now))])
            }
            Err(e) => return Err(e),
        },
    )
}

/// `BALAS <id> <text>` for a report found by its id.
pub(crate) async fn reply_to(
    state: &AppState,
    lang: Language,
    id: &TrackingId,
    handle: &str,
    body: &str,
) -> AppResult<String> {
    match find(state, id).await? {
        Some(report) => reply(state, lang, &report, handle, body).await,
        None => Ok(not_found(lang, id)),
    }
}

/// A reporter's action by keyword on the report `id`, and its answer.
pub(crate) async fn act(
    state: &AppState,
    lang: Language,
    id: &TrackingId,
    handle: &str,
    keyword: Keyword,
    stars: Option<u8>,
    words: &str,
) -> AppResult<String> {
    let Some(report) = find(state, id).await? else {
        return Ok(not_found(lang, id));
    };
    let Some(seen) = as_reporter(state, &report, handle).await? else {
        return Ok(not_yours(lang, id));
    };
    let say = |key: &str, extra: &[(&str, FluentValue<'static>)]| {
        let mut args = vec![("id", arg(id.to_string()))];
        args.extend(extra.iter().cloned());
        text(lang, key, &args)
    };
    let request = reporter_commands::request(keyword.verb, &report.state, stars, words);
    let refused = match aduan_app::reports::act::act_as(state, &seen, &request.body).await {
        Ok(_) => None,
        Err(AppError::Transition(e)) => Some(Some(e)),
        Err(AppError::Validation(fields)) if fields.contains_key("rating") => Some(None),
        Err(e) => return Err(e),
    };
    let word = || ("word", arg(keyword.words));
    let action = || ("action", arg(request.action));
    Ok(match refused {
        None => match (keyword.verb, stars) {
            (Verb::Rate { resolved: true }, Some(s)) => {
                say("sms-rated-resolved", &[("stars", s.into())])
            }
            (Verb::Rate { resolved: false }, Some(s)) => {
                say("sms-rated-unresolved", &[("stars", s.into())])
            }
            (Verb::Rate { .. }, None) => say("sms-confirmed", &[]),
            (Verb::Reopen, _) => say("sms-reopened", &[]),
            (Verb::Appeal, _) => say("sms-appealed", &[]),
            (Verb::Ombudsman, _) => say("sms-escalated", &[]),
            (Verb::Withdraw, _) => say("sms-withdrawn", &[]),
        },
        Some(None | Some(TransitionError::InvalidRating)) => say("sms-bad-rating", &[word()]),
        Some(Some(TransitionError::ReasonRequired)) => say("sms-reason-missing", &[word()]),
        Some(Some(TransitionError::WindowClosed { .. })) => say("sms-window-closed", &[action()]),
        Some(Some(TransitionError::AlreadyUsed { .. })) => say("sms-already-used", &[action()]),
        Some(Some(TransitionError::NotDue { .. })) => say("sms-ombudsman-not-due", &[]),
        Some(Some(_)) => {
            let now = status(lang, report.state.status.as_str());
            say("sms-action-not-now", &[("status", arg(now))])
        }
    })
}

/// The one report from `handle` that awaits the reporter's answer.
pub(crate) async fn awaiting(state: &AppState, handle: &str) -> AppResult<Option<Report>> {
    let ids = state.store.reports_by_chat(handle, 50).await?;
    reporter_commands::awaiting_answer(state, ids).await
}

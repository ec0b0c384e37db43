//! What `CEK`, `BALAS` and `BATAL` do, and a bare SMS that answers the one report awaiting
//! an answer: the status card as anyone holding the tracking id sees it; replies and
//! withdrawals through the one transition code of `aduan-app`, as the reporter, and only from
//! the number on the report. The other actions by keyword are in [`actions`].

mod actions;
mod rights;

pub(crate) use actions::{ByWord, act_by_word, needs_id};
pub(crate) use rights::{erase, my_data};

use crate::handle::Reply;
use crate::texts::{date, status, text};
use aduan_app::AppState;
use aduan_app::error::{AppError, AppResult};
use aduan_app::reports::viewer::Viewed;
use aduan_domain::TrackingId;
use aduan_domain::contact::PhoneNumber;
use aduan_domain::lifecycle::TransitionError;
use aduan_domain::report::Report;
use aduan_i18n::{FluentValue, Lang};
use chrono::Utc;
use serde_json::json;

/// The report behind a typed tracking id, or the answer that it was not found.
pub(crate) async fn find(
    state: &AppState,
    lang: Lang,
    typed: &str,
) -> AppResult<Result<Report, Reply>> {
    let not_found = || {
        let id = FluentValue::from(typed.to_owned());
        Reply::say(text(lang, "sms-not-found", &[("id", id)]))
    };
    if typed.is_empty() {
        return Ok(Err(Reply::say(text(lang, "sms-help", &[]))));
    }
    let Ok(id) = TrackingId::parse(typed) else {
        return Ok(Err(not_found()));
    };
    Ok(state.store.get_report(&id).await?.ok_or_else(not_found))
}

/// `report` as its reporter, when `phone` is the number the reporter gave; otherwise the
/// answer that the number is not on the report.
pub(crate) async fn reporter_of(
    state: &AppState,
    lang: Lang,
    report: &Report,
    phone: &PhoneNumber,
) -> AppResult<Result<Viewed, Reply>> {
    let seen = Viewed::by_phone(state, report.clone(), phone).await?;
    if seen.is_reporter() {
        return Ok(Ok(seen));
    }
    let id = report.tracking_id;
    let arg = FluentValue::from(id.to_string());
    Ok(Err(Reply::about(
        text(lang, "sms-not-yours", &[("id", arg)]),
        id,
    )))
}

/// `CEK`: the status card, as anyone holding the tracking id may see it.
pub(crate) async fn check(
    state: &AppState,
    lang: Lang,
    typed: &str,
    phone: &PhoneNumber,
) -> AppResult<Reply> {
    let report = match find(state, lang, typed).await? {
        Ok(r) => r,
        Err(answer) => return Ok(answer),
    };
    let tracking_id = report.tracking_id;
    let seen = Viewed::by_phone(state, report, phone).await?;
    let card = aduan_app::reports::read::card_of(state, &seen).await?;
    let id = FluentValue::from(card.tracking_id.clone());
    let mut out = text(
        lang,
        "sms-status",
        &[
            ("id", id),
            ("status", FluentValue::from(status(lang, &card.status))),
        ],
    );
    if let Some(updated) = card.updated_at {
        let when = FluentValue::from(date(lang, updated));
        out.push(' ');
        out.push_str(&text(lang, "sms-status-updated", &[("date", when)]));
    }
    if let Some(due) = card.sla.as_ref().filter(|s| s.open).and_then(|s| s.due_at) {
        let when = FluentValue::from(date(lang, due.with_timezone(&Utc)));
        out.push(' ');
        out.push_str(&text(lang, "sms-status-due", &[("date", when)]));
    }
    Ok(Reply::about(out, tracking_id))
}

/// Takes `action` as the reporter; the refusal, if the lifecycle refuses it now.
async fn act(
    state: &AppState,
    seen: &Viewed,
    action: serde_json::Value,
) -> AppResult<Result<(), TransitionError>> {
    match aduan_app::reports::act::act_as(state, seen, &action).await {
        Ok(_) => Ok(Ok(())),
        Err(AppError::Transition(e)) => Ok(Err(e)),
        Err(e) => Err(e),
    }
}

/// `BALAS`, or a bare SMS to the one report that awaits an answer: the reporter's reply.
pub(crate) async fn reply(
    state: &AppState,
    lang: Lang,
    report: &Report,
    phone: &PhoneNumber,
    body: &str,
) -> AppResult<Reply> {
    let id = report.tracking_id;
    let arg = || FluentValue::from(id.to_string());
    let seen = match reporter_of(state, lang, report, phone).await? {
        Ok(seen) => seen,
        Err(refused) => return Ok(refused),
    };
    if body.trim().is_empty() {
        return Ok(Reply::about(
            text(lang, "sms-reply-empty", &[("id", arg())]),
            id,
        ));
    }
    Ok(
        match act(state, &seen, json!({ "action": "reply", "body": body })).await? {
            Ok(()) => Reply::about(text(lang, "sms-reply-sent", &[("id", arg())]), id),
            Err(_) => {
                let now = FluentValue::from(status(lang, report.state.status.as_str()));
                Reply::about(
                    text(lang, "sms-reply-not-now", &[("id", arg()), ("status", now)]),
                    id,
                )
            }
        },
    )
}

/// `BATAL`: withdraws a report that awaits verification.
pub(crate) async fn withdraw(
    state: &AppState,
    lang: Lang,
    report: &Report,
    phone: &PhoneNumber,
) -> AppResult<Reply> {
    let id = report.tracking_id;
    let arg = || FluentValue::from(id.to_string());
    let seen = match reporter_of(state, lang, report, phone).await? {
        Ok(seen) => seen,
        Err(refused) => return Ok(refused),
    };
    Ok(
        match act(state, &seen, json!({ "action": "withdraw" })).await? {
            Ok(()) => Reply::about(text(lang, "sms-withdrawn", &[("id", arg())]), id),
            Err(_) => {
                let now = FluentValue::from(status(lang, report.state.status.as_str()));
                Reply::about(
                    text(
                        lang,
                        "sms-withdraw-not-now",
                        &[("id", arg()), ("status", now)],
                    ),
                    id,
                )
            }
        },
    )
}

/// The one report from `phone` that awaits the reporter's answer (a follow-up or a
/// completion whose auto-close clock runs); `None` when there is none or more than one.
pub(crate) async fn awaiting_reply(
    state: &AppState,
    phone: &PhoneNumber,
) -> AppResult<Option<Report>> {
    let reports = state
        .store
        .reports_by_contact(None, Some(phone.as_str()), 50)
        .await?;
    aduan_app::reports::reporter_commands::awaiting_answer(
        state,
        reports.into_iter().map(|m| m.report),
    )
    .await
}

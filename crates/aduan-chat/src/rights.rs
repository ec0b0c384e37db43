//! `DATA <id>` and `HAPUS <id>` (`MY DATA`, `ERASE`) in a chat: a reporter's data rights from
//! the chat handle the report was filed from, through [`aduan_app::reports::rights`], worded
//! with the SMS channel's texts. The data's answer, like every answer of the conversation,
//! waits in the outbox sealed and keeps nothing once sent; the NIK is shortened as an SMS
//! shortens it. An
//! erasure asks for `YA` first; afterwards the handle is gone from the report, and the
//! conversation's earlier answers in the outbox keep no text.

use crate::act::{as_reporter, find, not_found, not_yours};
use crate::texts::{arg, text};
use crate::turn::Answer;
use aduan_app::AppState;
use aduan_app::error::{AppError, AppResult};
use aduan_app::reports::rights::{erase_my_identity_of, my_data_of, shortened_nik};
use aduan_domain::TrackingId;
use aduan_i18n::FluentValue;
use aduan_store::Language;

/// `DATA <id>`: what Aduan holds about the reporter on the report, for the handle on it.
pub(crate) async fn my_data(
    state: &AppState,
    lang: Language,
    id: &TrackingId,
    handle: &str,
) -> AppResult<Answer> {
    let Some(report) = find(state, id).await? else {
        return Ok(Answer::Text(not_found(lang, id)));
    };
    let Some(seen) = as_reporter(state, &report, handle).await? else {
        return Ok(Answer::Text(not_yours(lang, id)));
    };
    let idv = || ("id", arg(id.to_string()));
    let Some(who) = my_data_of(state, &seen).await?.identity else {
        return Ok(Answer::Text(text(lang, "sms-data-none", &[idv()])));
    };
    let none = || text(lang, "sms-data-empty", &[]);
    let value = |v: Option<String>| FluentValue::from(v.unwrap_or_else(none));
    Ok(Answer::Text(text(
        lang,
        "chat-data",
        &[
            idv(),
            ("name", value(who.name)),
            ("email", value(who.email)),
            ("phone", value(who.phone)),
            ("nik", value(who.nik.as_deref().map(shortened_nik))),
        ],
    )))
}

/// `HAPUS <id>`: asks the handle on the report to confirm; `HAPUS <id> YA` erases the
/// identity of its reporter.
pub(crate) async fn erase(
    state: &AppState,
    lang: Language,
    id: &TrackingId,
    handle: &str,
    confirmed: bool,
) -> AppResult<String> {
    let Some(report) = find(state, id).await? else {
        return Ok(not_found(lang, id));
    };
    let Some(seen) = as_reporter(state, &report, handle).await? else {
        return Ok(not_yours(lang, id));
    };
    let idv = || ("id", arg(id.to_string()));
    if !confirmed {
        return Ok(text(lang, "chat-erase-confirm", &[idv()]));
    }
    Ok(match erase_my_identity_of(state, &seen, "chat").await {
        Ok(_) => text(lang, "chat-erased", &[idv()]),
        Err(AppError::Exists(_)) => text(lang, "sms-erase-account", &[idv()]),
        Err(e) => return Err(e),
    })
}

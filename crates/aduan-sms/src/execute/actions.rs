//! The reporter's actions by keyword (`PUAS`, `TIDAKPUAS`, `NILAI`, `BUKA`, `BANDING`,
//! `OMBUDSMAN` and their English forms): the request comes from the shared table of
//! `aduan_app::reports::reporter_commands`, is taken through the one transition code as the
//! reporter whose number is on the report, and every outcome is answered in one SMS.

use super::reporter_of;
use crate::handle::Reply;
use crate::texts::{status, text};
use aduan_app::AppState;
use aduan_app::error::{AppError, AppResult};
use aduan_app::reports::reporter_commands::{self, Verb};
use aduan_domain::contact::PhoneNumber;
use aduan_domain::lifecycle::TransitionError;
use aduan_domain::report::Report;
use aduan_i18n::{FluentValue, Lang};

/// An action word as the SMS wrote it.
#[derive(Debug, Clone)]
pub(crate) struct ByWord {
    /// What the word asks for.
    pub verb: Verb,
    /// The word, for the answers' examples.
    pub word: String,
    /// The rating, for rating words.
    pub stars: Option<u8>,
    /// The reason, for reopen and appeal.
    pub text: String,
}

/// How the lifecycle took the request.
enum Taken {
    Done,
    Refused(TransitionError),
    /// The request lacks a field (a rating that does not say its stars).
    Incomplete,
}

/// Takes the action `by` asks for on `report`, from `phone`, and words the answer.
pub(crate) async fn act_by_word(
    state: &AppState,
    lang: Lang,
    report: &Report,
    phone: &PhoneNumber,
    by: &ByWord,
) -> AppResult<Reply> {
    let id = report.tracking_id;
    let say = |key: &str, extra: &[(&str, FluentValue<'static>)]| {
        let mut args = vec![("id", FluentValue::from(id.to_string()))];
        args.extend(extra.iter().cloned());
        Reply::about(text(lang, key, &args), id)
    };
    let seen = match reporter_of(state, lang, report, phone).await? {
        Ok(seen) => seen,
        Err(refused) => return Ok(refused),
    };
    let request = reporter_commands::request(by.verb, &report.state, by.stars, &by.text);
    let taken = match aduan_app::reports::act::act_as(state, &seen, &request.body).await {
        Ok(_) => Taken::Done,
        Err(AppError::Transition(e)) => Taken::Refused(e),
        Err(AppError::Validation(fields)) if fields.contains_key("rating") => Taken::Incomplete,
        Err(e) => return Err(e),
    };
    let word = || ("word", FluentValue::from(by.word.clone()));
    let action = || ("action", FluentValue::from(request.action));
    Ok(match taken {
        Taken::Done => match (by.verb, by.stars) {
            (Verb::Rate { resolved }, Some(stars)) => {
                let key = if resolved {
                    "sms-rated-resolved"
                } else {
                    "sms-rated-unresolved"
                };
                say(key, &[("stars", FluentValue::from(stars))])
            }
            (Verb::Rate { .. }, None) => say("sms-confirmed", &[]),
            (Verb::Reopen, _) => say("sms-reopened", &[]),
            (Verb::Appeal, _) => say("sms-appealed", &[]),
            (Verb::Ombudsman, _) => say("sms-escalated", &[]),
            (Verb::Withdraw, _) => say("sms-withdrawn", &[]),
        },
        Taken::Incomplete | Taken::Refused(TransitionError::InvalidRating) => {
            say("sms-bad-rating", &[word()])
        }
        Taken::Refused(TransitionError::ReasonRequired) => say("sms-reason-missing", &[word()]),
        Taken::Refused(TransitionError::WindowClosed { .. }) => {
            say("sms-window-closed", &[action()])
        }
        Taken::Refused(TransitionError::AlreadyUsed { .. }) => say("sms-already-used", &[action()]),
        Taken::Refused(TransitionError::NotDue { .. }) => say("sms-ombudsman-not-due", &[]),
        Taken::Refused(_) => {
            let now = status(lang, report.state.status.as_str());
            say("sms-action-not-now", &[("status", FluentValue::from(now))])
        }
    })
}

/// The answer to an action word sent without a report number.
pub(crate) fn needs_id(lang: Lang, verb: Verb, word: &str) -> Reply {
    let form = match verb {
        Verb::Rate { .. } => "rating",
        v if v.takes_reason() => "reason",
        _ => "other",
    };
    Reply::say(text(
        lang,
        "sms-needs-id",
        &[
            ("word", FluentValue::from(word.to_owned())),
            ("form", FluentValue::from(form)),
        ],
    ))
}

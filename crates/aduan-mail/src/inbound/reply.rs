//! A message that answers one of our notifications: the reporter's reply (or added
//! information while the report awaits verification), the action its first line asks for
//! ([`super::command`]: a rating, reopen, appeal, the Ombudsman, withdraw), taken through the
//! same transition code as the API, acting as the reporter, or their data rights
//! ([`super::rights`]: their data, the erasure of their identity), answered by e-mail. It must carry the report's reply
//! token (checked before this) and come from the reporter's own address, vouched for by our
//! MTA's `Authentication-Results` when `[mail_in] authserv_id` is set; the text loses the
//! quoted notification, the signature, and the reporter's name, address and phone before any
//! agency reads it, a reason given with a command included.

use super::numbers::phones_in;
use super::parse::{Incoming, Mailbox};
use super::redact::{Identifiers, emails_in, redact};
use super::{Ignored, IngestError, MailIn, Outcome, auth, clean, command, file, rights};
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::reports::{reporter_commands, rights_mail};
use aduan_domain::TrackingId;
use aduan_domain::status::Status;
use aduan_i18n::{Lang, catalogue};
use serde_json::json;

/// Takes the message as the reporter's answer to report `id`.
pub async fn answer(
    state: &AppState,
    mail_in: &MailIn,
    m: &Incoming,
    from: &Mailbox,
    id: TrackingId,
    message_key: &str,
) -> Result<Outcome, IngestError> {
    let Some(report) = state.store.get_report(&id).await? else {
        tracing::info!(tracking_id = %id, "an e-mail answers a report that does not exist");
        return Ok(Outcome::Ignored(Ignored::UnknownReport));
    };
    let seen = aduan_app::reports::viewer::Viewed::by_email(state, report, &from.address).await?;
    let Some((seen, identity)) = seen else {
        tracing::info!(tracking_id = %id, "an e-mail answer from an address that is not the reporter's");
        return Ok(Outcome::Ignored(Ignored::NotTheReporter));
    };
    let authserv_id = mail_in.settings.authserv_id.trim();
    if !authserv_id.is_empty() && !auth::authenticated(m, authserv_id, &from.address) {
        tracing::info!(tracking_id = %id, "an e-mail answer our mail server did not authenticate");
        return Ok(Outcome::Ignored(Ignored::Unauthenticated));
    }
    let cut = clean::cut(&m.text);
    // A data-rights word alone (no other words, no file) is answered by e-mail to this
    // address; nothing reaches the agency.
    let files_sent = m.attachments.iter().any(|p| !p.inline);
    if let Some((ask, language)) = rights::of(&cut.text).filter(|_| !files_sent) {
        let done =
            rights_mail::answer_by_email(state, &seen, &from.address, &ask, language, message_key)
                .await?;
        let action = rights_mail::outcome(done);
        tracing::info!(tracking_id = %id, action, "an e-mail data-rights request was answered");
        return Ok(Outcome::Answered {
            tracking_id: id,
            action,
            attachments: 0,
        });
    }
    // What the signature shows of the reporter counts as theirs too, stored or not.
    let who = Identifiers {
        names: identity
            .name
            .iter()
            .chain(from.name.iter())
            .cloned()
            .collect(),
        emails: identity
            .email
            .iter()
            .chain([&from.address])
            .cloned()
            .chain(emails_in(&cut.signature))
            .collect(),
        phones: identity
            .phone
            .iter()
            .cloned()
            .chain(phones_in(&cut.signature))
            .collect(),
        nik: identity.nik.clone(),
    };
    // Square brackets set the marker apart from the reporter's own words.
    let marker = format!(
        "[{}]",
        catalogue().text(Lang::Id, "mail-in-identity-removed", &[])
    );
    let text = redact(&cut.text, &who, &marker);
    let files: Vec<_> = m.attachments.iter().filter(|p| !p.inline).collect();
    let prose = || -> Option<(&'static str, serde_json::Value)> {
        let body = if text.trim().is_empty() {
            if files.is_empty() {
                return None;
            }
            catalogue().text(Lang::Id, "mail-in-files-only", &[])
        } else {
            file::fit_body(text.clone())
        };
        let action = match seen.report().state.status {
            Status::Submitted | Status::Postponed => "add_info",
            _ => "reply",
        };
        Some((action, json!({ "action": action, "body": body })))
    };
    // A command the report does not take now, with words of the reporter's, still reaches the
    // agency: as their reply.
    let (mut action, request, mut fallback) = match command::of(&text) {
        Some(asked) => {
            let st = &seen.report().state;
            let words = !asked.text.trim().is_empty();
            let reason = file::fit_body(asked.text);
            let r = reporter_commands::request(asked.verb, st, asked.stars, &reason);
            (r.action, r.body, if words { prose() } else { None })
        }
        None => match prose() {
            Some((action, request)) => (action, request, None),
            None => return Ok(Outcome::Ignored(Ignored::Empty)),
        },
    };
    let mut done = aduan_app::reports::act::act_as(state, &seen, &request).await;
    if let Err(AppError::Transition(_) | AppError::Validation(_)) = &done
        && let Some((reply_action, reply)) = fallback.take()
    {
        tracing::info!(tracking_id = %id, refused = action, "an e-mail command the report does not take now is taken as the reporter's reply");
        action = reply_action;
        done = aduan_app::reports::act::act_as(state, &seen, &reply).await;
    }
    match done {
        Ok(_) => {}
        Err(AppError::Transition(e)) => {
            tracing::info!(tracking_id = %id, action, refused = e.code(), "an e-mail answer the report does not take now");
            return Ok(Outcome::Ignored(Ignored::NotAccepted(e.code().into())));
        }
        Err(AppError::Validation(fields)) => {
            let codes = file::codes(&fields);
            tracing::info!(tracking_id = %id, action, refused = %codes, "an e-mail answer lacks what its action needs");
            return Ok(Outcome::Ignored(Ignored::Invalid(codes)));
        }
        Err(AppError::NotFound) => return Ok(Outcome::Ignored(Ignored::UnknownReport)),
        Err(AppError::Forbidden) => {
            return Ok(Outcome::Ignored(Ignored::NotAccepted(
                "action_forbidden".into(),
            )));
        }
        Err(e) => return Err(e.into()),
    }
    let seen = seen.refreshed(state).await?;
    let attachments = file::store_files(state, &seen, files, mail_in).await;
    tracing::info!(tracking_id = %id, action, attachments, "an e-mail answer was taken");
    Ok(Outcome::Answered {
        tracking_id: id,
        action,
        attachments,
    })
}

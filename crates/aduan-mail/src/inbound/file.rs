//! A message that answers nothing: a new report, channel `email`, filed through the same
//! submission code as the API. The reporter is the sender (name and address from From), the
//! title the subject, the body the text (HTML converted) without its signature, and with the
//! sender's name, addresses and phone numbers (from From and the signature) replaced by a
//! marker, since the public reads the text once the report is dispatched. A message to an
//! anonymous intake address files an anonymous report: the sender is kept, sealed from
//! agencies, for the answers. The files go through the same checks and cleaning as uploads;
//! the receipt with the tracking id and access code goes out through the outbox as for every
//! report.

use super::numbers::phones_in;
use super::parse::{Incoming, Mailbox, Part};
use super::redact::{Identifiers, emails_in, redact};
use super::signature::{cut_report, names_in};
use super::{Ignored, IngestError, MailIn, Outcome};
use aduan_app::AppState;
use aduan_app::error::{AppError, FieldErrors};
use aduan_app::reports::intake::{IntakeChoices, MAX_BODY, MAX_TITLE, ReporterInput};
use aduan_app::reports::submit::{FileInput, file_report};
use aduan_app::reports::viewer::Viewed;
use aduan_domain::report::Channel;
use aduan_i18n::{Lang, catalogue};

/// The body cut to the longest one accepted, with a note that it was cut.
pub fn fit_body(text: String) -> String {
    if text.chars().count() <= MAX_BODY {
        return text;
    }
    let note = catalogue().text(Lang::Id, "mail-in-text-cut", &[]);
    let keep = MAX_BODY.saturating_sub(note.chars().count() + 2);
    let mut cut: String = text.chars().take(keep).collect();
    cut.push_str("\n\n");
    cut.push_str(&note);
    cut
}

fn fit_title(subject: &str) -> Option<String> {
    let t = subject.trim();
    (!t.is_empty()).then(|| t.chars().take(MAX_TITLE).collect())
}

/// The field error codes, for a log line (`body:too_long,title:required`).
pub fn codes(fields: &FieldErrors) -> String {
    fields
        .iter()
        .map(|(f, c)| format!("{f}:{c}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// What a new report says in public, and the names its signature gave.
struct PublicWords {
    text: String,
    subject: String,
    signed: Vec<String>,
}

/// The text and subject of a new report without the signature and without what identifies
/// the sender: the From name and address, and the names, addresses and phone numbers the
/// signature gives.
fn public_words(m: &Incoming, from: &Mailbox) -> PublicWords {
    let cut = cut_report(&m.text);
    let signed = names_in(&cut.signature);
    let who = Identifiers {
        names: from.name.iter().chain(&signed).cloned().collect(),
        emails: std::iter::once(from.address.clone())
            .chain(emails_in(&cut.signature))
            .collect(),
        phones: phones_in(&cut.signature),
        nik: None,
    };
    // Square brackets set the marker apart from the reporter's own words.
    let marker = format!(
        "[{}]",
        catalogue().text(Lang::Id, "mail-in-identity-removed", &[])
    );
    PublicWords {
        text: redact(&cut.text, &who, &marker).trim().to_owned(),
        subject: redact(&m.subject, &who, &marker).trim().to_owned(),
        signed,
    }
}

/// Files the message as a new report, anonymous when it was sent to an anonymous intake
/// address. `key` (the message's record key) is the filing's idempotency key, written in the
/// report's transaction: a delivery taken again after the process died between filing and
/// recording the message finds the same report rather than filing it twice.
pub async fn file(
    state: &AppState,
    mail_in: &MailIn,
    m: &Incoming,
    from: &Mailbox,
    anonymous: bool,
    key: &str,
) -> Result<Outcome, IngestError> {
    let files: Vec<&Part> = m.attachments.iter().collect();
    let PublicWords {
        text,
        subject,
        signed,
    } = public_words(m, from);
    let body = if !text.is_empty() {
        fit_body(text)
    } else if !subject.is_empty() {
        subject.clone()
    } else if !files.is_empty() {
        catalogue().text(Lang::Id, "mail-in-files-only", &[])
    } else {
        return Ok(Outcome::Ignored(Ignored::Empty));
    };
    // The name is From's, else the signature's; an anonymous reporter needs none, and one
    // that is given is kept, sealed like the address.
    let name = from.name.clone().or(signed.into_iter().next()).or_else(|| {
        (!anonymous)
            .then(|| from.address.split('@').next().map(str::to_owned))
            .flatten()
    });
    let input = FileInput {
        kind: "complaint".into(),
        title: fit_title(&subject),
        body,
        incident_date: None,
        location: None,
        requested_agency: None,
        category: None,
        choices: IntakeChoices {
            anonymous,
            ..IntakeChoices::default()
        },
        reporter: Some(ReporterInput {
            name,
            email: Some(from.address.clone()),
            ..ReporterInput::default()
        }),
        channel: Channel::Email,
        citizen: None,
        staff: None,
        on_behalf: false,
        idempotency: Some(("mail".into(), key.to_owned())),
        fingerprint: None,
        receipt: true,
        notify: None,
        // Gateway channels are limited at the gateway (Kannel, the mail server).
        limit: None,
        partner_ref: None,
        chat: None,
    };
    let filed = match file_report(state, input).await {
        Ok(f) => f,
        Err(AppError::Validation(fields)) => {
            let codes = codes(&fields);
            tracing::warn!(fields = %codes, "an e-mail report was refused");
            return Ok(Outcome::Ignored(Ignored::Invalid(codes)));
        }
        Err(e) => return Err(e.into()),
    };
    let id = filed.tracking_id;
    let seen = if filed.replayed {
        tracing::info!(tracking_id = %id, "an e-mail filed before its process died was taken in again");
        let remember = chrono::Duration::days(i64::from(mail_in.settings.remember_days));
        match filed
            .as_replayed_filer(state, &from.address, remember)
            .await?
        {
            Some(seen) => seen,
            None => {
                return Ok(Outcome::Filed {
                    tracking_id: id,
                    attachments: 0,
                });
            }
        }
    } else {
        filed.as_filer(state).await?
    };
    let attachments = store_files(state, &seen, files, mail_in).await;
    tracing::info!(tracking_id = %id, attachments, anonymous, "an e-mail was filed as a report");
    Ok(Outcome::Filed {
        tracking_id: id,
        attachments,
    })
}

/// Stores up to `max_attachments` files with the report `seen` is of, as its viewer (the
/// reporter); returns how many were kept. A file the checks refuse (its kind, its size) is
/// left out and logged; once the report is written nothing here fails the message, so a
/// retry never files it twice.
pub async fn store_files(
    state: &AppState,
    seen: &Viewed,
    files: Vec<&Part>,
    mail_in: &MailIn,
) -> usize {
    let report = seen.report();
    let mut kept = 0;
    for (n, part) in files.into_iter().enumerate() {
        if n >= mail_in.settings.max_attachments {
            tracing::warn!(tracking_id = %report.tracking_id, "more files than max_attachments; the rest were left out");
            break;
        }
        let bytes = bytes::Bytes::from(part.bytes.clone());
        match aduan_app::reports::attachments::store_upload(state, seen, part.name.clone(), bytes)
            .await
        {
            Ok(_) => kept += 1,
            Err(e) => {
                let (_, code) = e.status_and_code();
                tracing::warn!(tracking_id = %report.tracking_id, file = n + 1, refused = code, "a file of an e-mail was left out");
            }
        }
    }
    kept
}

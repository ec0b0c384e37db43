//! `aduan ingest-email`: one e-mail message on standard input, as an MTA's pipe transport hands
//! it over (Postfix: `argv=/usr/bin/aduan ingest-email --sender ${sender} --recipient
//! ${recipient}`), filed as a report or as the reporter's reply, or deliberately left alone
//! (bounces, automatic answers). The exit status is what the MTA acts on: 0 when the message
//! was taken care of (filed, or ignored on purpose, so that the MTA sends no bounce), 75
//! (`EX_TEMPFAIL`) when it could not be processed now, so that the MTA keeps it and retries.

use crate::settings::Settings;
use aduan_mail::inbound::{Envelope, IngestError, MailIn, Outcome, ingest};
use anyhow::Context;
use std::io::Read;
use std::process::ExitCode;

/// sysexits.h `EX_TEMPFAIL`: the MTA keeps the message and tries again later.
pub const EX_TEMPFAIL: u8 = 75;

/// Largest message read, in bytes; a larger one is cut (its files would exceed the attachment
/// limits anyway).
const MAX_MESSAGE_BYTES: u64 = 64 * 1024 * 1024;

/// What the MTA knows about the message besides its bytes.
#[derive(Debug, Default, clap::Args)]
pub struct IngestArgs {
    /// The envelope sender (`MAIL FROM`; Postfix `${sender}`); empty for a bounce.
    #[arg(long)]
    pub sender: Option<String>,
    /// An envelope recipient (`RCPT TO`; Postfix `${recipient}`); may be given more than once.
    #[arg(long = "recipient")]
    pub recipients: Vec<String>,
}

/// Reads the message on standard input and takes it in; the exit status for the MTA.
pub async fn run(settings: &Settings, args: IngestArgs) -> ExitCode {
    let mut raw = Vec::new();
    if let Err(e) = std::io::stdin()
        .take(MAX_MESSAGE_BYTES)
        .read_to_end(&mut raw)
    {
        tracing::warn!(error = %e, "could not read the message; the MTA will retry");
        return ExitCode::from(EX_TEMPFAIL);
    }
    let envelope = Envelope {
        sender: args.sender,
        recipients: args.recipients,
    };
    match take(settings, &envelope, &raw).await {
        Ok(outcome) => {
            report(&outcome);
            ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::warn!(error = %format!("{e:#}"), "e-mail not taken in now; the MTA will retry");
            ExitCode::from(EX_TEMPFAIL)
        }
    }
}

async fn take(settings: &Settings, envelope: &Envelope, raw: &[u8]) -> anyhow::Result<Outcome> {
    let (store, ring) = crate::backend::open_store_keyed(settings, true).await?;
    let now = aduan_domain::TimeSource::now(&crate::serve::SystemTimeSource);
    let calendar = crate::holidays::load(store.as_ref(), now).await?;
    let state = crate::serve::app_state(settings, store, calendar, &ring)?;
    let mut mail_settings = settings.mail_in.clone();
    if mail_settings.domain.trim().is_empty() {
        mail_settings.domain = settings.smtp.reply_domain.clone();
    }
    let mail_in = MailIn {
        settings: mail_settings,
        reply_secret: aduan_mail::token::reply_secret(&state.deployment_key),
    };
    match ingest(&state, &mail_in, envelope, raw).await {
        Ok(outcome) => Ok(outcome),
        Err(e @ (IngestError::Transient(_) | IngestError::Busy)) => {
            Err(e).context("taking the message in")
        }
    }
}

/// One log line saying what became of the message, and why when it was not filed.
fn report(outcome: &Outcome) {
    match outcome {
        Outcome::Filed {
            tracking_id,
            attachments,
        } => tracing::info!(%tracking_id, attachments, "e-mail filed as a new report"),
        Outcome::Answered {
            tracking_id,
            action,
            attachments,
        } => {
            tracing::info!(%tracking_id, action, attachments, "e-mail taken as the reporter's answer")
        }
        Outcome::Ignored(why) => {
            tracing::info!(reason = %why.code(), "e-mail not filed: {}", why.describe());
        }
        Outcome::Repeated {
            outcome,
            tracking_id,
        } => tracing::info!(
            outcome,
            tracking_id = ?tracking_id.map(|t| t.to_string()),
            "e-mail already taken in (the MTA delivered it again); nothing done"
        ),
    }
}

//! E-mail in: `aduan ingest-email` hands each message an MTA delivers (a pipe transport, as
//! help desks use) to [`ingest`], which files it as a new report (channel `email`) with its
//! attachments, or as the reporter's reply when it answers one of our notifications (or the
//! action its first line asks for: `PUAS 4`, `BUKA`, `BANDING`...), and leaves bounces and
//! automatic answers alone.
//!
//! Each message is processed once: it is claimed by a digest of its Message-ID before anything
//! is written, and its outcome is recorded, so an MTA that retries after a lost answer gets the
//! same outcome and nothing is filed twice. A failure that may pass (the database is down) is
//! [`IngestError::Transient`]: the claim is given up and the MTA is told to try again later.

mod auth;
mod classify;
mod clean;
mod command;
mod file;
mod numbers;
mod parse;
mod redact;
mod reply;
mod rights;
mod settings;
mod signature;
mod target;

pub use classify::Machine;
pub use clean::new_text;
pub use parse::{Incoming, Mailbox, Part, parse};
pub use redact::{Identifiers, redact};
pub use settings::MailInSettings;

use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_domain::TrackingId;
use aduan_store::MailClaim;
use chrono::Duration;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// What intake needs besides the service's state.
#[derive(Clone)]
pub struct MailIn {
    /// The `[mail_in]` settings.
    pub settings: MailInSettings,
    /// The key that signs reply tokens ([`crate::token::reply_secret`]).
    pub reply_secret: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for MailIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailIn")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// What the MTA says about the message besides its bytes (Postfix's pipe gives `${sender}` and
/// `${recipient}`): the SMTP envelope, when known.
#[derive(Debug, Clone, Default)]
pub struct Envelope {
    /// `MAIL FROM`; empty for a bounce.
    pub sender: Option<String>,
    /// `RCPT TO` addresses.
    pub recipients: Vec<String>,
}

/// Why a message was deliberately not filed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ignored {
    /// The bytes are not a message.
    Unreadable,
    /// A delivery status notification or an automatic answer.
    Machine(Machine),
    /// No usable From address.
    NoSender,
    /// Sent from one of the service's own addresses (a loop).
    FromUs,
    /// Not sent to any intake address.
    NotForUs,
    /// No text and no file.
    Empty,
    /// It answers a report that does not exist (any more).
    UnknownReport,
    /// It answers a report, but the sender is not its reporter.
    NotTheReporter,
    /// It answers one of our notices without a valid reply token (a `+tag` that is no token,
    /// or only an In-Reply-To/References naming one of our Message-IDs).
    UnsignedReply,
    /// It carries a valid reply token from the reporter's address, but our MTA's
    /// `Authentication-Results` (`[mail_in] authserv_id`) does not vouch for that address.
    Unauthenticated,
    /// The report does not take the reporter's answer or asked-for action now (the
    /// lifecycle's refusal code: `illegal_transition`, `window_closed`, `reason_required`...).
    NotAccepted(String),
    /// The message failed validation (the fields' error codes; `rating:required` for a rating
    /// word without its stars where the report needs them).
    Invalid(String),
}

impl Ignored {
    /// A short stable code for logs and the record.
    pub fn code(&self) -> String {
        match self {
            Ignored::Unreadable => "unreadable".into(),
            Ignored::Machine(Machine::Bounce) => "bounce".into(),
            Ignored::Machine(Machine::AutoReply) => "auto_reply".into(),
            Ignored::NoSender => "no_sender".into(),
            Ignored::FromUs => "from_us".into(),
            Ignored::NotForUs => "not_for_us".into(),
            Ignored::Empty => "empty".into(),
            Ignored::UnknownReport => "unknown_report".into(),
            Ignored::NotTheReporter => "not_the_reporter".into(),
            Ignored::UnsignedReply => "unsigned_reply".into(),
            Ignored::Unauthenticated => "unauthenticated".into(),
            Ignored::NotAccepted(code) => format!("not_accepted:{code}"),
            Ignored::Invalid(codes) => format!("invalid:{codes}"),
        }
    }

    /// Why, in words, for the log line an operator reads.
    pub fn describe(&self) -> &'static str {
        match self {
            Ignored::Unreadable => "the input is not an e-mail message",
            Ignored::Machine(Machine::Bounce) => "a delivery status notification (bounce)",
            Ignored::Machine(Machine::AutoReply) => "an automatic answer or bulk mail",
            Ignored::NoSender => "it has no usable From address",
            Ignored::FromUs => "it comes from the service's own address (a loop)",
            Ignored::NotForUs => "it is not addressed to an intake address",
            Ignored::Empty => "it holds no text and no file",
            Ignored::UnknownReport => "it answers a report that does not exist",
            Ignored::NotTheReporter => "it answers a report but does not come from its reporter",
            Ignored::UnsignedReply => "it answers one of our notices without a valid reply token",
            Ignored::Unauthenticated => {
                "our mail server's Authentication-Results do not vouch for its sender"
            }
            Ignored::NotAccepted(_) => "the report does not take the reporter's answer now",
            Ignored::Invalid(_) => "its fields do not pass the submission rules",
        }
    }
}

/// What became of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Filed as a new report.
    Filed {
        /// The new report.
        tracking_id: TrackingId,
        /// Files stored with it.
        attachments: usize,
    },
    /// Taken as the reporter's answer (`reply`, or `add_info` while awaiting verification), as
    /// the action its first line asks for (`confirm`, `rate`, `reopen`, `appeal`, `escalate`,
    /// `withdraw`), or as a data-rights request answered by e-mail (`my_data`, `erase_asked`,
    /// `erase_identity`).
    Answered {
        /// The report.
        tracking_id: TrackingId,
        /// The action taken.
        action: &'static str,
        /// Files stored with it.
        attachments: usize,
    },
    /// Deliberately not filed.
    Ignored(Ignored),
    /// Processed before (an MTA's retry): what became of it then.
    Repeated {
        /// The recorded outcome.
        outcome: String,
        /// Its report.
        tracking_id: Option<TrackingId>,
    },
}

impl Outcome {
    /// The code recorded for a retry to find (`filed`, `reply`, `ignored:<why>`).
    pub fn code(&self) -> String {
        match self {
            Outcome::Filed { .. } => "filed".into(),
            Outcome::Answered { action, .. } => (*action).into(),
            Outcome::Ignored(why) => format!("ignored:{}", why.code()),
            Outcome::Repeated { outcome, .. } => outcome.clone(),
        }
    }

    /// The report it concerned.
    pub fn tracking_id(&self) -> Option<TrackingId> {
        match self {
            Outcome::Filed { tracking_id, .. } | Outcome::Answered { tracking_id, .. } => {
                Some(*tracking_id)
            }
            Outcome::Repeated { tracking_id, .. } => *tracking_id,
            Outcome::Ignored(_) => None,
        }
    }
}

/// Why a message could not be processed now.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// Something that may pass (the database, the file store); the MTA should retry.
    #[error("temporary failure: {0}")]
    Transient(String),
    /// Another process is handling the same message right now.
    #[error("the message is being processed by another process")]
    Busy,
}

impl From<AppError> for IngestError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Internal(cause) => IngestError::Transient(cause.to_string()),
            other => IngestError::Transient(other.to_string()),
        }
    }
}

impl From<aduan_store::StoreError> for IngestError {
    fn from(e: aduan_store::StoreError) -> Self {
        IngestError::Transient(e.to_string())
    }
}

/// The record's key of a message: a digest of its Message-ID, or of its bytes when it has none.
fn message_key(raw: &[u8], message_id: Option<&str>) -> String {
    let digest = match message_id {
        Some(id) => Sha256::digest(format!("message-id\n{}", id.trim()).as_bytes()),
        None => Sha256::digest(raw),
    };
    hex::encode(digest)
}

/// Takes in one message.
pub async fn ingest(
    state: &AppState,
    mail_in: &MailIn,
    envelope: &Envelope,
    raw: &[u8],
) -> Result<Outcome, IngestError> {
    let incoming = parse(raw);
    let key = message_key(raw, incoming.as_ref().and_then(|m| m.message_id.as_deref()));
    let now = state.clock.now();
    let stale = now - Duration::minutes(i64::from(mail_in.settings.stale_minutes));
    match state.store.claim_mail_in(&key, now, stale).await? {
        MailClaim::Claimed => {}
        MailClaim::Busy => return Err(IngestError::Busy),
        MailClaim::Done {
            outcome,
            tracking_id,
        } => {
            return Ok(Outcome::Repeated {
                outcome,
                tracking_id,
            });
        }
    }
    let result = match &incoming {
        None => Ok(Outcome::Ignored(Ignored::Unreadable)),
        Some(m) => process(state, mail_in, envelope, m, &key).await,
    };
    match &result {
        Ok(outcome) => {
            state
                .store
                .finish_mail_in(&key, &outcome.code(), outcome.tracking_id().as_ref(), now)
                .await?;
            let forget = now - Duration::days(i64::from(mail_in.settings.remember_days));
            if let Err(e) = state.store.forget_mail_in(forget).await {
                tracing::warn!(error = %e, "could not forget old e-mail records");
            }
        }
        Err(_) => {
            if let Err(e) = state.store.release_mail_in(&key).await {
                tracing::warn!(error = %e, "could not release an e-mail claim");
            }
        }
    }
    result
}

async fn process(
    state: &AppState,
    mail_in: &MailIn,
    envelope: &Envelope,
    m: &Incoming,
    key: &str,
) -> Result<Outcome, IngestError> {
    if let Some(kind) = classify::machine_made(m, envelope.sender.as_deref()) {
        return Ok(Outcome::Ignored(Ignored::Machine(kind)));
    }
    let Some(from) = &m.from else {
        return Ok(Outcome::Ignored(Ignored::NoSender));
    };
    let settings = &mail_in.settings;
    if settings.is_ours(&from.address) {
        return Ok(Outcome::Ignored(Ignored::FromUs));
    }
    let mut recipients: Vec<String> = envelope
        .recipients
        .iter()
        .map(|r| r.trim().to_lowercase())
        .collect();
    recipients.extend(m.recipients.iter().cloned());
    if !settings.is_for_us(&recipients) {
        return Ok(Outcome::Ignored(Ignored::NotForUs));
    }
    // Nothing a failed reply attempt does is seen by anyone: it is recorded as ignored, and
    // no event, notice or answer follows, whoever the sender claims to be.
    match target::target(m, &recipients, &settings.domain, &mail_in.reply_secret) {
        target::Target::Reply(id) => reply::answer(state, mail_in, m, from, id, key).await,
        target::Target::Unsigned => {
            tracing::info!("an e-mail answers one of our notices without a valid reply token");
            Ok(Outcome::Ignored(Ignored::UnsignedReply))
        }
        target::Target::New => {
            let anonymous = settings.is_anonymous(&recipients);
            file::file(state, mail_in, m, from, anonymous, key).await
        }
    }
}

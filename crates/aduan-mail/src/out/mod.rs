//! E-mail out: the `[smtp]` settings, and the SMTP transport that the delivery worker hands
//! each e-mail message to ([`SmtpMailer`], an [`aduan_jobs::Transport`]). Every message is
//! worded from the catalogue ([`render`]), carries its outbox dedup key as its Message-ID and,
//! when it is a reporter's message about a report, a signed reply address
//! ([`crate::token`]). Mail to staff never carries a reporter's address: its words come from a
//! payload that holds none, and it has no reply address.

mod layout;
pub mod render;
mod settings;
mod smtp;

pub use layout::escape;
pub use settings::{Security, SmtpSettings, SmtpSettingsError};
pub use smtp::{SmtpMailer, build_message};

//! The SQL of e-mail intake's message record, shared by both backends (each binds times in its
//! own way).

use crate::Stmt;
use aduan_domain::TrackingId;
use aduan_store::MailClaim;

/// Claims a message not seen before; binds key and claimed_at.
pub static INSERT_MAIL_CLAIM: Stmt = Stmt::new(
    "INSERT INTO mail_in_messages (key, state, claimed_at) \
    VALUES (?, 'processing', ?) ON CONFLICT (key) DO NOTHING",
);

/// Takes over a claim left by a process that died; binds claimed_at, key and stale_before.
pub static TAKE_OVER_MAIL_CLAIM: Stmt = Stmt::new(
    "UPDATE mail_in_messages SET claimed_at = ? \
    WHERE key = ? AND state = 'processing' AND claimed_at < ?",
);

/// The record of a message; binds key.
pub static GET_MAIL_CLAIM: Stmt =
    Stmt::new("SELECT state, outcome, tracking_id FROM mail_in_messages WHERE key = ?");

/// Marks a message done; binds outcome, tracking_id, finished_at and key.
pub static FINISH_MAIL_CLAIM: Stmt = Stmt::new(
    "UPDATE mail_in_messages SET state = 'done', outcome = ?, \
    tracking_id = ?, finished_at = ? WHERE key = ?",
);

/// Gives up an unfinished claim; binds key.
pub static RELEASE_MAIL_CLAIM: Stmt =
    Stmt::new("DELETE FROM mail_in_messages WHERE key = ? AND state = 'processing'");

/// Forgets messages finished before a time; binds it.
pub static FORGET_MAIL_IN: Stmt =
    Stmt::new("DELETE FROM mail_in_messages WHERE state = 'done' AND finished_at < ?");

/// A row of `mail_in_messages` as a claim reads it.
#[derive(Debug, sqlx::FromRow)]
pub struct MailClaimRow {
    /// `processing` or `done`.
    pub state: String,
    /// What became of the message.
    pub outcome: Option<String>,
    /// The report.
    pub tracking_id: Option<String>,
}

impl MailClaimRow {
    /// What a claim that found this row (and could not take it over) answers.
    pub fn claim(self) -> MailClaim {
        if self.state == "done" {
            MailClaim::Done {
                outcome: self.outcome.unwrap_or_default(),
                tracking_id: self.tracking_id.and_then(|t| TrackingId::parse(&t).ok()),
            }
        } else {
            MailClaim::Busy
        }
    }
}

//! Delivery across channels: how a reporter without an account chose to hear (e-mail, SMS or
//! both, and in which language), kept with the reporter; and the failed deliveries that staff
//! look at and send again.

use crate::StoreResult;
use crate::jobs::outbox::{Language, OutboxId, OutboxMessage};
use aduan_domain::{ReporterId, UserId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// The audit action when staff send a dead message again.
pub const AUDIT_OUTBOX_REQUEUE: &str = "outbox.requeue";

/// The channels a reporter chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NotifyVia {
    /// E-mail (SMS when only a phone was given).
    #[default]
    Email,
    /// SMS (e-mail when only an address was given).
    Sms,
    /// Both, where both were given.
    Both,
}

impl NotifyVia {
    /// Every value.
    pub const ALL: &'static [NotifyVia] = &[NotifyVia::Email, NotifyVia::Sms, NotifyVia::Both];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            NotifyVia::Email => "email",
            NotifyVia::Sms => "sms",
            NotifyVia::Both => "both",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.as_str() == s)
    }
}

impl std::fmt::Display for NotifyVia {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a reporter without an account hears about their report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReporterNotify {
    /// Which channels.
    pub via: NotifyVia,
    /// In which language.
    pub language: Language,
}

/// What delivery needs to know about a reporter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReporterDelivery {
    /// Their account, when they reported while logged in (the account's preferences apply).
    pub user: Option<UserId>,
    /// Their choice, when they made one without an account.
    pub notify: Option<ReporterNotify>,
}

/// The delivery side of the store.
#[async_trait]
pub trait DeliveryStore: Send + Sync {
    /// What delivery needs to know about `reporter`; `None` for an unknown reporter.
    async fn reporter_delivery(
        &self,
        reporter: &ReporterId,
    ) -> StoreResult<Option<ReporterDelivery>>;

    /// Messages that failed: dead ones and pending ones whose last attempt failed, newest
    /// first, at most `limit`.
    async fn list_failed_outbox(&self, limit: u32) -> StoreResult<Vec<OutboxMessage>>;

    /// Sends a dead message again: it becomes pending with a delivery job due `now` (its dead
    /// job queued again with fresh attempts, or a new one), and an audit entry
    /// `outbox.requeue` names `actor`, atomically. `false` when the message is not dead (sent,
    /// pending, or unknown). A wiped secret stays wiped: the message goes out without it.
    async fn requeue_outbox(
        &self,
        id: OutboxId,
        actor: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
}

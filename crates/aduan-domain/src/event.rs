//! Immutable events with a SHA-256 hash chain per report, and the audit log's chain.
//!
//! Each hash covers the previous hash and a canonical encoding of the entry, so altering,
//! inserting or removing any entry breaks every later link. The reporter appears only by opaque
//! id, so erasing an identity never touches a hashed row.

use crate::actor::Role;
use crate::lifecycle::{ActionKind, EventDraft};
use crate::status::Status;
use crate::tracking_id::TrackingId;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry of every chain.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A stored, hashed event of one report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// The report.
    pub report: TrackingId,
    /// Position in the report's chain, from 1.
    pub seq: i64,
    /// Who acted: a user id, a reporter's opaque id, `system` or `public`.
    pub actor: String,
    /// The actor's role.
    pub role: Role,
    /// When, to the microsecond.
    pub at: DateTime<Utc>,
    /// The action.
    pub action: ActionKind,
    /// Status before.
    pub from: Option<Status>,
    /// Status after.
    pub to: Status,
    /// The reason given.
    pub reason: Option<String>,
    /// The text written.
    pub body: Option<String>,
    /// Never shown to reporters or the public.
    pub internal: bool,
    /// Structured details.
    pub payload: serde_json::Value,
    /// The hash of the previous event, or [`GENESIS_HASH`].
    pub prev_hash: String,
    /// SHA-256 over `prev_hash` and the canonical encoding.
    pub hash: String,
}

/// Formats an instant as the canonical text used in hashes: UTC, six fractional digits.
pub fn canonical_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

#[derive(Serialize)]
struct CanonicalEvent<'a> {
    report: String,
    seq: i64,
    actor: &'a str,
    role: &'static str,
    at: String,
    action: &'static str,
    from: Option<&'static str>,
    to: &'static str,
    reason: Option<&'a str>,
    body: Option<&'a str>,
    internal: bool,
    payload: &'a serde_json::Value,
}

fn chain_hash(prev_hash: &str, canonical: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(b"\n");
    h.update(canonical);
    hex::encode(h.finalize())
}

impl Event {
    /// Stamps a draft into the next event of a report's chain.
    pub fn seal(
        report: TrackingId,
        seq: i64,
        actor: String,
        role: Role,
        at: DateTime<Utc>,
        draft: EventDraft,
        prev_hash: &str,
    ) -> Self {
        let mut event = Event {
            report,
            seq,
            actor,
            role,
            at: crate::time::to_micros(at),
            action: draft.action,
            from: draft.from,
            to: draft.to,
            reason: draft.reason,
            body: draft.body,
            internal: draft.internal,
            payload: draft.payload,
            prev_hash: prev_hash.to_owned(),
            hash: String::new(),
        };
        event.hash = event.compute_hash();
        event
    }

    /// The canonical encoding: JSON with fixed field order and sorted payload keys.
    pub fn canonical(&self) -> Vec<u8> {
        let c = CanonicalEvent {
            report: self.report.to_string(),
            seq: self.seq,
            actor: &self.actor,
            role: self.role.as_str(),
            at: canonical_time(self.at),
            action: self.action.as_str(),
            from: self.from.map(|s| s.as_str()),
            to: self.to.as_str(),
            reason: self.reason.as_deref(),
            body: self.body.as_deref(),
            internal: self.internal,
            payload: &self.payload,
        };
        serde_json::to_vec(&c).unwrap_or_default()
    }

    /// Recomputes the hash from `prev_hash` and the stored fields.
    pub fn compute_hash(&self) -> String {
        chain_hash(&self.prev_hash, &self.canonical())
    }
}

/// An append-only audit entry for changes not tied to one report (users, directory, calendar).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    /// Position in the single audit chain, from 1.
    pub seq: i64,
    /// Who acted: a user id or `system`.
    pub actor: String,
    /// When, to the microsecond.
    pub at: DateTime<Utc>,
    /// What happened, such as `user.create` or `calendar.add`.
    pub action: String,
    /// What it happened to, such as `user:5`.
    pub subject: String,
    /// Details.
    pub payload: serde_json::Value,
    /// The previous entry's hash, or [`GENESIS_HASH`].
    pub prev_hash: String,
    /// SHA-256 over `prev_hash` and the canonical encoding.
    pub hash: String,
}

#[derive(Serialize)]
struct CanonicalAudit<'a> {
    seq: i64,
    actor: &'a str,
    at: String,
    action: &'a str,
    subject: &'a str,
    payload: &'a serde_json::Value,
}

impl AuditEntry {
    /// Builds and hashes the next audit entry.
    pub fn seal(
        seq: i64,
        actor: String,
        at: DateTime<Utc>,
        action: String,
        subject: String,
        payload: serde_json::Value,
        prev_hash: &str,
    ) -> Self {
        let mut e = AuditEntry {
            seq,
            actor,
            at: crate::time::to_micros(at),
            action,
            subject,
            payload,
            prev_hash: prev_hash.to_owned(),
            hash: String::new(),
        };
        e.hash = e.compute_hash();
        e
    }

    /// Recomputes the hash from `prev_hash` and the stored fields.
    pub fn compute_hash(&self) -> String {
        let c = CanonicalAudit {
            seq: self.seq,
            actor: &self.actor,
            at: canonical_time(self.at),
            action: &self.action,
            subject: &self.subject,
            payload: &self.payload,
        };
        chain_hash(&self.prev_hash, &serde_json::to_vec(&c).unwrap_or_default())
    }
}

/// What is wrong with a chain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    /// An entry's content no longer matches its hash.
    #[error("entry {seq} was altered")]
    Altered {
        /// The entry's position.
        seq: i64,
    },
    /// An entry does not follow the previous one (inserted, reordered or removed in between).
    #[error("the chain is broken before entry {seq}")]
    Broken {
        /// The first position that does not link.
        seq: i64,
    },
    /// The chain does not end at its recorded head: entries were cut off or appended.
    #[error("the chain does not end at its recorded head: {found} entries, {expected} recorded")]
    HeadMismatch {
        /// The recorded number of entries.
        expected: i64,
        /// The number of entries found.
        found: i64,
    },
}

/// One link of a chain as verification sees it.
pub trait Chained {
    /// Position, from 1.
    fn seq(&self) -> i64;
    /// The stored previous hash.
    fn prev_hash(&self) -> &str;
    /// The stored hash.
    fn hash(&self) -> &str;
    /// The hash recomputed from the content.
    fn recompute(&self) -> String;
}

impl Chained for Event {
    fn seq(&self) -> i64 {
        self.seq
    }
    fn prev_hash(&self) -> &str {
        &self.prev_hash
    }
    fn hash(&self) -> &str {
        &self.hash
    }
    fn recompute(&self) -> String {
        self.compute_hash()
    }
}

impl Chained for AuditEntry {
    fn seq(&self) -> i64 {
        self.seq
    }
    fn prev_hash(&self) -> &str {
        &self.prev_hash
    }
    fn hash(&self) -> &str {
        &self.hash
    }
    fn recompute(&self) -> String {
        self.compute_hash()
    }
}

/// Verifies a whole chain, in `seq` order, against its recorded head (count and last hash).
pub fn verify_chain<T: Chained>(
    entries: &[T],
    head: Option<(i64, &str)>,
) -> Result<(), ChainError> {
    let mut prev = GENESIS_HASH;
    for (i, e) in entries.iter().enumerate() {
        let expected_seq = i as i64 + 1;
        if e.seq() != expected_seq || e.prev_hash() != prev {
            return Err(ChainError::Broken { seq: e.seq() });
        }
        if e.recompute() != e.hash() {
            return Err(ChainError::Altered { seq: e.seq() });
        }
        prev = e.hash();
    }
    if let Some((count, last)) = head
        && (count != entries.len() as i64 || (count > 0 && last != prev))
    {
        return Err(ChainError::HeadMismatch {
            expected: count,
            found: entries.len() as i64,
        });
    }
    Ok(())
}

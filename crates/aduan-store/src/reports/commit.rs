//! The one way a report is written: a change the domain decided, with everything it causes,
//! committed by [`crate::Store::commit`] in one transaction or not at all. A new report brings
//! its reporter, its first event and what the submission stores with it; a transition brings
//! the report's new state, its event, and the clocks and messages it causes. Every event is
//! sealed into the report's hash chain by the store, under the report's row version.

use crate::{EventActor, NewOutboxMessage, SubmitExtras};
use aduan_domain::TrackingId;
use aduan_domain::lifecycle::EventDraft;
use aduan_domain::report::{Report, ReportState, ReporterIdentity};
use aduan_domain::sla::Clock;
use aduan_domain::workdays::WorkCalendar;
use chrono::{DateTime, Utc};

/// A decided change of one report.
#[derive(Debug)]
pub enum Commit<'a> {
    /// A new report: its reporter's identity (none for an account's own report or an
    /// anonymous SMS), its first event as `actor`, and what the submission stores with it
    /// (access code, idempotency key, account link, clocks, outbox). A tracking id already in
    /// use, or a used idempotency key (constraint `idempotency_keys`), is a conflict.
    Submit {
        /// The report as submitted.
        report: &'a Report,
        /// Who the reporter is.
        identity: Option<&'a ReporterIdentity>,
        /// The submission's event.
        event: EventDraft,
        /// Who submitted it.
        actor: &'a EventActor,
        /// What is stored with it.
        extras: &'a SubmitExtras,
    },
    /// A transition of a stored report, decided from `expected_version`: its new state and
    /// event, taken by `actor` at `at`. A report that has moved on is a conflict (constraint
    /// `reports.version`); an unknown one is not found.
    Transition {
        /// The report.
        id: &'a TrackingId,
        /// The version the decision was taken on.
        expected_version: i64,
        /// The state it leaves the report in.
        state: &'a ReportState,
        /// Its event.
        event: EventDraft,
        /// Who took it.
        actor: &'a EventActor,
        /// When.
        at: DateTime<Utc>,
        /// The clocks it leaves the report with and the messages it causes; `None` leaves
        /// the clocks as they are and sends nothing.
        effects: Option<Effects<'a>>,
    },
}

/// What a transition causes besides the report's own row and event.
#[derive(Debug, Clone, Copy)]
pub struct Effects<'a> {
    /// Every clock of the report after the transition (they replace the stored ones).
    pub clocks: &'a [Clock],
    /// The calendar their working days count on: the figures' running counts move with the
    /// clocks in the same transaction.
    pub calendar: &'a WorkCalendar,
    /// The messages it causes.
    pub outbox: &'a [NewOutboxMessage],
    /// Which of the triage models' suggestions a verification took (see
    /// [`crate::TriageStore`]); empty for every other transition.
    pub picks: &'a [crate::TriagePick],
}

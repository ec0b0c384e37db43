//! The action table of docs/domain.md §3: one function decides whether a move is allowed and what
//! it produces.
//!
//! [`decide`] checks, in this order: the status allows the action (`illegal_transition`), the
//! actor's role and scope allow it (`action_forbidden`), a once-only use is still free
//! (`already_used`), a window or deadline permits it now (`window_closed`, `not_due`), and the
//! inputs are complete (`reason_required`, `body_required`, ...). [`allowed_actions`] asks it
//! which actions are open to an actor now, for the pages to offer.

mod allowed;
mod decide;
mod scope;

pub use allowed::{
    REPORTER_ACTIONS, STAFF_ACTIONS, allowed_actions, reporter_actions, staff_actions,
};
pub use decide::{admits, decide, decide_submit};
pub use scope::{UnitTarget, holds_as_agency_admin, holds_as_unit_officer};

use crate::ids::{AgencyId, CategoryId, ReporterId, UnitId};
use crate::report::{ArchiveReason, HandlingClass, Kind, ReportState};
use crate::status::Status;
use crate::text_enum;
use serde::{Deserialize, Serialize};

text_enum!(
    /// The name of an action, as recorded in events.
    ActionKind {
        /// Submit a new report.
        Submit => "submit",
        /// The reporter adds information while awaiting verification.
        AddInfo => "add_info",
        /// The reporter withdraws before verification.
        Withdraw => "withdraw",
        /// Verify and dispatch to the agency with authority.
        VerifyDispatch => "verify_dispatch",
        /// Postpone verification until information is added.
        Postpone => "postpone",
        /// Archive with a reason from the list.
        Archive => "archive",
        /// Delete with a reason from the list.
        Delete => "delete",
        /// The reporter appeals an archive.
        Appeal => "appeal",
        /// Dispatch inside the agency to a unit.
        DispatchUnit => "dispatch_unit",
        /// The agency lacks authority: back for re-dispatch.
        Reroute => "reroute",
        /// The agency's answer.
        FollowUp => "follow_up",
        /// The reporter's answer to a follow-up.
        Reply => "reply",
        /// An internal note.
        Note => "note",
        /// The agency's final answer.
        Complete => "complete",
        /// The reporter confirms the completion.
        Confirm => "confirm",
        /// The reporter rates the handling.
        Rate => "rate",
        /// The system closes after silence.
        AutoClose => "auto_close",
        /// The reporter reopens a completion.
        Reopen => "reopen",
        /// Escalation for a missed deadline.
        Escalate => "escalate",
        /// The national admin reveals an anonymous reporter's identity.
        RevealIdentity => "reveal_identity",
        /// The Ombudsman acknowledges an escalated case.
        OmbudsmanAcknowledge => "ombudsman_acknowledge",
        /// The Ombudsman asks the agency for information.
        RequestInformation => "request_information",
        /// The Ombudsman records a finding.
        RecordFinding => "record_finding",
        /// The agency answers the Ombudsman's request.
        AnswerInformation => "answer_information",
        /// The system moved an open deadline after a calendar change (not an action of the table).
        DeadlineMoved => "deadline_moved",
    }
);

impl ActionKind {
    /// Whether this is an action of the table that `decide` judges (submit has `decide_submit`;
    /// `deadline_moved` is recorded by the system, never requested).
    pub fn in_table(self) -> bool {
        !matches!(self, ActionKind::Submit | ActionKind::DeadlineMoved)
    }
}

/// A reporter's rating of how a report was handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    /// 1 to 5.
    pub stars: u8,
    /// Whether the problem was resolved.
    pub resolved: bool,
}

/// The agency chosen at dispatch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyTarget {
    /// The agency.
    pub agency: AgencyId,
    /// Its inspectorate unit, where one exists.
    pub inspectorate: Option<UnitId>,
}

/// An action with its inputs (each field is named after what the variant's doc asks for).
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Add information while awaiting verification.
    AddInfo { body: String },
    /// Withdraw before verification.
    Withdraw,
    /// Verify and dispatch, with optional corrections.
    VerifyDispatch {
        /// The target agency.
        target: Option<AgencyTarget>,
        /// Required for complaints.
        handling_class: Option<HandlingClass>,
        /// Corrected kind.
        kind: Option<Kind>,
        /// Corrected title.
        title: Option<String>,
        /// Corrected category.
        category: Option<CategoryId>,
        /// Tags.
        tags: Option<Vec<String>>,
    },
    /// Postpone, saying what is missing.
    Postpone { reason: String },
    /// Archive with a reason from the list.
    Archive { reason: Option<ArchiveReason> },
    /// Delete with a reason from the list.
    Delete { reason: Option<ArchiveReason> },
    /// Appeal an archive.
    Appeal { reason: String },
    /// Dispatch to a unit.
    DispatchUnit { unit: Option<UnitTarget> },
    /// Reroute for lack of authority.
    Reroute {
        /// Why.
        reason: String,
        /// The agency the rerouting agency suggests.
        suggested_agency: Option<AgencyId>,
    },
    /// The agency's answer.
    FollowUp { body: String },
    /// The reporter's answer.
    Reply { body: String },
    /// An internal note.
    Note { body: String },
    /// The final answer.
    Complete { body: String },
    /// Confirm, optionally rating.
    Confirm { rating: Option<Rating> },
    /// Rate.
    Rate { rating: Rating },
    /// Close after silence.
    AutoClose,
    /// Reopen a completion.
    Reopen { reason: String },
    /// Escalate a missed deadline (system) or take it to the Ombudsman (reporter).
    Escalate,
    /// Reveal an anonymous identity.
    RevealIdentity { reason: String },
    /// The Ombudsman acknowledges.
    OmbudsmanAcknowledge { body: String },
    /// The Ombudsman asks the agency for information.
    RequestInformation { body: String },
    /// The Ombudsman records a finding.
    RecordFinding { body: String },
    /// The agency answers the Ombudsman.
    AnswerInformation { body: String },
}

/// Facts that depend on the clock, computed by the caller from the report's clocks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Windows {
    /// Within 10 working days of the archive.
    pub appeal_open: bool,
    /// Within 10 working days of the completion.
    pub reopen_open: bool,
    /// The completion limit has been missed.
    pub completion_missed: bool,
    /// 10 working days of silence after the last follow-up or completion.
    pub auto_close_due: bool,
    /// An agency's clock (first follow-up or completion) is breached and the next level is due.
    pub escalation_due: bool,
}

/// Everything about a report that the decision depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportFacts {
    /// The mutable state.
    pub state: ReportState,
    /// The reporter.
    pub reporter: ReporterId,
    /// Not public.
    pub confidential: bool,
    /// Identity hidden.
    pub anonymous: bool,
    /// Name shown publicly.
    pub show_name: bool,
    /// The holding unit's path, root first, ending with the holding unit (empty if none).
    pub unit_path: Vec<UnitId>,
    /// Clock-based facts.
    pub windows: Windows,
}

/// What an allowed action produces: the next state and the event to append.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The state after the action.
    pub state: ReportState,
    /// The event describing it.
    pub event: EventDraft,
}

/// An event before it is stamped with actor, time and hashes by [`crate::event`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventDraft {
    /// The action.
    pub action: ActionKind,
    /// Status before (none for submit).
    pub from: Option<Status>,
    /// Status after.
    pub to: Status,
    /// The reason given.
    pub reason: Option<String>,
    /// The text written (follow-up, reply, note...).
    pub body: Option<String>,
    /// Internal: never shown to reporters or the public.
    pub internal: bool,
    /// Structured details (target agency, rating, escalation level...).
    pub payload: serde_json::Value,
}

/// Why an action was refused. Each has a stable snake_case code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The report's status does not allow the action.
    #[error("{action} is not possible from {from}")]
    IllegalTransition {
        /// The action.
        action: ActionKind,
        /// The current status.
        from: Status,
    },
    /// The actor's role or scope does not allow the action.
    #[error("not allowed to {action} this report")]
    ActionForbidden {
        /// The action.
        action: ActionKind,
    },
    /// A once-only action was already used.
    #[error("{action} can be used only once")]
    AlreadyUsed {
        /// The action.
        action: ActionKind,
    },
    /// The window for the action has closed.
    #[error("the window for {action} has closed")]
    WindowClosed {
        /// The action.
        action: ActionKind,
    },
    /// The deadline that permits the action has not passed (or the level is at its ceiling).
    #[error("{action} is not due")]
    NotDue {
        /// The action.
        action: ActionKind,
    },
    /// A reason is required.
    #[error("a reason is required")]
    ReasonRequired,
    /// A body text is required.
    #[error("a text is required")]
    BodyRequired,
    /// A target agency or unit is required (a target outside the actor's scope is `action_forbidden`).
    #[error("a target is required")]
    TargetRequired,
    /// Complaints need a handling class at verification.
    #[error("a handling class is required for complaints")]
    HandlingClassRequired,
    /// The reason code is not allowed here or lacks its details.
    #[error("invalid reason: {0}")]
    InvalidReason(&'static str),
    /// A rating must be 1 to 5.
    #[error("a rating must be from 1 to 5")]
    InvalidRating,
}

impl TransitionError {
    /// The stable code that the API, UI and SMS texts translate.
    pub fn code(&self) -> &'static str {
        match self {
            TransitionError::IllegalTransition { .. } => "illegal_transition",
            TransitionError::ActionForbidden { .. } => "action_forbidden",
            TransitionError::AlreadyUsed { .. } => "already_used",
            TransitionError::WindowClosed { .. } => "window_closed",
            TransitionError::NotDue { .. } => "not_due",
            TransitionError::ReasonRequired => "reason_required",
            TransitionError::BodyRequired => "body_required",
            TransitionError::TargetRequired => "target_required",
            TransitionError::HandlingClassRequired => "handling_class_required",
            TransitionError::InvalidReason(_) => "invalid_reason",
            TransitionError::InvalidRating => "invalid_rating",
        }
    }
}

impl Action {
    /// The action's name.
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::AddInfo { .. } => ActionKind::AddInfo,
            Action::Withdraw => ActionKind::Withdraw,
            Action::VerifyDispatch { .. } => ActionKind::VerifyDispatch,
            Action::Postpone { .. } => ActionKind::Postpone,
            Action::Archive { .. } => ActionKind::Archive,
            Action::Delete { .. } => ActionKind::Delete,
            Action::Appeal { .. } => ActionKind::Appeal,
            Action::DispatchUnit { .. } => ActionKind::DispatchUnit,
            Action::Reroute { .. } => ActionKind::Reroute,
            Action::FollowUp { .. } => ActionKind::FollowUp,
            Action::Reply { .. } => ActionKind::Reply,
            Action::Note { .. } => ActionKind::Note,
            Action::Complete { .. } => ActionKind::Complete,
            Action::Confirm { .. } => ActionKind::Confirm,
            Action::Rate { .. } => ActionKind::Rate,
            Action::AutoClose => ActionKind::AutoClose,
            Action::Reopen { .. } => ActionKind::Reopen,
            Action::Escalate => ActionKind::Escalate,
            Action::RevealIdentity { .. } => ActionKind::RevealIdentity,
            Action::OmbudsmanAcknowledge { .. } => ActionKind::OmbudsmanAcknowledge,
            Action::RequestInformation { .. } => ActionKind::RequestInformation,
            Action::RecordFinding { .. } => ActionKind::RecordFinding,
            Action::AnswerInformation { .. } => ActionKind::AnswerInformation,
        }
    }
}

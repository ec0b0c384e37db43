//! The seven statuses of a report, how a completion came about, and how far it has escalated.

use crate::text_enum;

text_enum!(
    /// Where a report stands in its lifecycle (docs/domain.md §3).
    Status {
        /// Awaiting verification by the national admin or the requested agency.
        Submitted => "submitted",
        /// Verification is waiting for information the reporter must add.
        Postponed => "postponed",
        /// Closed without dispatch, with a reason from the list.
        Archived => "archived",
        /// Removed; visible only to the national admin and the reporter.
        Deleted => "deleted",
        /// Sent to the agency with authority.
        Dispatched => "dispatched",
        /// The agency has answered at least once.
        InProgress => "in_progress",
        /// Done; see [`CompletionKind`].
        Completed => "completed",
    }
);

impl Status {
    /// Open statuses: submitted, postponed, dispatched and in_progress.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Submitted | Status::Postponed | Status::Dispatched | Status::InProgress
        )
    }

    /// Whether the report is still before (or without) verification.
    pub fn is_before_verification(self) -> bool {
        matches!(
            self,
            Status::Submitted | Status::Postponed | Status::Archived
        )
    }
}

text_enum!(
    /// How a completed report came to be completed.
    CompletionKind {
        /// The agency marked it done.
        AgencyClosed => "agency_closed",
        /// The reporter confirmed the answer.
        ReporterConfirmed => "reporter_confirmed",
        /// Closed by silence; never counted as satisfaction.
        AutoClosed => "auto_closed",
    }
);

text_enum!(
    /// How far a report has been escalated for a missed deadline.
    EscalationLevel {
        /// Not escalated.
        None => "none",
        /// The holding agency's admin has been alerted.
        AgencyAdmin => "agency_admin",
        /// The national admin has been alerted.
        NationalAdmin => "national_admin",
        /// The reporter took the case to the Ombudsman.
        Ombudsman => "ombudsman",
    }
);

text_enum!(
    /// Why a report was archived or deleted.
    ArchiveReasonCode {
        /// Too general to act upon.
        TooGeneral => "too_general",
        /// Not about a public service.
        NotPublicService => "not_public_service",
        /// Cannot be understood.
        Unintelligible => "unintelligible",
        /// Repeats another report (`duplicate_of`).
        Duplicate => "duplicate",
        /// Ethnic, religious or racial incitement, or abuse.
        SaraOrAbuse => "sara_or_abuse",
        /// Spam.
        Spam => "spam",
        /// The reporter cannot be reached.
        ReporterUnreachable => "reporter_unreachable",
        /// Another reason, with `reason_text`.
        Other => "other",
        /// The reporter withdrew it; set only by the withdraw action.
        Withdrawn => "withdrawn",
    }
);

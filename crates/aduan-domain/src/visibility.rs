//! The one visibility policy of docs/domain.md §4: what a viewer may see of a report.
//!
//! Every read path (JSON, HTML, exports, search, notifications) asks this function; nothing
//! else decides who sees what.

use crate::actor::{Actor, StaffRole, SupervisorBody};
use crate::ids::{AgencyId, ReporterId, UnitId};
use crate::status::{EscalationLevel, Status};
use serde::Serialize;

/// The facts about a report that visibility depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisibilityFacts {
    /// Current status.
    pub status: Status,
    /// Kept out of public view.
    pub confidential: bool,
    /// Identity hidden.
    pub anonymous: bool,
    /// Name shown publicly.
    pub show_name: bool,
    /// The agency the reporter asked for (cleared when it rerouted the report).
    pub requested_agency: Option<AgencyId>,
    /// The holding agency (the current disposition).
    pub agency: Option<AgencyId>,
    /// The holding unit and its ancestors, root first, ending with the holding unit.
    pub unit_path: Vec<UnitId>,
    /// The reporter's opaque id.
    pub reporter: ReporterId,
    /// Escalation level.
    pub escalation_level: EscalationLevel,
}

/// How the reporter's identity appears to a viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityView {
    /// Name and contact details.
    Full,
    /// The name alone (the reporter chose `show_name`).
    NameOnly,
    /// The word "Pelapor" in place of a name.
    Pelapor,
    /// The word "Anonim".
    Anonim,
}

/// What one viewer may see of one report.
///
/// Only [`visibility`] makes one: the fields are private, so no other module (and no other
/// crate) can build or alter what a viewer may see, and every view of a report starts here.
///
/// ```compile_fail
/// use aduan_domain::visibility::{IdentityView, Visibility};
/// let forged = Visibility {
///     report: true,
///     status_card_details: true,
///     identity: IdentityView::Full,
///     internal_notes: true,
///     deletion_reason: true,
///     all_attachments: true,
/// };
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Visibility {
    report: bool,
    status_card_details: bool,
    identity: IdentityView,
    internal_notes: bool,
    deletion_reason: bool,
    /// Unpublished attachments too (the reporter, and staff who see the report).
    #[serde(skip)]
    all_attachments: bool,
}

impl Visibility {
    fn hidden() -> Self {
        Self {
            report: false,
            status_card_details: true,
            identity: IdentityView::Anonim,
            internal_notes: false,
            deletion_reason: false,
            all_attachments: false,
        }
    }

    /// The report itself (title, body, timeline). When false, answer 404.
    pub fn report(&self) -> bool {
        self.report
    }

    /// The status card's details; false means it says only `deleted`.
    pub fn status_card_details(&self) -> bool {
        self.status_card_details
    }

    /// How the identity appears, when the report is visible.
    pub fn identity(&self) -> IdentityView {
        self.identity
    }

    /// Internal notes.
    pub fn internal_notes(&self) -> bool {
        self.internal_notes
    }

    /// The reason of a deletion.
    pub fn deletion_reason(&self) -> bool {
        self.deletion_reason
    }

    /// Whether an attachment of the report may be seen: only on a report the viewer sees, and
    /// then a published one by anyone, an unpublished one by the reporter and by staff.
    pub fn attachment(&self, public: bool) -> bool {
        self.report && (public || self.all_attachments)
    }
}

/// Whether a unit officer's unit is the holding unit or one of its ancestors.
pub fn unit_covers(unit: &UnitId, holding_path: &[UnitId]) -> bool {
    holding_path.iter().any(|u| u == unit)
}

/// Decides what `viewer` may see of a report with `facts`.
pub fn visibility(viewer: &Actor, facts: &VisibilityFacts) -> Visibility {
    let deleted = facts.status == Status::Deleted;
    let dispatched = !facts.status.is_before_verification() && !deleted;
    let public_identity = if facts.anonymous {
        IdentityView::Anonim
    } else if facts.show_name {
        IdentityView::NameOnly
    } else {
        IdentityView::Pelapor
    };
    let staff_identity = if facts.anonymous {
        IdentityView::Anonim
    } else {
        IdentityView::Full
    };

    match viewer {
        Actor::Reporter(id) if *id == facts.reporter => Visibility {
            report: true,
            status_card_details: true,
            identity: IdentityView::Full,
            internal_notes: false,
            deletion_reason: true,
            all_attachments: true,
        },
        // The system acts on reports but never views them for anyone: anything built from its
        // view (a notification, say) must not carry more than the public may see.
        Actor::Public | Actor::Reporter(_) | Actor::System => {
            let report = dispatched && !facts.confidential;
            Visibility {
                report,
                status_card_details: !deleted,
                identity: public_identity,
                ..Visibility::hidden()
            }
        }
        Actor::Staff(staff) => staff_visibility(
            &staff.role,
            facts,
            dispatched,
            deleted,
            public_identity,
            staff_identity,
        ),
    }
}

fn staff_visibility(
    role: &StaffRole,
    facts: &VisibilityFacts,
    dispatched: bool,
    deleted: bool,
    public_identity: IdentityView,
    staff_identity: IdentityView,
) -> Visibility {
    let sees = |report: bool, identity: IdentityView, notes: bool| Visibility {
        report,
        status_card_details: !deleted,
        identity,
        internal_notes: report && notes,
        deletion_reason: false,
        all_attachments: report,
    };
    match role {
        StaffRole::NationalAdmin => Visibility {
            report: true,
            status_card_details: true,
            identity: staff_identity,
            internal_notes: true,
            deletion_reason: true,
            all_attachments: true,
        },
        StaffRole::AgencyAdmin { agency } => {
            let holds = dispatched && facts.agency.as_ref() == Some(agency);
            let requested = facts.status.is_before_verification()
                && facts.requested_agency.as_ref() == Some(agency);
            sees(!deleted && (holds || requested), staff_identity, true)
        }
        StaffRole::UnitOfficer { agency, unit } => {
            let holds = dispatched
                && facts.agency.as_ref() == Some(agency)
                && unit_covers(unit, &facts.unit_path);
            sees(holds, staff_identity, true)
        }
        StaffRole::Supervisor { body } => {
            let escalated_here = *body == SupervisorBody::Ombudsman
                && facts.escalation_level == EscalationLevel::Ombudsman;
            let identity = if escalated_here {
                staff_identity
            } else {
                public_identity
            };
            sees(dispatched, identity, escalated_here)
        }
    }
}

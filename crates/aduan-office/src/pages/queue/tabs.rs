//! The tabs of each role's queue: which reports each one holds and in what order.

use aduan_domain::actor::{StaffRole, SupervisorBody};
use aduan_domain::{EscalationLevel, Status};

/// One tab of a queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tab {
    /// Its value in the URL (`?tab=`).
    pub slug: &'static str,
    /// Any of these statuses (empty: any).
    pub statuses: &'static [Status],
    /// Any of these escalation levels (empty: any).
    pub escalations: &'static [EscalationLevel],
    /// Only reports past a running deadline.
    pub overdue: bool,
    /// Deadline order (else newest first).
    pub by_deadline: bool,
    /// Bulk archive and dispatch apply here.
    pub bulk: bool,
}

impl Tab {
    /// The message key of its name.
    pub fn label_key(&self) -> String {
        format!("office-queue-tab-{}", self.slug)
    }

    /// The message key of the line that explains it.
    pub fn lead_key(&self) -> String {
        format!("office-queue-lead-{}", self.slug)
    }
}

const HELD: &[Status] = &[Status::Dispatched, Status::InProgress];

const fn tab(slug: &'static str, statuses: &'static [Status]) -> Tab {
    Tab {
        slug,
        statuses,
        escalations: &[],
        overdue: false,
        by_deadline: true,
        bulk: false,
    }
}

/// Awaiting the national admin's verification (new, appealed and rerouted reports alike).
const VERIFY: Tab = Tab {
    bulk: true,
    ..tab("verifikasi", &[Status::Submitted])
};
/// Waiting for the reporter's information.
const POSTPONED: Tab = Tab {
    bulk: true,
    ..tab("ditunda", &[Status::Postponed])
};
/// Escalated to the national admin and still open.
const ESCALATED_NATIONAL: Tab = Tab {
    escalations: &[EscalationLevel::NationalAdmin],
    ..tab("eskalasi", HELD)
};
/// Requested for the agency and awaiting its verification.
const REQUESTED: Tab = Tab {
    bulk: true,
    ..tab("verifikasi", &[Status::Submitted, Status::Postponed])
};
/// Held by the agency or unit.
const HELD_TAB: Tab = tab("dipegang", HELD);
/// Held, and past a deadline.
const BREACHED: Tab = Tab {
    overdue: true,
    ..tab("terlambat", HELD)
};
/// Taken to the Ombudsman, open or not (a finding may come after completion).
const OMBUDSMAN: Tab = Tab {
    escalations: &[EscalationLevel::Ombudsman],
    ..tab("eskalasi", &[])
};
/// Escalated at any level and still open.
const ESCALATED_ANY: Tab = Tab {
    escalations: &[
        EscalationLevel::AgencyAdmin,
        EscalationLevel::NationalAdmin,
        EscalationLevel::Ombudsman,
    ],
    ..tab("eskalasi", HELD)
};
/// Every open report after dispatch.
const OPEN: Tab = tab("terbuka", HELD);
/// Everything the role may see, newest first.
const ALL: Tab = Tab {
    by_deadline: false,
    ..tab("semua", &[])
};

/// The tabs of a role, the default first.
pub fn tabs_for(role: &StaffRole) -> &'static [Tab] {
    match role {
        StaffRole::NationalAdmin => &[VERIFY, POSTPONED, ESCALATED_NATIONAL, ALL],
        StaffRole::AgencyAdmin { .. } => &[REQUESTED, HELD_TAB, BREACHED, ALL],
        StaffRole::UnitOfficer { .. } => &[HELD_TAB, BREACHED, ALL],
        StaffRole::Supervisor {
            body: SupervisorBody::Ombudsman,
        } => &[OMBUDSMAN, ALL],
        StaffRole::Supervisor { .. } => &[ESCALATED_ANY, OPEN, ALL],
    }
}

/// The tab named `slug` among the role's tabs, else the role's first.
pub fn pick(role: &StaffRole, slug: &str) -> Tab {
    let tabs = tabs_for(role);
    tabs.iter()
        .find(|t| t.slug == slug)
        .or(tabs.first())
        .copied()
        .unwrap_or(ALL)
}

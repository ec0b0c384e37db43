//! Report facts and actors the rows name: base facts per status, the variant words, the roles.

use super::*;

/// The report's own reporter.
pub(super) fn own_reporter() -> ReporterId {
    ReporterId::from_stored("r_0000000000000000000000000000a001")
}

/// A reporter of some other report.
pub(super) fn other_reporter() -> ReporterId {
    ReporterId::from_stored("r_0000000000000000000000000000b002")
}

/// A unit's path, root first, ending with the unit: each prefix of its slug below the agency.
pub(super) fn unit_path(slug: &str) -> Vec<UnitId> {
    let parts: Vec<&str> = slug.split('/').collect();
    (2..=parts.len())
        .map(|n| UnitId::new(parts[..n].join("/")))
        .collect()
}

/// A unit chosen as a dispatch target, in the agency its slug starts with.
pub(super) fn unit_target(slug: &str) -> UnitTarget {
    UnitTarget {
        agency: AgencyId::new(slug.split('/').next().unwrap_or_default()),
        path: unit_path(slug),
    }
}

/// An archive or delete reason with no details.
pub(super) fn reason(code: ArchiveReasonCode) -> ArchiveReason {
    ArchiveReason {
        code,
        duplicate_of: None,
        text: None,
    }
}

/// Some earlier report, for `duplicate_of`.
pub(super) fn earlier_report() -> TrackingId {
    TrackingId::generate(&mut SmallRng::seed_from_u64(1708))
}

/// Every window open and every deadline due: in base rows no clock stands in the way.
pub(super) fn every_window_open_and_every_deadline_due() -> Windows {
    Windows {
        appeal_open: true,
        reopen_open: true,
        completion_missed: true,
        auto_close_due: true,
        escalation_due: true,
    }
}

/// A complaint by `own_reporter` that asked for kota-surabaya, not escalated, held by nobody.
pub(super) fn report_requesting_surabaya(status: Status) -> ReportFacts {
    ReportFacts {
        state: ReportState {
            status,
            completion_kind: None,
            escalation_level: EscalationLevel::None,
            kind: Kind::Complaint,
            title: Some("Jalan berlubang di Jl. Ahmad Yani".to_owned()),
            category: None,
            tags: Vec::new(),
            handling_class: None,
            requested_agency: Some(AgencyId::new(SURABAYA)),
            agency: None,
            unit: None,
            rerouted: false,
            archive_reason: None,
            appeal_used: false,
            reopen_used: false,
            information_requested: false,
            confidential: false,
        },
        reporter: own_reporter(),
        confidential: false,
        anonymous: true,
        show_name: false,
        unit_path: Vec::new(),
        windows: every_window_open_and_every_deadline_due(),
    }
}

/// A report before (or without) verification: submitted, postponed, archived or deleted.
pub(super) fn unverified_report(
    status: Status,
    archive_reason: Option<ArchiveReason>,
) -> ReportFacts {
    let mut facts = report_requesting_surabaya(status);
    facts.state.archive_reason = archive_reason;
    facts
}

/// An ordinary complaint held by agency kota-surabaya, unit kota-surabaya/dinas-pu/bidang-jalan.
pub(super) fn report_held_by_bidang_jalan(
    status: Status,
    completion: Option<CompletionKind>,
) -> ReportFacts {
    let mut facts = report_requesting_surabaya(status);
    facts.state.completion_kind = completion;
    facts.state.handling_class = Some(HandlingClass::Ordinary);
    facts.state.agency = Some(AgencyId::new(SURABAYA));
    facts.state.unit = Some(UnitId::new(BIDANG_JALAN));
    facts.unit_path = unit_path(BIDANG_JALAN);
    facts
}

/// The base facts of a status label, made valid for `action`: the Ombudsman's actions find the
/// report escalated to the Ombudsman, and answer_information finds a request outstanding.
pub(super) fn base_facts(label: &str, action: ActionKind) -> Result<ReportFacts, String> {
    let mut facts = match label {
        "submitted" => unverified_report(Status::Submitted, None),
        "postponed" => unverified_report(Status::Postponed, None),
        "archived/other" => unverified_report(
            Status::Archived,
            Some(ArchiveReason {
                text: Some("Laporan bukan tentang layanan di wilayah ini".to_owned()),
                ..reason(ArchiveReasonCode::Other)
            }),
        ),
        "archived/withdrawn" => {
            unverified_report(Status::Archived, Some(reason(ArchiveReasonCode::Withdrawn)))
        }
        "deleted" => unverified_report(Status::Deleted, Some(reason(ArchiveReasonCode::Spam))),
        "dispatched" => report_held_by_bidang_jalan(Status::Dispatched, None),
        "in_progress" => report_held_by_bidang_jalan(Status::InProgress, None),
        "completed/agency_closed" => {
            report_held_by_bidang_jalan(Status::Completed, Some(CompletionKind::AgencyClosed))
        }
        "completed/reporter_confirmed" => {
            report_held_by_bidang_jalan(Status::Completed, Some(CompletionKind::ReporterConfirmed))
        }
        "completed/auto_closed" => {
            report_held_by_bidang_jalan(Status::Completed, Some(CompletionKind::AutoClosed))
        }
        other => return Err(format!("unknown status label `{other}`")),
    };
    if matches!(
        action,
        ActionKind::OmbudsmanAcknowledge
            | ActionKind::RequestInformation
            | ActionKind::RecordFinding
            | ActionKind::AnswerInformation
    ) {
        facts.state.escalation_level = EscalationLevel::Ombudsman;
    }
    if action == ActionKind::AnswerInformation {
        facts.state.information_requested = true;
    }
    Ok(facts)
}

/// Applies a facts word of the variant cell; `Ok(false)` when the word is not about facts.
pub(super) fn apply_fact(facts: &mut ReportFacts, word: &str) -> Result<bool, String> {
    let state = &mut facts.state;
    let windows = &mut facts.windows;
    match word {
        "requested:none" => state.requested_agency = None,
        "requested:own" => state.requested_agency = Some(AgencyId::new(SURABAYA)),
        "requested:other" => state.requested_agency = Some(AgencyId::new(SIDOARJO)),
        "rerouted" => state.rerouted = true,
        "held:parent" => {
            state.unit = Some(UnitId::new(DINAS_PU));
            facts.unit_path = unit_path(DINAS_PU);
        }
        "held:agency" => {
            state.unit = None;
            facts.unit_path = Vec::new();
        }
        "request" => state.information_requested = true,
        "no-request" => state.information_requested = false,
        "appeal:closed" => windows.appeal_open = false,
        "appeal:used" => state.appeal_used = true,
        "reopen:closed" => windows.reopen_open = false,
        "reopen:used" => state.reopen_used = true,
        "auto_close:not_due" => windows.auto_close_due = false,
        "escalation:not_due" => windows.escalation_due = false,
        "completion:not_missed" => windows.completion_missed = false,
        _ => {
            if let Some(level) = word.strip_prefix("level:") {
                state.escalation_level = EscalationLevel::parse(level)
                    .ok_or_else(|| format!("unknown escalation level `{level}`"))?;
            } else if let Some(kind) = word.strip_prefix("kind:") {
                state.kind = Kind::parse(kind).ok_or_else(|| format!("unknown kind `{kind}`"))?;
            } else {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

// ------------------------------------------------------------------------------------------------
// Actors
// ------------------------------------------------------------------------------------------------

pub(super) fn staff(user: i64, role: StaffRole) -> Actor {
    Actor::Staff(Staff {
        user: UserId(user),
        role,
    })
}

pub(super) fn agency_admin(user: i64, agency: &str) -> Actor {
    staff(
        user,
        StaffRole::AgencyAdmin {
            agency: AgencyId::new(agency),
        },
    )
}

pub(super) fn unit_officer(user: i64, unit: &str) -> Actor {
    let agency = unit.split('/').next().unwrap_or_default();
    staff(
        user,
        StaffRole::UnitOfficer {
            agency: AgencyId::new(agency),
            unit: UnitId::new(unit),
        },
    )
}

pub(super) fn supervisor(user: i64, body: SupervisorBody) -> Actor {
    staff(user, StaffRole::Supervisor { body })
}

/// The actor an actor cell names.
pub(super) fn actor(cell: &str) -> Result<Actor, String> {
    Ok(match cell {
        "public" => Actor::Public,
        "reporter" => Actor::Reporter(own_reporter()),
        "other_reporter" => Actor::Reporter(other_reporter()),
        "national_admin" => staff(1, StaffRole::NationalAdmin),
        "agency_admin" | "agency_admin:own" => agency_admin(2, SURABAYA),
        "agency_admin:other" => agency_admin(3, SIDOARJO),
        "unit_officer" | "unit_officer:holding" => unit_officer(4, BIDANG_JALAN),
        "unit_officer:parent" => unit_officer(5, DINAS_PU),
        "unit_officer:sub" => unit_officer(6, SEKSI_PEMELIHARAAN),
        "unit_officer:sibling" => unit_officer(7, BIDANG_DRAINASE),
        "unit_officer:other_unit" => unit_officer(8, DINAS_KESEHATAN),
        "unit_officer:other_agency" => unit_officer(9, SIDOARJO_DINAS_PU),
        "ombudsman" => supervisor(10, SupervisorBody::Ombudsman),
        "ksp" => supervisor(11, SupervisorBody::Ksp),
        "kemendagri" => supervisor(12, SupervisorBody::Kemendagri),
        "system" => Actor::System,
        other => return Err(format!("unknown actor `{other}`")),
    })
}

// ------------------------------------------------------------------------------------------------
// Inputs
// ------------------------------------------------------------------------------------------------

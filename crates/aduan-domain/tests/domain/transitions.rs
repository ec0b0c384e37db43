//! DOMAIN.md §3's action table, transcribed by hand into `tests/fixtures/transitions.txt` and
//! checked row by row against [`decide`] and [`decide_submit`].
//!
//! The fixture's header explains its columns, its base facts and the words of its `variant` and
//! `effects` cells. Every row is run on its own; all mismatches are collected and reported
//! together, each with its line number, so one run shows every disagreement.

use aduan_domain::lifecycle::{
    Action, ActionKind, AgencyTarget, Decision, Rating, ReportFacts, TransitionError, UnitTarget,
    Windows, decide, decide_submit,
};
use aduan_domain::report::{ArchiveReason, Channel, HandlingClass, Kind, Location, NewReport};
use aduan_domain::status::{ArchiveReasonCode, CompletionKind, EscalationLevel, Status};
use aduan_domain::{
    Actor, AgencyId, ReportState, ReporterId, Staff, StaffRole, SupervisorBody, TrackingId, UnitId,
    UserId,
};
use chrono::NaiveDate;
use rand::SeedableRng;
use rand::rngs::SmallRng;
use std::collections::{BTreeMap, BTreeSet};

/// The hand-written table.
const TABLE: &str = include_str!("../fixtures/transitions.txt");

/// The agency that holds the report (and that the reporter requested) in the base facts.
const SURABAYA: &str = "kota-surabaya";
/// Another agency.
const SIDOARJO: &str = "kabupaten-sidoarjo";
/// The holding unit's parent.
const DINAS_PU: &str = "kota-surabaya/dinas-pu";
/// The holding unit in the base facts.
const BIDANG_JALAN: &str = "kota-surabaya/dinas-pu/bidang-jalan";
/// A sub-unit of the holding unit: the base target of dispatch_unit.
const SEKSI_PEMELIHARAAN: &str = "kota-surabaya/dinas-pu/bidang-jalan/seksi-pemeliharaan";
/// The holding unit's sibling.
const BIDANG_DRAINASE: &str = "kota-surabaya/dinas-pu/bidang-drainase";
/// A unit of the same agency outside dinas-pu.
const DINAS_KESEHATAN: &str = "kota-surabaya/dinas-kesehatan";
/// Kota Surabaya's inspectorate.
const INSPEKTORAT: &str = "kota-surabaya/inspektorat";
/// A unit of the other agency.
const SIDOARJO_DINAS_PU: &str = "kabupaten-sidoarjo/dinas-pu";

/// The status column's labels: a status with its completion kind or archive reason.
const STATUS_LABELS: [&str; 10] = [
    "submitted",
    "postponed",
    "archived/other",
    "archived/withdrawn",
    "deleted",
    "dispatched",
    "in_progress",
    "completed/agency_closed",
    "completed/reporter_confirmed",
    "completed/auto_closed",
];

/// The actor column's base roles, each of which must meet every status and action.
const ROLES: [&str; 10] = [
    "public",
    "reporter",
    "other_reporter",
    "national_admin",
    "agency_admin",
    "unit_officer",
    "ombudsman",
    "ksp",
    "kemendagri",
    "system",
];

/// The error codes an `expect` cell may name.
const ERROR_CODES: [&str; 11] = [
    "illegal_transition",
    "action_forbidden",
    "already_used",
    "window_closed",
    "not_due",
    "reason_required",
    "body_required",
    "target_required",
    "handling_class_required",
    "invalid_reason",
    "invalid_rating",
];

// ------------------------------------------------------------------------------------------------
// The table
// ------------------------------------------------------------------------------------------------

/// One row of the table.
struct Row {
    line: usize,
    status: &'static str,
    action: &'static str,
    actor: &'static str,
    variant: Vec<&'static str>,
    expect: &'static str,
    effects: Vec<&'static str>,
}

impl Row {
    fn describe(&self) -> String {
        let variant = if self.variant.is_empty() {
            "-".to_owned()
        } else {
            self.variant.join(",")
        };
        format!(
            "line {}: {} | {} | {} | {} | expect {}",
            self.line, self.status, self.action, self.actor, variant, self.expect
        )
    }
}

/// Every row of the table; a line that is not six cells fails the test at once.
fn table() -> Vec<Row> {
    let mut rows = Vec::new();
    for (index, raw) in TABLE.lines().enumerate() {
        let text = raw.split('#').next().unwrap_or_default().trim();
        if text.is_empty() {
            continue;
        }
        let cells: Vec<&'static str> = text.split('|').map(str::trim).collect();
        assert_eq!(
            cells.len(),
            6,
            "line {}: a row has 6 cells (status | action | actor | variant | expect | effects): {raw}",
            index + 1
        );
        rows.push(Row {
            line: index + 1,
            status: cells[0],
            action: cells[1],
            actor: cells[2],
            variant: list(cells[3]),
            expect: cells[4],
            effects: list(cells[5]),
        });
    }
    rows
}

/// A comma-separated cell; `-` is the empty list.
fn list(cell: &'static str) -> Vec<&'static str> {
    if cell == "-" {
        Vec::new()
    } else {
        cell.split(',').map(str::trim).collect()
    }
}

/// Every (status, action, role) triple the table must mention at least once (submit excluded).
fn required_triples() -> BTreeSet<(String, String, String)> {
    let mut triples = BTreeSet::new();
    for status in STATUS_LABELS {
        for action in ActionKind::ALL.iter().filter(|a| a.in_table()) {
            for role in ROLES {
                triples.insert((
                    status.to_owned(),
                    action.as_str().to_owned(),
                    role.to_owned(),
                ));
            }
        }
    }
    triples
}

/// Fails listing every triple the table lacks: coverage cannot shrink silently.
fn assert_covers_every_status_action_and_role(rows: &[Row]) {
    let present: BTreeSet<(String, String, String)> = rows
        .iter()
        .map(|r| (r.status.to_owned(), r.action.to_owned(), r.actor.to_owned()))
        .collect();
    let missing: Vec<String> = required_triples()
        .difference(&present)
        .map(|(s, a, r)| format!("{s} | {a} | {r}"))
        .collect();
    assert!(
        missing.is_empty(),
        "the table lacks {} (status | action | role) triples:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

// ------------------------------------------------------------------------------------------------
// Facts
// ------------------------------------------------------------------------------------------------

/// The report's own reporter.
fn own_reporter() -> ReporterId {
    ReporterId::from_stored("r_0000000000000000000000000000a001")
}

/// A reporter of some other report.
fn other_reporter() -> ReporterId {
    ReporterId::from_stored("r_0000000000000000000000000000b002")
}

/// A unit's path, root first, ending with the unit: each prefix of its slug below the agency.
fn unit_path(slug: &str) -> Vec<UnitId> {
    let parts: Vec<&str> = slug.split('/').collect();
    (2..=parts.len())
        .map(|n| UnitId::new(parts[..n].join("/")))
        .collect()
}

/// A unit chosen as a dispatch target, in the agency its slug starts with.
fn unit_target(slug: &str) -> UnitTarget {
    UnitTarget {
        agency: AgencyId::new(slug.split('/').next().unwrap_or_default()),
        path: unit_path(slug),
    }
}

/// An archive or delete reason with no details.
fn reason(code: ArchiveReasonCode) -> ArchiveReason {
    ArchiveReason {
        code,
        duplicate_of: None,
        text: None,
    }
}

/// Some earlier report, for `duplicate_of`.
fn earlier_report() -> TrackingId {
    TrackingId::generate(&mut SmallRng::seed_from_u64(1708))
}

/// Every window open and every deadline due: in base rows no clock stands in the way.
fn every_window_open_and_every_deadline_due() -> Windows {
    Windows {
        appeal_open: true,
        reopen_open: true,
        completion_missed: true,
        auto_close_due: true,
        escalation_due: true,
    }
}

/// A complaint by `own_reporter` that asked for kota-surabaya, not escalated, held by nobody.
fn report_requesting_surabaya(status: Status) -> ReportFacts {
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
fn unverified_report(status: Status, archive_reason: Option<ArchiveReason>) -> ReportFacts {
    let mut facts = report_requesting_surabaya(status);
    facts.state.archive_reason = archive_reason;
    facts
}

/// An ordinary complaint held by agency kota-surabaya, unit kota-surabaya/dinas-pu/bidang-jalan.
fn report_held_by_bidang_jalan(status: Status, completion: Option<CompletionKind>) -> ReportFacts {
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
fn base_facts(label: &str, action: ActionKind) -> Result<ReportFacts, String> {
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
fn apply_fact(facts: &mut ReportFacts, word: &str) -> Result<bool, String> {
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

fn staff(user: i64, role: StaffRole) -> Actor {
    Actor::Staff(Staff {
        user: UserId(user),
        role,
    })
}

fn agency_admin(user: i64, agency: &str) -> Actor {
    staff(
        user,
        StaffRole::AgencyAdmin {
            agency: AgencyId::new(agency),
        },
    )
}

fn unit_officer(user: i64, unit: &str) -> Actor {
    let agency = unit.split('/').next().unwrap_or_default();
    staff(
        user,
        StaffRole::UnitOfficer {
            agency: AgencyId::new(agency),
            unit: UnitId::new(unit),
        },
    )
}

fn supervisor(user: i64, body: SupervisorBody) -> Actor {
    staff(user, StaffRole::Supervisor { body })
}

/// The actor an actor cell names.
fn actor(cell: &str) -> Result<Actor, String> {
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

/// An action's inputs, valid by default, changed by the variant cell's input words.
struct Inputs {
    body: String,
    reason: String,
    archive_reason: Option<ArchiveReason>,
    target: Option<AgencyTarget>,
    handling_class: Option<HandlingClass>,
    corrected_kind: Option<Kind>,
    unit: Option<UnitTarget>,
    suggested_agency: Option<AgencyId>,
    rating: Option<Rating>,
    channel: Channel,
    on_behalf: bool,
}

impl Inputs {
    /// Complete, valid inputs for `action`.
    fn valid_for(action: ActionKind) -> Self {
        let (archive_reason, rating) = match action {
            ActionKind::Delete => (Some(reason(ArchiveReasonCode::Spam)), None),
            ActionKind::Confirm => (
                None,
                Some(Rating {
                    stars: 4,
                    resolved: true,
                }),
            ),
            ActionKind::Rate => (
                None,
                Some(Rating {
                    stars: 5,
                    resolved: true,
                }),
            ),
            _ => (Some(reason(ArchiveReasonCode::TooGeneral)), None),
        };
        Self {
            body: "Sudah kami tinjau ke lokasi pada hari Senin.".to_owned(),
            reason: "Lokasi kejadian belum disebutkan.".to_owned(),
            archive_reason,
            target: Some(AgencyTarget {
                agency: AgencyId::new(SURABAYA),
                inspectorate: None,
            }),
            handling_class: Some(HandlingClass::Ordinary),
            corrected_kind: None,
            unit: Some(unit_target(SEKSI_PEMELIHARAAN)),
            suggested_agency: None,
            rating,
            channel: Channel::Web,
            on_behalf: false,
        }
    }

    /// Applies an input word of the variant cell.
    fn apply(&mut self, word: &str) -> Result<(), String> {
        match word {
            "blank-body" => self.body = "   ".to_owned(),
            "no-reason" => self.reason = "  ".to_owned(),
            "on-behalf" => self.on_behalf = true,
            "target:none" => self.target = None,
            "target:own" => {
                self.target = Some(AgencyTarget {
                    agency: AgencyId::new(SURABAYA),
                    inspectorate: None,
                });
            }
            "target:own+inspectorate" => {
                self.target = Some(AgencyTarget {
                    agency: AgencyId::new(SURABAYA),
                    inspectorate: Some(UnitId::new(INSPEKTORAT)),
                });
            }
            "target:other" => {
                self.target = Some(AgencyTarget {
                    agency: AgencyId::new(SIDOARJO),
                    inspectorate: None,
                });
            }
            "unit:none" => self.unit = None,
            "rating:none" => self.rating = None,
            _ => {
                let (key, value) = word
                    .split_once(':')
                    .ok_or_else(|| format!("unknown variant word `{word}`"))?;
                match key {
                    "reason" => self.archive_reason = archive_reason(value)?,
                    "rating" => {
                        let stars = value
                            .parse()
                            .map_err(|_| format!("a rating is a number: `{word}`"))?;
                        self.rating = Some(Rating {
                            stars,
                            resolved: true,
                        });
                    }
                    "handling" => {
                        self.handling_class = match value {
                            "none" => None,
                            class => Some(
                                HandlingClass::parse(class)
                                    .ok_or_else(|| format!("unknown handling class `{class}`"))?,
                            ),
                        };
                    }
                    "correct-kind" => {
                        self.corrected_kind = Some(
                            Kind::parse(value).ok_or_else(|| format!("unknown kind `{value}`"))?,
                        );
                    }
                    "unit" => self.unit = Some(unit_target(value)),
                    "suggest" => self.suggested_agency = Some(AgencyId::new(value)),
                    "channel" => {
                        self.channel = Channel::parse(value)
                            .ok_or_else(|| format!("unknown channel `{value}`"))?;
                    }
                    _ => return Err(format!("unknown variant word `{word}`")),
                }
            }
        }
        Ok(())
    }

    /// The action of `kind` with these inputs.
    fn action(self, kind: ActionKind) -> Result<Action, String> {
        Ok(match kind {
            ActionKind::Submit => return Err("submit is decided by decide_submit".to_owned()),
            ActionKind::DeadlineMoved => {
                return Err("deadline_moved is recorded by the system".to_owned());
            }
            ActionKind::AddInfo => Action::AddInfo { body: self.body },
            ActionKind::Withdraw => Action::Withdraw,
            ActionKind::VerifyDispatch => Action::VerifyDispatch {
                target: self.target,
                handling_class: self.handling_class,
                kind: self.corrected_kind,
                title: None,
                category: None,
                tags: None,
            },
            ActionKind::Postpone => Action::Postpone {
                reason: self.reason,
            },
            ActionKind::Archive => Action::Archive {
                reason: self.archive_reason,
            },
            ActionKind::Delete => Action::Delete {
                reason: self.archive_reason,
            },
            ActionKind::Appeal => Action::Appeal {
                reason: self.reason,
            },
            ActionKind::DispatchUnit => Action::DispatchUnit { unit: self.unit },
            ActionKind::Reroute => Action::Reroute {
                reason: self.reason,
                suggested_agency: self.suggested_agency,
            },
            ActionKind::FollowUp => Action::FollowUp { body: self.body },
            ActionKind::Reply => Action::Reply { body: self.body },
            ActionKind::Note => Action::Note { body: self.body },
            ActionKind::Complete => Action::Complete { body: self.body },
            ActionKind::Confirm => Action::Confirm {
                rating: self.rating,
            },
            ActionKind::Rate => Action::Rate {
                rating: self.rating.ok_or("rate always carries a rating")?,
            },
            ActionKind::AutoClose => Action::AutoClose,
            ActionKind::Reopen => Action::Reopen {
                reason: self.reason,
            },
            ActionKind::Escalate => Action::Escalate,
            ActionKind::RevealIdentity => Action::RevealIdentity {
                reason: self.reason,
            },
            ActionKind::OmbudsmanAcknowledge => Action::OmbudsmanAcknowledge { body: self.body },
            ActionKind::RequestInformation => Action::RequestInformation { body: self.body },
            ActionKind::RecordFinding => Action::RecordFinding { body: self.body },
            ActionKind::AnswerInformation => Action::AnswerInformation { body: self.body },
        })
    }

    /// A new report with these inputs' body and channel.
    fn new_report(&self) -> NewReport {
        NewReport {
            kind: Kind::Complaint,
            title: Some("Jalan berlubang di Jl. Ahmad Yani".to_owned()),
            body: self.body.clone(),
            incident_date: NaiveDate::from_ymd_opt(2025, 3, 3),
            location: Some(Location {
                text: "Jl. Ahmad Yani, depan Terminal Bungurasih".to_owned(),
                region_code: Some("35.78".to_owned()),
                lat: None,
                lon: None,
            }),
            requested_agency: Some(AgencyId::new(SURABAYA)),
            category: None,
            anonymous: false,
            confidential: false,
            show_name: false,
            channel: self.channel.clone(),
        }
    }
}

/// `reason:<code>` with optional `+of` (duplicate_of), `+text` or `+blank-text`; `none` for none.
fn archive_reason(value: &str) -> Result<Option<ArchiveReason>, String> {
    if value == "none" {
        return Ok(None);
    }
    let (code, detail) = value.split_once('+').unwrap_or((value, ""));
    let code =
        ArchiveReasonCode::parse(code).ok_or_else(|| format!("unknown reason code `{code}`"))?;
    let mut reason = reason(code);
    match detail {
        "" => {}
        "of" => reason.duplicate_of = Some(earlier_report()),
        "text" => reason.text = Some("Laporan sudah ditangani lewat jalur lain".to_owned()),
        "blank-text" => reason.text = Some("  ".to_owned()),
        other => return Err(format!("unknown reason detail `{other}`")),
    }
    Ok(Some(reason))
}

// ------------------------------------------------------------------------------------------------
// Expectations
// ------------------------------------------------------------------------------------------------

/// What the `expect` cell asks for.
enum Expect {
    Error(&'static str),
    Unchanged,
    Level(EscalationLevel),
    Status {
        status: Status,
        completion: Option<CompletionKind>,
        archive: Option<ArchiveReasonCode>,
    },
}

fn parse_expect(cell: &'static str) -> Result<Expect, String> {
    if let Some(code) = ERROR_CODES.iter().find(|c| **c == cell) {
        return Ok(Expect::Error(code));
    }
    if cell == "unchanged" {
        return Ok(Expect::Unchanged);
    }
    if let Some(level) = cell.strip_prefix("level:") {
        return EscalationLevel::parse(level)
            .map(Expect::Level)
            .ok_or_else(|| format!("unknown escalation level `{level}`"));
    }
    let (status, detail) = cell.split_once('/').unwrap_or((cell, ""));
    let status = Status::parse(status).ok_or_else(|| format!("unknown expectation `{cell}`"))?;
    let (mut completion, mut archive) = (None, None);
    if !detail.is_empty() {
        match status {
            Status::Completed => {
                completion = Some(
                    CompletionKind::parse(detail)
                        .ok_or_else(|| format!("unknown completion kind `{detail}`"))?,
                );
            }
            Status::Archived => {
                archive = Some(
                    ArchiveReasonCode::parse(detail)
                        .ok_or_else(|| format!("unknown archive reason `{detail}`"))?,
                );
            }
            _ => {
                return Err(format!(
                    "`{cell}`: only completed and archived take a detail"
                ));
            }
        }
    }
    Ok(Expect::Status {
        status,
        completion,
        archive,
    })
}

/// A decision's outcome, in the table's words.
fn outcome(got: &Result<Decision, TransitionError>) -> String {
    match got {
        Err(e) => format!("{} ({e})", e.code()),
        Ok(d) => {
            let mut s = d.state.status.as_str().to_owned();
            if let Some(kind) = d.state.completion_kind {
                s = format!("{s}/{kind}");
            }
            if let Some(reason) = &d.state.archive_reason {
                s = format!("{s} reason={}", reason.code);
            }
            format!("{s} level={}", d.state.escalation_level)
        }
    }
}

/// Checks an outcome against the `expect` cell; `before` is the state the action started from.
fn check_outcome(
    expect: &Expect,
    before: Option<&ReportState>,
    kind: ActionKind,
    got: &Result<Decision, TransitionError>,
    problems: &mut Vec<String>,
) {
    let decision = match (expect, got) {
        (Expect::Error(code), Err(e)) if e.code() == *code => return,
        (_, Err(_)) | (Expect::Error(_), Ok(_)) => {
            problems.push(format!("got {}", outcome(got)));
            return;
        }
        (_, Ok(decision)) => decision,
    };
    let after = &decision.state;
    let event = &decision.event;
    if event.action != kind {
        problems.push(format!("event action is {}, not {kind}", event.action));
    }
    let from = before.map(|b| b.status);
    if event.from != from {
        problems.push(format!(
            "event from is {:?}, but the status before was {from:?}",
            event.from
        ));
    }
    if event.to != after.status {
        problems.push(format!(
            "event to is {}, but the status after is {}",
            event.to, after.status
        ));
    }
    let kept = |problems: &mut Vec<String>| {
        if let Some(before) = before
            && (after.status != before.status || after.completion_kind != before.completion_kind)
        {
            problems.push(format!("got {}, status should be unchanged", outcome(got)));
        }
    };
    match expect {
        Expect::Error(_) => {}
        Expect::Unchanged => {
            kept(problems);
            if let Some(before) = before
                && after.escalation_level != before.escalation_level
            {
                problems.push(format!("level moved to {}", after.escalation_level));
            }
        }
        Expect::Level(level) => {
            kept(problems);
            if after.escalation_level != *level {
                problems.push(format!("got level {}, not {level}", after.escalation_level));
            }
        }
        Expect::Status {
            status,
            completion,
            archive,
        } => {
            let completion_ok = if *status == Status::Completed {
                completion.is_none() || after.completion_kind == *completion
            } else {
                after.completion_kind.is_none()
            };
            let archive_ok =
                archive.is_none() || after.archive_reason.as_ref().map(|r| r.code) == *archive;
            if after.status != *status || !completion_ok || !archive_ok {
                problems.push(format!("got {}", outcome(got)));
            }
        }
    }
}

/// `none` is no value.
fn optional(value: &str) -> Option<&str> {
    (value != "none").then_some(value)
}

/// Checks one word of the `effects` cell against an allowed decision.
fn check_effect(effect: &str, decision: &Decision) -> Result<(), String> {
    let state = &decision.state;
    let (ok, got) = match effect.split_once('=') {
        Some((key, want)) => {
            let got: Option<String> = match key {
                "agency" => state.agency.as_ref().map(|a| a.as_str().to_owned()),
                "unit" => state.unit.as_ref().map(|u| u.as_str().to_owned()),
                "requested" => state
                    .requested_agency
                    .as_ref()
                    .map(|a| a.as_str().to_owned()),
                "archive_reason" => state.archive_reason.as_ref().map(|r| r.code.to_string()),
                "completion" => state.completion_kind.map(|k| k.to_string()),
                "level" => Some(state.escalation_level.to_string()),
                "handling" => state.handling_class.map(|h| h.to_string()),
                "kind" => Some(state.kind.to_string()),
                "information_requested" => Some(state.information_requested.to_string()),
                _ => return Err(format!("unknown effect `{effect}`")),
            };
            (
                got.as_deref() == optional(want),
                got.unwrap_or_else(|| "none".to_owned()),
            )
        }
        None => {
            let got = match effect {
                "rerouted" => state.rerouted,
                "appeal_used" => state.appeal_used,
                "reopen_used" => state.reopen_used,
                "internal" => decision.event.internal,
                "public-event" => !decision.event.internal,
                _ => return Err(format!("unknown effect `{effect}`")),
            };
            (got, got.to_string())
        }
    };
    if ok {
        Ok(())
    } else {
        Err(format!("effect {effect} not met (got {got})"))
    }
}

fn check_effects(row: &Row, got: &Result<Decision, TransitionError>, problems: &mut Vec<String>) {
    let Ok(decision) = got else {
        return;
    };
    for effect in &row.effects {
        if let Err(problem) = check_effect(effect, decision) {
            problems.push(problem);
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Running rows
// ------------------------------------------------------------------------------------------------

/// Runs a row through `decide`; `Err` lists what disagrees with the table.
fn check_row(row: &Row) -> Result<(), String> {
    let mut problems = Vec::new();
    let setup = (|| -> Result<_, String> {
        let kind = ActionKind::parse(row.action)
            .ok_or_else(|| format!("unknown action `{}`", row.action))?;
        let mut facts = base_facts(row.status, kind)?;
        let actor = actor(row.actor)?;
        let mut inputs = Inputs::valid_for(kind);
        for word in &row.variant {
            if !apply_fact(&mut facts, word)? {
                inputs.apply(word)?;
            }
        }
        let action = inputs.action(kind)?;
        let expect = parse_expect(row.expect)?;
        Ok((kind, facts, actor, action, expect))
    })();
    let (kind, facts, actor, action, expect) =
        setup.map_err(|e| format!("{}\n    malformed row: {e}", row.describe()))?;
    let got = decide(&facts, &actor, &action);
    check_outcome(&expect, Some(&facts.state), kind, &got, &mut problems);
    check_effects(row, &got, &mut problems);
    finish(row, problems)
}

/// Runs a submit row through `decide_submit`.
fn check_submit_row(row: &Row) -> Result<(), String> {
    let mut problems = Vec::new();
    let setup = (|| -> Result<_, String> {
        if row.status != "-" {
            return Err("a submit row has no status before: write `-`".to_owned());
        }
        let actor = actor(row.actor)?;
        let mut inputs = Inputs::valid_for(ActionKind::Submit);
        for word in &row.variant {
            inputs.apply(word)?;
        }
        Ok((actor, inputs, parse_expect(row.expect)?))
    })();
    let (actor, inputs, expect) =
        setup.map_err(|e| format!("{}\n    malformed row: {e}", row.describe()))?;
    let got = decide_submit(&actor, &inputs.new_report(), inputs.on_behalf);
    check_outcome(&expect, None, ActionKind::Submit, &got, &mut problems);
    check_effects(row, &got, &mut problems);
    finish(row, problems)
}

fn finish(row: &Row, problems: Vec<String>) -> Result<(), String> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n    {}",
            row.describe(),
            problems.join("\n    ")
        ))
    }
}

fn assert_no_mismatch(what: &str, checked: usize, mismatches: &[String]) {
    assert!(
        mismatches.is_empty(),
        "{} of {checked} rows disagree with {what}:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

// ------------------------------------------------------------------------------------------------
// Tests
// ------------------------------------------------------------------------------------------------

#[test]
fn the_table_covers_every_status_action_and_role() {
    assert_covers_every_status_action_and_role(&table());
}

#[test]
fn every_row_of_the_hand_written_table_matches_decide() {
    let rows = table();
    assert_covers_every_status_action_and_role(&rows);
    let rows: Vec<&Row> = rows.iter().filter(|r| r.action != "submit").collect();
    let mismatches: Vec<String> = rows.iter().filter_map(|r| check_row(r).err()).collect();
    assert_no_mismatch("decide", rows.len(), &mismatches);
}

#[test]
fn every_submit_row_of_the_table_matches_decide_submit() {
    let rows = table();
    let rows: Vec<&Row> = rows.iter().filter(|r| r.action == "submit").collect();
    assert!(
        rows.len() >= 5,
        "the table has too few submit rows: {}",
        rows.len()
    );
    let mismatches: Vec<String> = rows
        .iter()
        .filter_map(|r| check_submit_row(r).err())
        .collect();
    assert_no_mismatch("decide_submit", rows.len(), &mismatches);
}

#[test]
fn no_case_appears_twice_in_the_table_with_different_expectations() {
    let mut seen: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut conflicts = Vec::new();
    for row in table() {
        let mut variant = row.variant.clone();
        variant.sort_unstable();
        let case = format!(
            "{} | {} | {} | {}",
            row.status,
            row.action,
            row.actor,
            variant.join(",")
        );
        let expectation = row.expect.to_owned();
        match seen.get(&case) {
            Some((line, earlier)) if *earlier != expectation => conflicts.push(format!(
                "{case}: line {line} expects {earlier}, line {} expects {expectation}",
                row.line
            )),
            Some(_) => {}
            None => {
                seen.insert(case, (row.line, expectation));
            }
        }
    }
    assert!(
        conflicts.is_empty(),
        "contradictory rows:\n{}",
        conflicts.join("\n")
    );
}

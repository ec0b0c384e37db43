//! The visibility policy checked cell by cell against `tests/fixtures/visibility.txt`, a table
//! transcribed by hand from docs/domain.md §4 (with §3's rules on deleted reports, rerouting and
//! sub-units). The fixture's header explains its format and how §4 was read.

use aduan_domain::visibility::{IdentityView, Visibility, VisibilityFacts, visibility};
use aduan_domain::{
    Actor, AgencyId, EscalationLevel, ReporterId, Staff, StaffRole, Status, SupervisorBody, UnitId,
    UserId,
};
use std::collections::{BTreeMap, BTreeSet};

const FIXTURE_PATH: &str = "crates/aduan-domain/tests/fixtures/visibility.txt";
const FIXTURE: &str = include_str!("../fixtures/visibility.txt");

/// A report case: named facts.
struct Case {
    line: usize,
    facts: VisibilityFacts,
}

/// What one row expects; `None` where the fixture says `-` (the report is not visible).
#[derive(Debug, Clone, Copy)]
struct Expected {
    report: bool,
    card_details: bool,
    identity: Option<IdentityView>,
    notes: Option<bool>,
    deletion_reason: bool,
}

/// One expectation row: a report case, a viewer, and what the viewer sees.
struct Row {
    line: usize,
    case: String,
    viewer_text: String,
    viewer: Actor,
    expected: Expected,
}

struct Fixture {
    cases: BTreeMap<String, Case>,
    rows: Vec<Row>,
}

/// The kinds of viewer every report case must be checked against, relative to that case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ViewerKind {
    Public,
    System,
    OwnReporter,
    OtherReporter,
    NationalAdmin,
    AdminOfHoldingAgency,
    AdminOfRequestedAgency,
    AdminOfUninvolvedAgency,
    OfficerOfHoldingUnit,
    OfficerOfParentUnit,
    OfficerOfSubUnitOfHolder,
    OfficerOfUnrelatedUnit,
    Supervisor(SupervisorBody),
}

fn location(line: usize) -> String {
    format!("{FIXTURE_PATH}:{line}")
}

fn cells(line: &str) -> Vec<&str> {
    line.split('|').map(str::trim).collect()
}

fn yes_no(cell: &str) -> Result<bool, String> {
    match cell {
        "yes" => Ok(true),
        "no" => Ok(false),
        other => Err(format!("expected yes or no, found `{other}`")),
    }
}

fn yes_no_or_dash(cell: &str) -> Result<Option<bool>, String> {
    if cell == "-" {
        Ok(None)
    } else {
        yes_no(cell).map(Some)
    }
}

fn identity_code(identity: IdentityView) -> &'static str {
    match identity {
        IdentityView::Full => "full",
        IdentityView::NameOnly => "name_only",
        IdentityView::Pelapor => "pelapor",
        IdentityView::Anonim => "anonim",
    }
}

fn identity_or_dash(cell: &str) -> Result<Option<IdentityView>, String> {
    match cell {
        "-" => Ok(None),
        "full" => Ok(Some(IdentityView::Full)),
        "name_only" => Ok(Some(IdentityView::NameOnly)),
        "pelapor" => Ok(Some(IdentityView::Pelapor)),
        "anonim" => Ok(Some(IdentityView::Anonim)),
        other => Err(format!(
            "expected full, name_only, pelapor, anonim or -, found `{other}`"
        )),
    }
}

fn yes_no_text(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

fn agency_or_dash(cell: &str) -> Option<AgencyId> {
    (cell != "-").then(|| AgencyId::new(cell))
}

fn parse_case(cs: &[&str]) -> Result<(String, VisibilityFacts), String> {
    let [
        name,
        status,
        confidential,
        anonymous,
        show_name,
        requested,
        agency,
        unit_path,
        reporter,
        escalation,
    ] = cs
    else {
        return Err(format!(
            "a case needs 10 cells (case <name> | status | confidential | anonymous | show_name \
             | requested_agency | agency | unit_path | reporter | escalation_level), found {}",
            cs.len()
        ));
    };
    let name = name.trim_start_matches("case").trim().to_owned();
    let status =
        Status::parse(status).ok_or_else(|| format!("status: unknown status `{status}`"))?;
    let escalation_level = EscalationLevel::parse(escalation)
        .ok_or_else(|| format!("escalation_level: unknown level `{escalation}`"))?;
    let unit_path = if *unit_path == "-" {
        Vec::new()
    } else {
        unit_path
            .split(',')
            .map(|u| UnitId::new(u.trim()))
            .collect()
    };
    let facts = VisibilityFacts {
        status,
        confidential: yes_no(confidential).map_err(|e| format!("confidential: {e}"))?,
        anonymous: yes_no(anonymous).map_err(|e| format!("anonymous: {e}"))?,
        show_name: yes_no(show_name).map_err(|e| format!("show_name: {e}"))?,
        requested_agency: agency_or_dash(requested),
        agency: agency_or_dash(agency),
        unit_path,
        reporter: ReporterId::from_stored(*reporter),
        escalation_level,
    };
    Ok((name, facts))
}

fn parse_viewer(text: &str, line: usize) -> Result<Actor, String> {
    let staff = |role| {
        Actor::Staff(Staff {
            user: UserId(i64::try_from(line).unwrap_or(i64::MAX)),
            role,
        })
    };
    let (kind, scope) = match text.split_once(' ') {
        Some((kind, scope)) => (kind, Some(scope.trim())),
        None => (text, None),
    };
    match (kind, scope) {
        ("public", None) => Ok(Actor::Public),
        ("system", None) => Ok(Actor::System),
        ("national_admin", None) => Ok(staff(StaffRole::NationalAdmin)),
        ("reporter", Some(id)) => Ok(Actor::Reporter(ReporterId::from_stored(id))),
        ("agency_admin", Some(agency)) => Ok(staff(StaffRole::AgencyAdmin {
            agency: AgencyId::new(agency),
        })),
        ("unit_officer", Some(unit)) => {
            // The directory's unit slugs start with their agency's slug.
            let agency = unit.split('/').next().unwrap_or(unit);
            Ok(staff(StaffRole::UnitOfficer {
                agency: AgencyId::new(agency),
                unit: UnitId::new(unit),
            }))
        }
        ("supervisor", Some(body)) => SupervisorBody::parse(body)
            .map(|body| staff(StaffRole::Supervisor { body }))
            .ok_or_else(|| format!("unknown supervisor body `{body}`")),
        _ => Err(format!("unknown viewer `{text}`")),
    }
}

fn parse_row(cs: &[&str], line: usize) -> Result<Row, String> {
    let [
        case,
        viewer,
        report,
        card_details,
        identity,
        notes,
        deletion_reason,
    ] = cs
    else {
        return Err(format!(
            "a row needs 7 cells (case | viewer | report | card_details | identity | notes \
             | deletion_reason), found {}",
            cs.len()
        ));
    };
    let expected = Expected {
        report: yes_no(report).map_err(|e| format!("report: {e}"))?,
        card_details: yes_no(card_details).map_err(|e| format!("card_details: {e}"))?,
        identity: identity_or_dash(identity).map_err(|e| format!("identity: {e}"))?,
        notes: yes_no_or_dash(notes).map_err(|e| format!("notes: {e}"))?,
        deletion_reason: yes_no(deletion_reason).map_err(|e| format!("deletion_reason: {e}"))?,
    };
    // identity and notes are compared only when the report is visible, and then always.
    if expected.report != expected.identity.is_some() || expected.report != expected.notes.is_some()
    {
        return Err("identity and notes must be `-` exactly when report is `no`".to_owned());
    }
    Ok(Row {
        line,
        case: (*case).to_owned(),
        viewer_text: (*viewer).to_owned(),
        viewer: parse_viewer(viewer, line)?,
        expected,
    })
}

/// Reads the fixture, or fails listing every line it cannot read.
fn fixture() -> Fixture {
    let mut cases = BTreeMap::new();
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (index, raw) in FIXTURE.lines().enumerate() {
        let line = index + 1;
        let content = raw.split('#').next().unwrap_or("").trim();
        if content.is_empty() {
            continue;
        }
        let cs = cells(content);
        if content.starts_with("case ") {
            match parse_case(&cs) {
                Ok((name, facts)) => {
                    if let Some(earlier) = cases.insert(name.clone(), Case { line, facts }) {
                        errors.push(format!(
                            "{}: case `{name}` already defined at line {}",
                            location(line),
                            earlier.line
                        ));
                    }
                }
                Err(e) => errors.push(format!("{}: {e}", location(line))),
            }
        } else {
            match parse_row(&cs, line) {
                Ok(row) => rows.push(row),
                Err(e) => errors.push(format!("{}: {e}", location(line))),
            }
        }
    }
    for row in &rows {
        if !cases.contains_key(&row.case) {
            errors.push(format!(
                "{}: no case named `{}`",
                location(row.line),
                row.case
            ));
        }
    }
    assert!(
        errors.is_empty(),
        "the visibility fixture is malformed:\n{}",
        errors.join("\n")
    );
    Fixture { cases, rows }
}

/// What a viewer is with respect to one report case (an agency admin of an agency both requested
/// and holding is both).
fn viewer_kinds(viewer: &Actor, facts: &VisibilityFacts) -> Vec<ViewerKind> {
    match viewer {
        Actor::Public => vec![ViewerKind::Public],
        Actor::System => vec![ViewerKind::System],
        Actor::Reporter(id) if *id == facts.reporter => vec![ViewerKind::OwnReporter],
        Actor::Reporter(_) => vec![ViewerKind::OtherReporter],
        Actor::Staff(staff) => match &staff.role {
            StaffRole::NationalAdmin => vec![ViewerKind::NationalAdmin],
            StaffRole::Supervisor { body } => vec![ViewerKind::Supervisor(*body)],
            StaffRole::AgencyAdmin { agency } => {
                let mut kinds = Vec::new();
                if facts.agency.as_ref() == Some(agency) {
                    kinds.push(ViewerKind::AdminOfHoldingAgency);
                }
                if facts.requested_agency.as_ref() == Some(agency) {
                    kinds.push(ViewerKind::AdminOfRequestedAgency);
                }
                if kinds.is_empty() {
                    kinds.push(ViewerKind::AdminOfUninvolvedAgency);
                }
                kinds
            }
            StaffRole::UnitOfficer { unit, .. } => {
                let kind = match facts.unit_path.split_last() {
                    Some((holder, _)) if holder == unit => ViewerKind::OfficerOfHoldingUnit,
                    Some((_, parents)) if parents.contains(unit) => ViewerKind::OfficerOfParentUnit,
                    Some((holder, _))
                        if unit.as_str().starts_with(&format!("{}/", holder.as_str())) =>
                    {
                        ViewerKind::OfficerOfSubUnitOfHolder
                    }
                    _ => ViewerKind::OfficerOfUnrelatedUnit,
                };
                vec![kind]
            }
        },
    }
}

/// The kinds of viewer a report case must have a row for.
fn required_kinds(facts: &VisibilityFacts) -> BTreeSet<ViewerKind> {
    let mut kinds: BTreeSet<ViewerKind> = [
        ViewerKind::Public,
        ViewerKind::System,
        ViewerKind::OwnReporter,
        ViewerKind::OtherReporter,
        ViewerKind::NationalAdmin,
        ViewerKind::AdminOfUninvolvedAgency,
        ViewerKind::OfficerOfUnrelatedUnit,
    ]
    .into_iter()
    .chain(
        SupervisorBody::ALL
            .iter()
            .map(|b| ViewerKind::Supervisor(*b)),
    )
    .collect();
    if facts.agency.is_some() {
        kinds.insert(ViewerKind::AdminOfHoldingAgency);
    }
    if facts.requested_agency.is_some() {
        kinds.insert(ViewerKind::AdminOfRequestedAgency);
    }
    if !facts.unit_path.is_empty() {
        kinds.insert(ViewerKind::OfficerOfHoldingUnit);
        kinds.insert(ViewerKind::OfficerOfSubUnitOfHolder);
    }
    if facts.unit_path.len() > 1 {
        kinds.insert(ViewerKind::OfficerOfParentUnit);
    }
    kinds
}

/// Every report case has a row for every kind of viewer, and no (case, viewer) pair twice.
fn assert_coverage(fixture: &Fixture) {
    let mut problems = Vec::new();
    let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut covered: BTreeMap<&str, BTreeSet<ViewerKind>> = BTreeMap::new();
    for row in &fixture.rows {
        if let Some(earlier) = seen.insert((&row.case, &row.viewer_text), row.line) {
            problems.push(format!(
                "{}: case `{}`, viewer `{}` already has a row at line {earlier}",
                location(row.line),
                row.case,
                row.viewer_text
            ));
        }
        if let Some(case) = fixture.cases.get(&row.case) {
            covered
                .entry(&row.case)
                .or_default()
                .extend(viewer_kinds(&row.viewer, &case.facts));
        }
    }
    for (name, case) in &fixture.cases {
        let have = covered.get(name.as_str()).cloned().unwrap_or_default();
        let missing: Vec<_> = required_kinds(&case.facts)
            .difference(&have)
            .copied()
            .collect();
        if !missing.is_empty() {
            problems.push(format!(
                "{}: case `{name}` has no row for viewer kinds {missing:?}",
                location(case.line)
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "the visibility fixture does not cover every viewer kind for every report case:\n{}",
        problems.join("\n")
    );
}

fn mismatches(row: &Row, got: &Visibility) -> Vec<String> {
    let want = row.expected;
    let mut found = Vec::new();
    let mut check = |field: &str, expected: &str, actual: &str| {
        if expected != actual {
            found.push(format!(
                "{}: case `{}`, viewer `{}`: {field} expected {expected}, got {actual}",
                location(row.line),
                row.case,
                row.viewer_text
            ));
        }
    };
    check(
        "report",
        yes_no_text(want.report),
        yes_no_text(got.report()),
    );
    check(
        "card_details",
        yes_no_text(want.card_details),
        yes_no_text(got.status_card_details()),
    );
    if let Some(identity) = want.identity {
        check(
            "identity",
            identity_code(identity),
            identity_code(got.identity()),
        );
    }
    if let Some(notes) = want.notes {
        check(
            "notes",
            yes_no_text(notes),
            yes_no_text(got.internal_notes()),
        );
    }
    check(
        "deletion_reason",
        yes_no_text(want.deletion_reason),
        yes_no_text(got.deletion_reason()),
    );
    found
}

#[test]
fn the_fixture_covers_every_viewer_kind_for_every_report_case() {
    assert_coverage(&fixture());
}

#[test]
fn every_cell_of_the_hand_written_visibility_table_matches_the_policy() {
    let fixture = fixture();
    assert_coverage(&fixture);
    let mut all = Vec::new();
    for row in &fixture.rows {
        if let Some(case) = fixture.cases.get(&row.case) {
            all.extend(mismatches(row, &visibility(&row.viewer, &case.facts)));
        }
    }
    assert!(
        all.is_empty(),
        "{} cell(s) of the visibility table ({} rows) disagree with the policy:\n{}",
        all.len(),
        fixture.rows.len(),
        all.join("\n")
    );
}

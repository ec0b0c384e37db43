//! The hand-written table: its rows, and the coverage every (status, action, role) must have.

use super::*;

/// The hand-written table.
pub(super) const TABLE: &str = include_str!("../../fixtures/transitions.txt");

/// The agency that holds the report (and that the reporter requested) in the base facts.
pub(super) const SURABAYA: &str = "kota-surabaya";
/// Another agency.
pub(super) const SIDOARJO: &str = "kabupaten-sidoarjo";
/// The holding unit's parent.
pub(super) const DINAS_PU: &str = "kota-surabaya/dinas-pu";
/// The holding unit in the base facts.
pub(super) const BIDANG_JALAN: &str = "kota-surabaya/dinas-pu/bidang-jalan";
/// A sub-unit of the holding unit: the base target of dispatch_unit.
pub(super) const SEKSI_PEMELIHARAAN: &str =
    "kota-surabaya/dinas-pu/bidang-jalan/seksi-pemeliharaan";
/// The holding unit's sibling.
pub(super) const BIDANG_DRAINASE: &str = "kota-surabaya/dinas-pu/bidang-drainase";
/// A unit of the same agency outside dinas-pu.
pub(super) const DINAS_KESEHATAN: &str = "kota-surabaya/dinas-kesehatan";
/// Kota Surabaya's inspectorate.
pub(super) const INSPEKTORAT: &str = "kota-surabaya/inspektorat";
/// A unit of the other agency.
pub(super) const SIDOARJO_DINAS_PU: &str = "kabupaten-sidoarjo/dinas-pu";

/// The status column's labels: a status with its completion kind or archive reason.
pub(super) const STATUS_LABELS: [&str; 10] = [
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
pub(super) const ROLES: [&str; 10] = [
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
pub(super) const ERROR_CODES: [&str; 11] = [
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
pub(super) struct Row {
    pub(super) line: usize,
    pub(super) status: &'static str,
    pub(super) action: &'static str,
    pub(super) actor: &'static str,
    pub(super) variant: Vec<&'static str>,
    pub(super) expect: &'static str,
    pub(super) effects: Vec<&'static str>,
}

impl Row {
    pub(super) fn describe(&self) -> String {
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
pub(super) fn table() -> Vec<Row> {
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
pub(super) fn list(cell: &'static str) -> Vec<&'static str> {
    if cell == "-" {
        Vec::new()
    } else {
        cell.split(',').map(str::trim).collect()
    }
}

/// Every (status, action, role) triple the table must mention at least once (submit excluded).
pub(super) fn required_triples() -> BTreeSet<(String, String, String)> {
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
pub(super) fn assert_covers_every_status_action_and_role(rows: &[Row]) {
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

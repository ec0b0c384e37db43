//! docs/domain.md §3's action table, transcribed by hand into `tests/fixtures/transitions.txt` and
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

mod allowed;
mod check;
mod contract;
mod facts;
mod inputs;
mod table;

use check::*;
use facts::*;
use inputs::*;
use table::*;

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

//! The "who sees what" table of `docs/domain.md` §4 against the visibility policy: every cell
//! is a phrase from a small vocabulary, evaluated for each viewer of its column on reports of
//! every status, disposition, requested agency, escalation level and identity choice.

use crate::doc::table;
use aduan_domain::visibility::{IdentityView, Visibility, VisibilityFacts, visibility};
use aduan_domain::{
    Actor, AgencyId, EscalationLevel, ReporterId, Staff, StaffRole, Status, SupervisorBody, UnitId,
    UserId,
};

const SURABAYA: &str = "kota-surabaya";
const SIDOARJO: &str = "kabupaten-sidoarjo";
/// The holding unit and its ancestor, root first.
const HOLDING_PATH: [&str; 2] = [
    "kota-surabaya/dinas-pu",
    "kota-surabaya/dinas-pu/bidang-jalan",
];

fn own() -> ReporterId {
    ReporterId::from_stored("r_0000000000000000000000000000a001")
}

fn staff(user: i64, role: StaffRole) -> Actor {
    Actor::Staff(Staff {
        user: UserId(user),
        role,
    })
}

fn officer(user: i64, unit: &str) -> Actor {
    let agency = unit.split('/').next().unwrap_or_default();
    staff(
        user,
        StaffRole::UnitOfficer {
            agency: AgencyId::new(agency),
            unit: UnitId::new(unit),
        },
    )
}

/// The viewers of a column.
fn viewers(column: &str) -> Vec<Actor> {
    let admin = |user, agency: &str| {
        staff(
            user,
            StaffRole::AgencyAdmin {
                agency: AgencyId::new(agency),
            },
        )
    };
    let supervisor = |user, body| staff(user, StaffRole::Supervisor { body });
    match column {
        "public" => vec![
            Actor::Public,
            Actor::System,
            Actor::Reporter(ReporterId::from_stored(
                "r_0000000000000000000000000000b002",
            )),
        ],
        "reporter" => vec![Actor::Reporter(own())],
        "unit officer" => vec![
            officer(4, "kota-surabaya/dinas-pu/bidang-jalan"),
            officer(5, "kota-surabaya/dinas-pu"),
            officer(6, "kota-surabaya/dinas-pu/bidang-jalan/seksi-pemeliharaan"),
            officer(7, "kota-surabaya/dinas-pu/bidang-drainase"),
            officer(8, "kota-surabaya/dinas-kesehatan"),
            officer(9, "kabupaten-sidoarjo/dinas-pu"),
        ],
        "agency admin" => vec![
            admin(2, SURABAYA),
            admin(3, SIDOARJO),
            admin(13, "kota-malang"),
        ],
        "national admin" => vec![staff(1, StaffRole::NationalAdmin)],
        "supervisors" => vec![
            supervisor(10, SupervisorBody::Ombudsman),
            supervisor(11, SupervisorBody::Ksp),
            supervisor(12, SupervisorBody::Kemendagri),
        ],
        other => panic!("docs/domain.md §4: unknown column `{other}`"),
    }
}

/// Every report the table speaks of: each status, held by the unit, by the agency alone or by
/// nobody, each requested agency, each escalation level, each identity choice.
fn reports() -> Vec<VisibilityFacts> {
    let statuses = [
        Status::Submitted,
        Status::Postponed,
        Status::Archived,
        Status::Deleted,
        Status::Dispatched,
        Status::InProgress,
        Status::Completed,
    ];
    let mut out = Vec::new();
    for status in statuses {
        let dispositions: Vec<(Option<&str>, Vec<&str>)> =
            if status.is_before_verification() || status == Status::Deleted {
                vec![(None, vec![])]
            } else {
                vec![
                    (Some(SURABAYA), HOLDING_PATH.to_vec()),
                    (Some(SURABAYA), vec![]),
                ]
            };
        for (agency, path) in &dispositions {
            for requested in [Some(SURABAYA), Some(SIDOARJO), None] {
                for level in [EscalationLevel::None, EscalationLevel::Ombudsman] {
                    for (confidential, anonymous, show_name) in [
                        (false, false, false),
                        (false, false, true),
                        (true, false, false),
                        (false, true, false),
                        (true, true, false),
                    ] {
                        out.push(VisibilityFacts {
                            status,
                            confidential,
                            anonymous,
                            show_name,
                            requested_agency: requested.map(AgencyId::new),
                            agency: agency.map(AgencyId::new),
                            unit_path: path.iter().map(|u| UnitId::new(*u)).collect(),
                            reporter: own(),
                            escalation_level: level,
                        });
                    }
                }
            }
        }
    }
    out
}

/// The viewer's own agency and unit, when it is staff of one.
fn scope(viewer: &Actor) -> (Option<&AgencyId>, Option<&UnitId>) {
    match viewer {
        Actor::Staff(Staff {
            role: StaffRole::AgencyAdmin { agency },
            ..
        }) => (Some(agency), None),
        Actor::Staff(Staff {
            role: StaffRole::UnitOfficer { agency, unit },
            ..
        }) => (Some(agency), Some(unit)),
        _ => (None, None),
    }
}

fn at_ombudsman(viewer: &Actor, facts: &VisibilityFacts) -> bool {
    matches!(
        viewer,
        Actor::Staff(Staff {
            role: StaffRole::Supervisor {
                body: SupervisorBody::Ombudsman
            },
            ..
        })
    ) && facts.escalation_level == EscalationLevel::Ombudsman
}

/// What the public sees of the identity.
fn public_identity(facts: &VisibilityFacts) -> IdentityView {
    match (facts.anonymous, facts.show_name) {
        (true, _) => IdentityView::Anonim,
        (false, true) => IdentityView::NameOnly,
        (false, false) => IdentityView::Pelapor,
    }
}

/// A yes-or-no cell, for this viewer and report.
fn yes_no(phrase: &str, viewer: &Actor, facts: &VisibilityFacts) -> bool {
    let (agency, unit) = scope(viewer);
    let deleted = facts.status == Status::Deleted;
    match phrase {
        "yes" => true,
        "no" => false,
        "if its unit or a unit below it holds it" => {
            agency.is_some()
                && facts.agency.as_ref() == agency
                && unit.is_some_and(|u| facts.unit_path.contains(u))
        }
        "if its agency holds it" => agency.is_some() && facts.agency.as_ref() == agency,
        "if its agency was requested" => {
            agency.is_some() && facts.requested_agency.as_ref() == agency
        }
        "for the Ombudsman once escalated to it" => at_ombudsman(viewer, facts),
        "yes, but a deleted report's says only `deleted`" => !deleted,
        other => panic!("docs/domain.md §4: unknown yes-or-no phrase `{other}`"),
    }
}

/// An identity cell, for this viewer and report.
fn identity(phrase: &str, viewer: &Actor, facts: &VisibilityFacts) -> IdentityView {
    match phrase {
        "full" => IdentityView::Full,
        "\"Anonim\"" | "\"Anonim\"; only an audited reveal shows it" => IdentityView::Anonim,
        "name if show_name, else \"Pelapor\"" | "as the public" => public_identity(facts),
        "full for the Ombudsman once escalated to it, else as the public" => {
            if at_ombudsman(viewer, facts) {
                IdentityView::Full
            } else {
                public_identity(facts)
            }
        }
        other => panic!("docs/domain.md §4: unknown identity phrase `{other}`"),
    }
}

/// Checks one cell for one viewer and report: `None` when the row does not speak of this
/// report (or, for identity and notes, the viewer does not see the report at all).
fn check_cell(
    row: &str,
    phrase: &str,
    viewer: &Actor,
    facts: &VisibilityFacts,
    got: &Visibility,
) -> Option<Result<(), String>> {
    let deleted = facts.status == Status::Deleted;
    let after_dispatch = !facts.status.is_before_verification() && !deleted;
    let flag = || yes_no(phrase, viewer, facts).to_string();
    let who = || format!("{:?}", identity(phrase, viewer, facts));
    let (applies, want, have): (bool, &dyn Fn() -> String, String) = match row {
        "report after dispatch, not confidential" => (
            after_dispatch && !facts.confidential,
            &flag,
            got.report().to_string(),
        ),
        "report after dispatch, confidential" => (
            after_dispatch && facts.confidential,
            &flag,
            got.report().to_string(),
        ),
        "report before verification" => (
            facts.status.is_before_verification(),
            &flag,
            got.report().to_string(),
        ),
        "deleted report" => (deleted, &flag, got.report().to_string()),
        "reporter's identity, not anonymous" => (
            got.report() && !facts.anonymous,
            &who,
            format!("{:?}", got.identity()),
        ),
        "reporter's identity, anonymous" => (
            got.report() && facts.anonymous,
            &who,
            format!("{:?}", got.identity()),
        ),
        "internal notes" => (got.report(), &flag, got.internal_notes().to_string()),
        "published attachment" => (got.report(), &flag, got.attachment(true).to_string()),
        "attachment not published" => (got.report(), &flag, got.attachment(false).to_string()),
        "status card details (status, dates, clock)" => {
            (true, &flag, got.status_card_details().to_string())
        }
        other => panic!("docs/domain.md §4: unknown row `{other}`"),
    };
    if !applies {
        return None;
    }
    let want = want();
    Some(if want == have {
        Ok(())
    } else {
        Err(format!("expected {want}, got {have}"))
    })
}

#[test]
fn every_cell_of_the_contracts_visibility_table_matches_the_policy() {
    let (header, rows) = table("what");
    assert_eq!(
        header,
        [
            "what",
            "public",
            "reporter",
            "unit officer",
            "agency admin",
            "national admin",
            "supervisors"
        ]
    );
    assert_eq!(rows.len(), 10, "the table has ten rows");
    let reports = reports();
    let mut problems = Vec::new();
    for (line, cells) in &rows {
        for (column, phrase) in header.iter().zip(cells).skip(1) {
            let mut checked = 0;
            let mut wrong = 0;
            for viewer in viewers(column) {
                for facts in &reports {
                    let got = visibility(&viewer, facts);
                    match check_cell(&cells[0], phrase, &viewer, facts, &got) {
                        None => {}
                        Some(Ok(())) => checked += 1,
                        Some(Err(e)) => {
                            checked += 1;
                            wrong += 1;
                            if wrong <= 3 {
                                problems.push(format!(
                                    "docs/domain.md line {line}, {} / {column} (`{phrase}`): {e} for {viewer:?} on {facts:?}",
                                    cells[0]
                                ));
                            }
                        }
                    }
                }
            }
            if checked == 0 {
                problems.push(format!(
                    "docs/domain.md line {line}, {} / {column}: no case checks this cell",
                    cells[0]
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} disagreements:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn no_attachment_shows_on_a_report_the_viewer_may_not_see_even_a_published_one() {
    let columns = [
        "public",
        "reporter",
        "unit officer",
        "agency admin",
        "national admin",
        "supervisors",
    ];
    for column in columns {
        for viewer in viewers(column) {
            for facts in &reports() {
                let got = visibility(&viewer, facts);
                if !got.report() {
                    assert!(
                        !got.attachment(true) && !got.attachment(false),
                        "{viewer:?} sees an attachment of a report hidden from them: {facts:?}"
                    );
                }
            }
        }
    }
}

//! The dispositions drawn once per report: how its verification will go, how the agency and
//! the reporter will behave. The proportions aim at what public complaint services report:
//! most reports dispatched and answered, a sizeable share archived, a minority left waiting,
//! answered late, auto-closed or taken further.

use aduan_domain::status::ArchiveReasonCode;
use rand::Rng;
use rand::rngs::SmallRng;

/// What the first verification does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Verify and dispatch.
    Dispatch,
    /// Ask the reporter for more.
    Postpone,
    /// Archive with this reason.
    Archive(ArchiveReasonCode),
    /// Delete with this reason.
    Delete(ArchiveReasonCode),
}

/// What the reporter does once the agency says it is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterDone {
    /// Confirms (with a rating when `true`).
    Confirm(bool),
    /// Answers that it is not done.
    Reply,
    /// Reopens.
    Reopen,
    /// Says nothing (auto-close follows).
    Silent,
}

/// One report's dispositions.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The first verification's outcome.
    pub outcome: Outcome,
    /// The first verification is slow (3–8 working days).
    pub slow_verification: bool,
    /// The requested agency's admin verifies (when the reporter chose one).
    pub agency_verifies: bool,
    /// The reporter withdraws before verification.
    pub withdraw: bool,
    /// The reporter adds information before verification.
    pub add_info: bool,
    /// The reporter answers a postponement.
    pub answers_postpone: bool,
    /// The reporter appeals an archive.
    pub appeal: bool,
    /// The agency never answers.
    pub silent_agency: bool,
    /// Multiplier of the agency's delays.
    pub speed: f64,
    /// The agency sends it on to a unit.
    pub unit_dispatch: bool,
    /// The agency reroutes although it has authority.
    pub needless_reroute: bool,
    /// Follow-ups before completing.
    pub follow_ups: u32,
    /// Chance the reporter replies to a follow-up.
    pub reply_chance: f64,
    /// After the agency closes.
    pub after_done: AfterDone,
    /// The reporter takes a missed completion limit to the Ombudsman.
    pub to_ombudsman: bool,
    /// Days after the missed limit the reporter does so.
    pub ombudsman_after_days: u32,
    /// The national admin reveals an anonymous identity.
    pub reveal: bool,
    /// A staff member leaves an internal note.
    pub note: bool,
}

fn archive_reason(rng: &mut SmallRng) -> ArchiveReasonCode {
    use ArchiveReasonCode as A;
    let table = [
        (A::TooGeneral, 25),
        (A::NotPublicService, 20),
        (A::Duplicate, 18),
        (A::ReporterUnreachable, 10),
        (A::Unintelligible, 8),
        (A::Spam, 8),
        (A::Other, 8),
        (A::SaraOrAbuse, 3),
    ];
    pick(rng, &table)
}

/// A value from a weighted table.
pub fn pick<T: Copy>(rng: &mut SmallRng, table: &[(T, u32)]) -> T {
    let total: u32 = table.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total.max(1));
    for (v, w) in table {
        if x < *w {
            return *v;
        }
        x -= w;
    }
    table[0].0
}

impl Plan {
    /// Draws a report's dispositions; `anonymous` reports may see an audited reveal.
    pub fn draw(rng: &mut SmallRng, anonymous: bool) -> Plan {
        let outcome = match rng.random_range(0..100) {
            0..=73 => Outcome::Dispatch,
            74..=81 => Outcome::Postpone,
            82..=97 => Outcome::Archive(archive_reason(rng)),
            _ => Outcome::Delete(pick(
                rng,
                &[
                    (ArchiveReasonCode::Spam, 5),
                    (ArchiveReasonCode::SaraOrAbuse, 3),
                    (ArchiveReasonCode::Other, 1),
                ],
            )),
        };
        let after_done = pick(
            rng,
            &[
                (AfterDone::Confirm(true), 36),
                (AfterDone::Confirm(false), 9),
                (AfterDone::Reply, 12),
                (AfterDone::Reopen, 5),
                (AfterDone::Silent, 38),
            ],
        );
        Plan {
            outcome,
            slow_verification: rng.random_bool(0.15),
            agency_verifies: rng.random_bool(0.4),
            withdraw: rng.random_bool(0.02),
            add_info: rng.random_bool(0.04),
            answers_postpone: rng.random_bool(0.65),
            appeal: rng.random_bool(0.15),
            silent_agency: rng.random_bool(0.06),
            speed: 0.5 + rng.random::<f64>() * rng.random::<f64>() * 3.0,
            unit_dispatch: rng.random_bool(0.7),
            needless_reroute: rng.random_bool(0.015),
            follow_ups: pick(rng, &[(1, 55), (2, 30), (3, 15)]),
            reply_chance: 0.3,
            after_done,
            to_ombudsman: rng.random_bool(0.3),
            ombudsman_after_days: rng.random_range(1..15),
            reveal: anonymous && rng.random_bool(0.005),
            note: rng.random_bool(0.15),
        }
    }
}

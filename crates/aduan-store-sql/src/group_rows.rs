//! Rows of the similarity index and of the groups (migration 0027), and the statements over
//! them that take no list.

use crate::Stmt;
use aduan_domain::report::Report;
use aduan_store::Group;
use aduan_text::similar::Signature;
use chrono::{DateTime, Utc};

/// What a report is filed under in the similarity index: its place, its signature, its keys.
/// A report without a region code is not filed: it has no place to be compared within.
#[derive(Debug, Clone)]
pub struct SimilarityRow {
    /// The report.
    pub report_id: String,
    /// Its kabupaten/kota (`35.78`), or its province, or nothing.
    pub place: String,
    /// The stored signature.
    pub signature: Vec<u8>,
    /// One per band.
    pub keys: Vec<i64>,
}

impl SimilarityRow {
    /// The row of `report` (its title and chronology); `None` when it has no words or no
    /// region code.
    pub fn of(report: &Report) -> Option<Self> {
        let place = place_of(report).filter(|p| !p.is_empty())?;
        let text = format!(
            "{}\n{}",
            report.state.title.as_deref().unwrap_or_default(),
            report.body
        );
        let signature = Signature::of_text(&text)?;
        Some(Self {
            report_id: report.tracking_id.to_string(),
            keys: signature.band_keys(&place).to_vec(),
            signature: signature.to_bytes(),
            place,
        })
    }
}

/// The place reports are compared within: the kabupaten/kota of the region code (its first two
/// parts), or the code as it is when shorter; `None` without one.
pub fn place_of(report: &Report) -> Option<String> {
    let code = report.location.as_ref()?.region_code.as_deref()?;
    Some(code.split('.').take(2).collect::<Vec<_>>().join("."))
}

/// A group as read.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct GroupRow {
    pub id: String,
    pub agency: String,
    pub title: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
}

impl GroupRow {
    /// The group, with `members` (read apart).
    pub fn into_group(self, members: Vec<aduan_domain::TrackingId>) -> Group {
        Group {
            agency: aduan_domain::AgencyId::new(self.agency),
            id: self.id,
            title: self.title,
            created_by: self.created_by,
            created_at: self.created_at,
            answer: self.answer,
            answered_by: self.answered_by,
            answered_at: self.answered_at,
            members,
        }
    }
}

/// A group's columns.
pub const GROUP_COLUMNS: &str =
    "id, agency, title, created_by, created_at, answer, answered_by, answered_at";

/// The signature and place of one report.
pub static SIMILARITY_OF: Stmt =
    Stmt::new("SELECT place, signature FROM report_similarity WHERE report_id = ?");
/// A new group.
pub static INSERT_GROUP: Stmt = Stmt::new(
    "INSERT INTO report_groups (id, agency, title, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
);
/// The agency holding a report, its row locked (PostgreSQL) so that a reroute cannot commit
/// between this read and the link that depends on it.
pub static HOLDER_LOCKED: Stmt = Stmt::locking("SELECT agency FROM reports WHERE tracking_id = ?");
/// A member joins, if the group's agency holds it now (no row otherwise).
pub static LINK_MEMBER: Stmt = Stmt::new(
    "INSERT INTO report_group_members (report_id, group_id, added_by, added_at) \
     SELECT r.tracking_id, g.id, ?, ? FROM reports r JOIN report_groups g ON g.agency = r.agency \
     WHERE r.tracking_id = ? AND g.id = ? ON CONFLICT (report_id) DO NOTHING",
);
/// A member leaves.
pub static UNLINK_MEMBER: Stmt =
    Stmt::new("DELETE FROM report_group_members WHERE group_id = ? AND report_id = ?");
/// A member leaves whatever group it is in when another agency comes to hold it.
pub static LEAVE_ON_REROUTE: Stmt = Stmt::new(
    "DELETE FROM report_group_members WHERE report_id = ? AND group_id IN \
     (SELECT id FROM report_groups WHERE agency <> ?)",
);
/// The group a report is in.
pub static GROUP_OF: Stmt =
    Stmt::new("SELECT group_id FROM report_group_members WHERE report_id = ?");
/// A group's members.
pub static GROUP_MEMBERS: Stmt =
    Stmt::new("SELECT report_id FROM report_group_members WHERE group_id = ? ORDER BY report_id");
/// The answer given.
pub static SET_GROUP_ANSWER: Stmt =
    Stmt::new("UPDATE report_groups SET answer = ?, answered_by = ?, answered_at = ? WHERE id = ?");

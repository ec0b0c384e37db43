//! One line of an import file (JSON Lines, UTF-8, one report per line), as docs/import.md
//! documents it. Unknown fields are refused, so a misspelt field never passes silently.

use crate::reports::action_input::ActionRequest;
use crate::reports::intake::{LocationInput, ReporterInput};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Deserialize;

/// A report and its whole history in the legacy system.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// The report's id in the legacy system, unique across the import; kept beside the new
    /// tracking id, and lookups by it find the report.
    pub legacy_id: String,
    /// When it was submitted (RFC 3339 with an offset, as `2021-03-04T08:12:00+07:00`).
    pub submitted_at: DateTime<FixedOffset>,
    /// The channel it came through (`web`, `mobile`, `sms`, `email`, `social`, `chat`,
    /// `walk_in`, `phone`, `paper`, `api:<partner>`).
    pub channel: String,
    /// `complaint`, `aspiration` or `information_request`.
    pub kind: String,
    /// The title, if the channel had one.
    #[serde(default)]
    pub title: Option<String>,
    /// The text.
    pub body: String,
    /// The day it happened.
    #[serde(default)]
    pub incident_date: Option<NaiveDate>,
    /// Where it happened.
    #[serde(default)]
    pub location: Option<LocationInput>,
    /// The agency the reporter addressed (slug of the directory).
    #[serde(default)]
    pub requested_agency: Option<String>,
    /// The category the reporter chose.
    #[serde(default)]
    pub category: Option<String>,
    /// Whether the reporter asked to stay anonymous.
    #[serde(default)]
    pub anonymous: bool,
    /// The reporter's explicit choice to keep the report out of public view (absent: the
    /// category's default).
    #[serde(default)]
    pub confidential: Option<bool>,
    /// Whether the reporter's name may be shown publicly.
    #[serde(default)]
    pub show_name: bool,
    /// The reporter's identity; required unless anonymous or a free-text channel.
    #[serde(default)]
    pub reporter: Option<ReporterInput>,
    /// The member of staff who typed it in for a visitor (walk-in, phone, paper), if any.
    #[serde(default)]
    pub submitted_by: Option<LineActor>,
    /// Everything that happened after the submission, oldest first.
    #[serde(default)]
    pub events: Vec<LineEvent>,
    /// Files that came with it, already copied beside the import file.
    #[serde(default)]
    pub attachments: Vec<LineAttachment>,
}

/// One step of the history: an action of the lifecycle table, who took it and when, with the
/// same fields as `POST /api/v1/reports/{id}/actions` (`agency`, `unit`, `body`, `reason`,
/// `rating`, ...).
#[derive(Debug, Deserialize)]
pub struct LineEvent {
    /// When it happened.
    pub at: DateTime<FixedOffset>,
    /// Who took it.
    pub by: LineActor,
    /// The status the legacy system recorded after it, if it did: checked against the one the
    /// lifecycle table gives, so a mapping mistake is a rejected line, not a wrong report.
    #[serde(default)]
    pub status: Option<String>,
    /// The action and its fields.
    #[serde(flatten)]
    pub action: ActionRequest,
    /// Any other field: a flattened struct cannot refuse unknown fields itself, so they are
    /// collected here and the line is rejected when there are any.
    #[serde(flatten)]
    pub unknown: std::collections::BTreeMap<String, serde_json::Value>,
}

/// Who acted: `reporter`, `system`, or a member of staff by role and scope.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineActor {
    /// `reporter`, `system`, `national_admin`, `agency_admin`, `unit_officer` or `supervisor`.
    pub role: String,
    /// agency_admin: the agency's slug.
    #[serde(default)]
    pub agency: Option<String>,
    /// unit_officer: the unit's id.
    #[serde(default)]
    pub unit: Option<String>,
    /// supervisor: `ombudsman`, `ksp` or `kemendagri`.
    #[serde(default)]
    pub body: Option<String>,
    /// The staff member's name or login in the legacy system, kept in the history's record
    /// of who acted (never shown to reporters or the public).
    #[serde(default)]
    pub staff: Option<String>,
}

/// A file of the report.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineAttachment {
    /// Where the file is: a path relative to the import file's directory, or a `file:` URL.
    pub file: String,
    /// The name the uploader gave it (the file's own name when absent).
    #[serde(default)]
    pub name: Option<String>,
    /// When it was uploaded (the submission's time when absent).
    #[serde(default)]
    pub at: Option<DateTime<FixedOffset>>,
    /// Who uploaded it (the reporter when absent).
    #[serde(default)]
    pub by: Option<LineActor>,
    /// Whether the public may see it (default: no).
    #[serde(default)]
    pub public: bool,
}

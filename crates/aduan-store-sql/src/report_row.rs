//! The `reports` row: reading it back into a [`Report`] and writing one out.

use crate::rows::{corrupt, parse};
use aduan_domain::report::{
    ArchiveReason, Channel, HandlingClass, Kind, Location, Report, ReportState,
};
use aduan_domain::status::{ArchiveReasonCode, CompletionKind, EscalationLevel, Status};
use aduan_domain::{AgencyId, CategoryId, ReporterId, TrackingId, UnitId};
use aduan_store::StoreError;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Database, Encode, Type};

/// A row of `reports` as read.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct ReportRow {
    pub tracking_id: String,
    pub reporter_id: String,
    pub body: String,
    pub incident_date: Option<String>,
    pub location_text: Option<String>,
    pub region_code: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub anonymous: bool,
    pub confidential: bool,
    pub show_name: bool,
    pub channel: String,
    pub status: String,
    pub completion_kind: Option<String>,
    pub escalation_level: String,
    pub kind: String,
    pub title: Option<String>,
    pub category: Option<String>,
    pub tags: String,
    pub handling_class: Option<String>,
    pub requested_agency: Option<String>,
    pub agency: Option<String>,
    pub unit: Option<String>,
    pub rerouted: bool,
    pub archive_reason: Option<String>,
    pub duplicate_of: Option<String>,
    pub archive_reason_text: Option<String>,
    pub appeal_used: bool,
    pub reopen_used: bool,
    pub information_requested: bool,
    pub submitted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

fn opt<T>(
    v: Option<String>,
    f: impl Fn(&str) -> Option<T>,
    what: &str,
) -> Result<Option<T>, StoreError> {
    v.map(|s| parse(&s, &f, what)).transpose()
}

impl ReportRow {
    /// The domain report.
    pub fn into_report(self) -> Result<Report, StoreError> {
        let archive_reason = match opt(
            self.archive_reason,
            ArchiveReasonCode::parse,
            "archive reason",
        )? {
            Some(code) => Some(ArchiveReason {
                code,
                duplicate_of: self
                    .duplicate_of
                    .map(|d| TrackingId::parse(&d).map_err(corrupt))
                    .transpose()?,
                text: self.archive_reason_text,
            }),
            None => None,
        };
        let location = self.location_text.map(|text| Location {
            text,
            region_code: self.region_code,
            lat: self.lat,
            lon: self.lon,
        });
        let state = ReportState {
            status: parse(&self.status, Status::parse, "status")?,
            completion_kind: opt(
                self.completion_kind,
                CompletionKind::parse,
                "completion kind",
            )?,
            escalation_level: parse(&self.escalation_level, EscalationLevel::parse, "escalation")?,
            kind: parse(&self.kind, Kind::parse, "kind")?,
            title: self.title,
            category: self.category.map(CategoryId::new),
            tags: serde_json::from_str(&self.tags).map_err(corrupt)?,
            handling_class: opt(self.handling_class, HandlingClass::parse, "handling class")?,
            requested_agency: self.requested_agency.map(AgencyId::new),
            agency: self.agency.map(AgencyId::new),
            unit: self.unit.map(UnitId::new),
            rerouted: self.rerouted,
            archive_reason,
            appeal_used: self.appeal_used,
            reopen_used: self.reopen_used,
            information_requested: self.information_requested,
            confidential: self.confidential,
        };
        Ok(Report {
            tracking_id: TrackingId::parse(&self.tracking_id).map_err(corrupt)?,
            reporter: ReporterId::from_stored(self.reporter_id),
            body: self.body,
            incident_date: self
                .incident_date
                .map(|d| d.parse::<NaiveDate>().map_err(corrupt))
                .transpose()?,
            location,
            anonymous: self.anonymous,
            show_name: self.show_name,
            channel: parse(&self.channel, Channel::parse, "channel")?,
            state,
            submitted_at: self.submitted_at,
            updated_at: self.updated_at,
            version: self.version,
        })
    }
}

/// The mutable columns of a report, as text and flags ready to bind, in `REPORT_COLUMNS` order
/// from `status` to `information_requested`.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct ReportColumns {
    pub status: String,
    pub completion_kind: Option<String>,
    pub escalation_level: String,
    pub kind: String,
    pub title: Option<String>,
    pub category: Option<String>,
    pub tags: String,
    pub handling_class: Option<String>,
    pub requested_agency: Option<String>,
    pub agency: Option<String>,
    pub unit: Option<String>,
    pub rerouted: bool,
    pub archive_reason: Option<String>,
    pub duplicate_of: Option<String>,
    pub archive_reason_text: Option<String>,
    pub appeal_used: bool,
    pub reopen_used: bool,
    pub information_requested: bool,
}

/// The number of columns [`ReportColumns::bind`] binds.
pub const STATE_COLUMN_COUNT: usize = 18;

impl ReportColumns {
    /// The columns of a state.
    pub fn of(s: &ReportState) -> Self {
        let reason = s.archive_reason.as_ref();
        Self {
            status: s.status.as_str().into(),
            completion_kind: s.completion_kind.map(|c| c.as_str().into()),
            escalation_level: s.escalation_level.as_str().into(),
            kind: s.kind.as_str().into(),
            title: s.title.clone(),
            category: s.category.as_ref().map(|c| c.to_string()),
            tags: serde_json::to_string(&s.tags).unwrap_or_else(|_| "[]".into()),
            handling_class: s.handling_class.map(|h| h.as_str().into()),
            requested_agency: s.requested_agency.as_ref().map(|a| a.to_string()),
            agency: s.agency.as_ref().map(|a| a.to_string()),
            unit: s.unit.as_ref().map(|u| u.to_string()),
            rerouted: s.rerouted,
            archive_reason: reason.map(|r| r.code.as_str().into()),
            duplicate_of: reason.and_then(|r| r.duplicate_of).map(|d| d.to_string()),
            archive_reason_text: reason.and_then(|r| r.text.clone()),
            appeal_used: s.appeal_used,
            reopen_used: s.reopen_used,
            information_requested: s.information_requested,
        }
    }

    /// Binds the columns, in order, to a query of any backend.
    pub fn bind<'q, DB: Database>(
        self,
        q: sqlx::query::Query<'q, DB, <DB as Database>::Arguments>,
    ) -> sqlx::query::Query<'q, DB, <DB as Database>::Arguments>
    where
        String: Encode<'q, DB> + Type<DB>,
        Option<String>: Encode<'q, DB> + Type<DB>,
        bool: Encode<'q, DB> + Type<DB>,
    {
        q.bind(self.status)
            .bind(self.completion_kind)
            .bind(self.escalation_level)
            .bind(self.kind)
            .bind(self.title)
            .bind(self.category)
            .bind(self.tags)
            .bind(self.handling_class)
            .bind(self.requested_agency)
            .bind(self.agency)
            .bind(self.unit)
            .bind(self.rerouted)
            .bind(self.archive_reason)
            .bind(self.duplicate_of)
            .bind(self.archive_reason_text)
            .bind(self.appeal_used)
            .bind(self.reopen_used)
            .bind(self.information_requested)
    }
}

/// The state column names, for `UPDATE reports SET ...`.
pub const STATE_COLUMNS: [&str; STATE_COLUMN_COUNT] = [
    "status",
    "completion_kind",
    "escalation_level",
    "kind",
    "title",
    "category",
    "tags",
    "handling_class",
    "requested_agency",
    "agency",
    "unit",
    "rerouted",
    "archive_reason",
    "duplicate_of",
    "archive_reason_text",
    "appeal_used",
    "reopen_used",
    "information_requested",
];

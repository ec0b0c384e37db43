//! Rows of staff's second factor and of the two-person reveal.

use aduan_domain::{Role, TrackingId, UserId};
use aduan_store::{RevealRequest, StoreError, StoreResult};
use chrono::{DateTime, Utc};

/// The columns of `reveal_requests`, as [`RevealRow`] reads them.
pub const REVEAL_COLUMNS: &str = "id, report_id, requested_by, reason, requested_at, status, \
    decided_by, decided_role, decided_at, note, defer_reason, notified_at";

/// A row of `reveal_requests`.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct RevealRow {
    pub id: i64,
    pub report_id: String,
    pub requested_by: i64,
    pub reason: String,
    pub requested_at: DateTime<Utc>,
    pub status: String,
    pub decided_by: Option<i64>,
    pub decided_role: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub note: Option<String>,
    pub defer_reason: Option<String>,
    pub notified_at: Option<DateTime<Utc>>,
}

impl RevealRow {
    /// The request.
    pub fn into_request(self) -> StoreResult<RevealRequest> {
        let report = TrackingId::parse(&self.report_id)
            .map_err(|_| StoreError::Corrupt(format!("reveal request {}", self.id)))?;
        let decided_role = match self.decided_role.as_deref() {
            Some(r) => Some(
                Role::parse(r)
                    .ok_or_else(|| StoreError::Corrupt(format!("reveal request {}", self.id)))?,
            ),
            None => None,
        };
        Ok(RevealRequest {
            id: self.id,
            report,
            requested_by: UserId(self.requested_by),
            reason: self.reason,
            requested_at: self.requested_at,
            status: self.status,
            decided_by: self.decided_by.map(UserId),
            decided_role,
            decided_at: self.decided_at,
            note: self.note,
            defer_reason: self.defer_reason,
            notified_at: self.notified_at,
        })
    }
}

/// A row of `second_factors` with the count of unused recovery codes.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct SecondFactorRow {
    pub secret: String,
    pub created_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub last_step: i64,
    pub recovery_left: i64,
}

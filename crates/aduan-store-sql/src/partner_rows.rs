//! Rows and statements of partner systems: `partners`, `partner_keys`, `partner_reports`.

use crate::{Stmt, corrupt};
use aduan_domain::TrackingId;
use aduan_store::{Partner, PartnerKey, PartnerReport, SealedSecret, StoreError, Webhook};
use chrono::{DateTime, Utc};

/// The columns of `partners`, in the order [`PartnerRow`] reads them.
pub const PARTNER_COLUMNS: &str =
    "slug, name, agencies, regions, webhook_url, webhook_secret, created_at";
/// The columns of `partner_keys`, in the order [`PartnerKeyRow`] reads them.
pub const PARTNER_KEY_COLUMNS: &str =
    "id, partner, prefix, created_at, expires_at, revoked_at, last_used_at";
/// The columns of `partner_reports`, in the order [`PartnerReportRow`] reads them.
pub const PARTNER_REPORT_COLUMNS: &str = "partner, partner_ref, report_id, fingerprint";

/// Writes a partner's reference for a new report; binds partner, ref, report, fingerprint
/// and created_at.
pub static INSERT_PARTNER_REPORT: Stmt = Stmt::new(
    "INSERT INTO partner_reports (partner, partner_ref, report_id, fingerprint, created_at) \
     VALUES (?, ?, ?, ?, ?)",
);

/// A row of `partners`.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct PartnerRow {
    pub slug: String,
    pub name: String,
    pub agencies: String,
    pub regions: String,
    pub webhook_url: Option<String>,
    pub webhook_secret: Option<String>,
    pub created_at: DateTime<Utc>,
}

fn list(slug: &str, what: &str, json: &str) -> Result<Vec<String>, StoreError> {
    serde_json::from_str(json).map_err(|e| corrupt(format!("partner {slug} {what}: {e}")))
}

/// A list as stored: a JSON array.
pub fn stored_list(items: &[String]) -> String {
    serde_json::Value::from(items.to_vec()).to_string()
}

impl TryFrom<PartnerRow> for Partner {
    type Error = StoreError;

    fn try_from(r: PartnerRow) -> Result<Self, StoreError> {
        Ok(Partner {
            agencies: list(&r.slug, "agencies", &r.agencies)?,
            regions: list(&r.slug, "regions", &r.regions)?,
            webhook: match (r.webhook_url, r.webhook_secret) {
                (Some(url), Some(secret)) => Some(Webhook {
                    url,
                    secret: SealedSecret(secret),
                }),
                _ => None,
            },
            slug: r.slug,
            name: r.name,
            created_at: r.created_at,
        })
    }
}

/// A row of `partner_keys`.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct PartnerKeyRow {
    pub id: i64,
    pub partner: String,
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

impl From<PartnerKeyRow> for PartnerKey {
    fn from(r: PartnerKeyRow) -> Self {
        PartnerKey {
            id: r.id,
            partner: r.partner,
            prefix: r.prefix,
            created_at: r.created_at,
            expires_at: r.expires_at,
            revoked_at: r.revoked_at,
            last_used_at: r.last_used_at,
        }
    }
}

/// A row of `partner_reports`.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct PartnerReportRow {
    pub partner: String,
    pub partner_ref: String,
    pub report_id: String,
    pub fingerprint: String,
}

impl TryFrom<PartnerReportRow> for PartnerReport {
    type Error = StoreError;

    fn try_from(r: PartnerReportRow) -> Result<Self, StoreError> {
        Ok(PartnerReport {
            tracking_id: TrackingId::parse(&r.report_id)
                .map_err(|_| corrupt(format!("partner report id `{}`", r.report_id)))?,
            partner: r.partner,
            reference: r.partner_ref,
            fingerprint: r.fingerprint,
        })
    }
}

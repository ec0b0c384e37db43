//! Partner systems: a regional complaint application, a city's Open311 client or a legacy
//! LAPOR! integration. Each partner files reports as channel `api:<slug>` with keys of its
//! own (only their SHA-256 is kept), only for the agencies and regions listed on it; each
//! report it filed keeps the partner's own reference; its webhook hears of every change. Every
//! change to a partner or its keys, and every use of a key, is written to the audit log.

use crate::StoreResult;
use crate::jobs::outbox::OutboxMessage;
use crate::sealed::SealedSecret;
use aduan_domain::TrackingId;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// Audit action: a partner was added.
pub const AUDIT_PARTNER_ADD: &str = "partner.add";
/// Audit action: a key was issued (alone, or as a rotation with `overlap_until`).
pub const AUDIT_PARTNER_KEY_ADD: &str = "partner.key.add";
/// Audit action: a key was revoked.
pub const AUDIT_PARTNER_KEY_REVOKE: &str = "partner.key.revoke";
/// Audit action: the webhook was set or removed.
pub const AUDIT_PARTNER_WEBHOOK: &str = "partner.webhook";
/// Audit action: a key was used for a request.
pub const AUDIT_PARTNER_USE: &str = "partner.use";

/// The audit subject of a partner.
pub fn partner_subject(slug: &str) -> String {
    format!("partner:{slug}")
}

/// A partner to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPartner {
    /// The partner's name in the channel (`api:<slug>`): 1–40 of `a-z0-9-_`.
    pub slug: String,
    /// Its name in words.
    pub name: String,
    /// The agencies (slugs) it may file for.
    pub agencies: Vec<String>,
    /// The regions (Kemendagri codes; a province covers its kabupaten/kota) it may file for.
    pub regions: Vec<String>,
}

/// A partner as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Agencies it may file for.
    pub agencies: Vec<String>,
    /// Regions it may file for.
    pub regions: Vec<String>,
    /// Its webhook, when subscribed.
    pub webhook: Option<Webhook>,
    /// When added.
    pub created_at: DateTime<Utc>,
}

/// Where a partner hears of changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    /// The URL deliveries are posted to.
    pub url: String,
    /// The signing secret, sealed with the deployment key for [`webhook_secret_context`].
    pub secret: SealedSecret,
}

/// The context a partner's webhook secret is sealed for.
pub fn webhook_secret_context(slug: &str) -> String {
    format!("webhook:{slug}")
}

/// One of a partner's keys (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerKey {
    /// Id.
    pub id: i64,
    /// The partner.
    pub partner: String,
    /// The key's first characters, to tell keys apart.
    pub prefix: String,
    /// When issued.
    pub created_at: DateTime<Utc>,
    /// When a rotated key stops working.
    pub expires_at: Option<DateTime<Utc>>,
    /// When revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// When last used.
    pub last_used_at: Option<DateTime<Utc>>,
}

impl PartnerKey {
    /// Whether the key opens the API at `now`.
    pub fn valid_at(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|e| now < e)
    }
}

/// A report a partner filed, by the partner's reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerReport {
    /// The partner.
    pub partner: String,
    /// The partner's own reference.
    pub reference: String,
    /// The report.
    pub tracking_id: TrackingId,
    /// The fingerprint of the filing request.
    pub fingerprint: String,
}

/// Partners, their keys, the references of their reports and their dead webhooks.
#[async_trait]
pub trait PartnerStore: Send + Sync {
    /// Adds a partner, audited as by `actor`; a taken slug is a conflict.
    async fn add_partner(
        &self,
        partner: &NewPartner,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Partner>;

    /// A partner by slug.
    async fn get_partner(&self, slug: &str) -> StoreResult<Option<Partner>>;

    /// Every partner, by slug.
    async fn list_partners(&self) -> StoreResult<Vec<Partner>>;

    /// Sets (or with `None` removes) a partner's webhook, audited (without the secret);
    /// not found when the partner is unknown.
    async fn set_partner_webhook(
        &self,
        slug: &str,
        webhook: Option<&Webhook>,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Issues a key (its hash and prefix), audited. With `overlap_until`, the partner's other
    /// valid keys stop working then (a rotation); without, they stay as they are.
    async fn add_partner_key(
        &self,
        partner: &str,
        key_hash: &str,
        prefix: &str,
        overlap_until: Option<DateTime<Utc>>,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<PartnerKey>;

    /// Revokes key `id` of `partner`, audited; false when it has no such key or it was
    /// revoked already.
    async fn revoke_partner_key(
        &self,
        partner: &str,
        id: i64,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// A partner's keys, newest first.
    async fn list_partner_keys(&self, partner: &str) -> StoreResult<Vec<PartnerKey>>;

    /// The key with this hash and its partner, whatever the key's state (the caller checks
    /// [`PartnerKey::valid_at`]).
    async fn partner_key_by_hash(
        &self,
        key_hash: &str,
    ) -> StoreResult<Option<(PartnerKey, Partner)>>;

    /// Records one use of key `id` by its partner: the key's last use and an audit entry
    /// (`action` what was asked, `subject` what it concerned) in one transaction.
    async fn record_partner_use(
        &self,
        id: i64,
        partner: &str,
        action: &str,
        subject: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// The report `partner` filed as `reference`.
    async fn partner_report(
        &self,
        partner: &str,
        reference: &str,
    ) -> StoreResult<Option<PartnerReport>>;

    /// The partner that filed `report` and its reference, if a partner did.
    async fn partner_of_report(&self, report: &TrackingId) -> StoreResult<Option<PartnerReport>>;

    /// The partner's webhook deliveries that ran out of attempts, newest first.
    async fn partner_dead_letters(
        &self,
        partner: &str,
        limit: i64,
    ) -> StoreResult<Vec<OutboxMessage>>;
}

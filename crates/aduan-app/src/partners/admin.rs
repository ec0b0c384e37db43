//! The national admin's partner register: adding a partner (its slug, name, and the agencies
//! and regions it may file for), issuing, rotating and revoking its keys, and the list of
//! partners with their keys (never the keys themselves). The CLI, the API and the back office
//! all call these; each change is audited by the store in its own transaction.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::lookup::Directory;
use crate::partners::access::new_key;
use aduan_domain::AgencyId;
use aduan_domain::actor::StaffRole;
use aduan_domain::report::Channel;
use aduan_store::{NewPartner, Partner, PartnerKey, StoreError};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The audit actor of the caller, who must be a national admin.
pub fn national_admin(caller: &Caller) -> AppResult<String> {
    let user = caller.require_user()?;
    match caller.staff() {
        Some(s) if s.role == StaffRole::NationalAdmin => Ok(user.id.to_string()),
        _ => Err(AppError::Forbidden),
    }
}

/// A partner to add.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnerInput {
    /// Its name in the channel `api:<slug>`: 1–40 of `a-z0-9-_`.
    #[schema(pattern = "^[a-z0-9_-]{1,40}$")]
    pub slug: String,
    /// Its name in words (1 to 200 characters).
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"\S",
        example = "Aplikasi Pengaduan Kota"
    )]
    pub name: String,
    /// The agencies (slugs) it may file for; with `regions`, at least one of the two.
    #[serde(default)]
    pub agencies: Vec<String>,
    /// The regions (Kemendagri codes, `35` or `35.78`) it may file for.
    #[serde(default)]
    #[schema(schema_with = region_codes)]
    pub regions: Vec<String>,
}

/// Kemendagri region codes (`35` or `35.78`), in the API document.
fn region_codes() -> utoipa::openapi::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(r"^[0-9]{2}(\.[0-9]{2})?$")),
        )
        .description(Some(
            "The regions (Kemendagri codes, `35` or `35.78`) it may file for.",
        ))
        .examples([serde_json::json!(["35.78"])])
        .build()
}

/// A key as listed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KeyView {
    /// Id (to revoke it).
    pub id: i64,
    /// Its first characters.
    pub prefix: String,
    /// When issued.
    pub created_at: DateTime<Utc>,
    /// When a rotated key stops working.
    pub expires_at: Option<DateTime<Utc>>,
    /// When revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// When last used.
    pub last_used_at: Option<DateTime<Utc>>,
    /// Whether it works now.
    pub valid: bool,
}

/// A partner as listed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartnerView {
    /// Slug.
    pub slug: String,
    /// The channel its reports carry.
    pub channel: String,
    /// Name.
    pub name: String,
    /// Agencies it may file for.
    pub agencies: Vec<String>,
    /// Regions it may file for.
    pub regions: Vec<String>,
    /// Its webhook URL, when subscribed.
    pub webhook_url: Option<String>,
    /// When added.
    pub created_at: DateTime<Utc>,
    /// Its keys, newest first.
    pub keys: Vec<KeyView>,
}

/// A key just issued: the only time it is shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IssuedKey {
    /// The partner.
    pub partner: String,
    /// The key: give it to the partner; it is not kept and cannot be shown again.
    pub key: String,
    /// The key as listed.
    #[serde(flatten)]
    pub listed: KeyView,
    /// On a rotation, when the partner's earlier keys stop working.
    pub others_expire_at: Option<DateTime<Utc>>,
}

fn key_view(k: PartnerKey, now: DateTime<Utc>) -> KeyView {
    KeyView {
        valid: k.valid_at(now),
        id: k.id,
        prefix: k.prefix,
        created_at: k.created_at,
        expires_at: k.expires_at,
        revoked_at: k.revoked_at,
        last_used_at: k.last_used_at,
    }
}

async fn view(state: &AppState, p: Partner) -> AppResult<PartnerView> {
    let now = state.clock.now();
    let keys = state.store.list_partner_keys(&p.slug).await?;
    Ok(PartnerView {
        channel: Channel::Api(p.slug.clone()).as_string(),
        slug: p.slug,
        name: p.name,
        agencies: p.agencies,
        regions: p.regions,
        webhook_url: p.webhook.map(|w| w.url),
        created_at: p.created_at,
        keys: keys.into_iter().map(|k| key_view(k, now)).collect(),
    })
}

/// Checks and adds a partner, as `actor`.
pub async fn add(state: &AppState, actor: &str, input: PartnerInput) -> AppResult<PartnerView> {
    let mut errors = FieldErrors::new();
    let slug = input.slug.trim().to_owned();
    if !matches!(
        Channel::parse(&format!("api:{slug}")),
        Some(Channel::Api(_))
    ) {
        errors.insert("slug".into(), "invalid".into());
    }
    let name = input.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 {
        errors.insert("name".into(), "invalid".into());
    }
    let mut agencies = Vec::new();
    for a in &input.agencies {
        let a = a.trim();
        if !state.agency_known(&AgencyId::new(a)).await? {
            errors.insert("agencies".into(), "unknown_agency".into());
        }
        agencies.push(a.to_owned());
    }
    let regions: Vec<String> = input.regions.iter().map(|r| r.trim().to_owned()).collect();
    if regions
        .iter()
        .any(|r| !crate::reports::intake::region_code_ok(r))
    {
        errors.insert("regions".into(), "invalid".into());
    }
    if agencies.is_empty() && regions.is_empty() {
        errors.insert("agencies".into(), "required".into());
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let new = NewPartner {
        slug,
        name,
        agencies,
        regions,
    };
    let at = state.clock.now();
    match state.store.add_partner(&new, actor, at).await {
        Ok(p) => view(state, p).await,
        Err(StoreError::Conflict { .. }) => Err(AppError::Exists(format!(
            "a partner named {} exists already",
            new.slug
        ))),
        Err(e) => Err(e.into()),
    }
}

/// Every partner with its keys.
pub async fn list(state: &AppState) -> AppResult<Vec<PartnerView>> {
    let mut out = Vec::new();
    for p in state.store.list_partners().await? {
        out.push(view(state, p).await?);
    }
    Ok(out)
}

/// One partner with its keys.
pub async fn get(state: &AppState, slug: &str) -> AppResult<PartnerView> {
    let p = state
        .store
        .get_partner(slug)
        .await?
        .ok_or(AppError::NotFound)?;
    view(state, p).await
}

/// Issues a key for `slug`. With `rotate`, the partner's other keys keep working for the
/// configured overlap (`[partners] key_overlap_hours`) and then stop.
pub async fn issue_key(
    state: &AppState,
    actor: &str,
    slug: &str,
    rotate: bool,
) -> AppResult<IssuedKey> {
    let now = state.clock.now();
    let until = rotate.then(|| now + Duration::hours(state.config.partners.key_overlap_hours));
    let fresh = new_key();
    let stored = match state
        .store
        .add_partner_key(slug, &fresh.hash, &fresh.prefix, until, actor, now)
        .await
    {
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        other => other?,
    };
    Ok(IssuedKey {
        partner: slug.to_owned(),
        key: fresh.key,
        listed: key_view(stored, now),
        others_expire_at: until,
    })
}

/// Revokes key `id` of `slug` at once; `not_found` when it has no such live key.
pub async fn revoke_key(state: &AppState, actor: &str, slug: &str, id: i64) -> AppResult<()> {
    let at = state.clock.now();
    if state.store.revoke_partner_key(slug, id, actor, at).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

//! The directory and the categories, for pickers and type-aheads; categories edited by the
//! national admin.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::page::Page;
use aduan_domain::actor::StaffRole;
use aduan_domain::directory::{Agency, AgencyKind, Category, CategoryChanges};
use aduan_domain::{AgencyId, CategoryId};
use aduan_store::{AgencyFilter, StoreError};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

/// Filters and paging of the agency list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AgencyQuery {
    /// Type-ahead text (`kab tang`, `kemenkes`).
    pub q: Option<String>,
    /// kementerian, lembaga, provinsi, kabupaten, kota or other.
    pub kind: Option<String>,
    /// Only agencies under this one (a province's kabupaten and kota).
    pub parent: Option<String>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 1000 (default 50).
    pub limit: Option<u32>,
}

/// The cursor after `agency`: its id and name, which the listing is ordered by.
fn encode_cursor(agency: &Agency) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}\n{}", agency.id, agency.name))
}

fn decode_cursor(cursor: &str) -> Option<(String, AgencyId)> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).ok()?).ok()?;
    let (id, name) = text.split_once('\n')?;
    Some((name.to_owned(), AgencyId::new(id)))
}

/// Agencies, by name, a page at a time.
pub async fn agencies(state: &AppState, q: AgencyQuery) -> AppResult<Page<Agency>> {
    let kind = match q.kind.as_deref() {
        Some(k) => Some(AgencyKind::parse(k).ok_or_else(|| AppError::field("kind", "invalid"))?),
        None => None,
    };
    let after = match q.cursor.as_deref() {
        Some(c) => Some(decode_cursor(c).ok_or_else(|| AppError::field("cursor", "invalid"))?),
        None => None,
    };
    let limit = q.limit.unwrap_or(50);
    if !(1..=1000).contains(&limit) {
        return Err(AppError::field("limit", "out_of_range"));
    }
    let filter = AgencyFilter {
        kind,
        parent: q.parent.map(AgencyId::new),
        search: q.q,
        // One more than the page shows tells whether another page follows.
        limit: Some(limit + 1),
        after,
    };
    let mut items = state.store.list_agencies(&filter).await?;
    let more = items.len() > limit as usize;
    items.truncate(limit as usize);
    let next_cursor = items.last().filter(|_| more).map(encode_cursor);
    Ok(Page { items, next_cursor })
}

/// Every category (topics, then their sub-topics), with sensitivity and campaign dates; the
/// list comes whole (from memory once read).
pub async fn categories(state: &AppState) -> AppResult<Vec<Category>> {
    Ok(state.categories().await?.as_ref().clone())
}

/// `PUT /categories/{id}` body; absent fields stay as they are, `null` dates are removed.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryUpdate {
    /// New name.
    pub name: Option<String>,
    /// Sensitive: reports default to confidential.
    pub sensitive: Option<bool>,
    /// First active day (`YYYY-MM-DD`); `null` removes it.
    #[serde(default, with = "::serde_with::rust::double_option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub active_from: Option<Option<NaiveDate>>,
    /// Last active day (`YYYY-MM-DD`); `null` removes it.
    #[serde(default, with = "::serde_with::rust::double_option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub active_until: Option<Option<NaiveDate>>,
}

/// Edit a category (national admin); audited.
pub async fn update_category(
    state: &AppState,
    caller: &Caller,
    id: &str,
    req: CategoryUpdate,
) -> AppResult<Category> {
    let user = caller.require_user()?;
    if user.staff_role() != Some(StaffRole::NationalAdmin) {
        return Err(AppError::Forbidden);
    }
    let changes = CategoryChanges {
        name: req.name,
        sensitive: req.sensitive,
        active_from: req.active_from,
        active_until: req.active_until,
    };
    let updated = state
        .store
        .update_category(
            &CategoryId::new(id),
            &changes,
            &user.id.to_string(),
            state.clock.now(),
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => AppError::field("category", "invalid_change"),
            other => other.into(),
        })?;
    state.reference.forget(crate::cache::Kind::Categories);
    Ok(updated)
}

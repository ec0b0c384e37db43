//! The services: every category that can be chosen today, with its topic as the group.

use super::service_code;
use crate::AppState;
use crate::error::{AppError, AppResult};
use aduan_domain::directory::Category;
use chrono::{Duration, NaiveDate};
use std::collections::HashMap;

/// One service: a category that can be chosen today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// The category's service code.
    pub service_code: String,
    /// The category id it stands for.
    pub category: String,
    /// The category's name.
    pub service_name: String,
    /// The path of names from its topic down to it (`INFRASTRUKTUR › JALAN`).
    pub description: String,
    /// Whether the category asks for more fields (attributes): none does in Aduan, so always
    /// `false`.
    pub metadata: bool,
    /// The names along that path, comma-separated.
    pub keywords: String,
    /// The name of its topic (the top-level category; itself for a topic).
    pub group: String,
    /// Reports in it are confidential unless the reporter makes them public.
    pub sensitive: bool,
}

/// Today as the national level counts it (WIB).
pub(crate) fn today(state: &AppState) -> NaiveDate {
    (state.clock.now() + Duration::hours(7)).date_naive()
}

/// The names from the topic down to `category`.
fn path<'a>(category: &'a Category, by_id: &HashMap<&str, &'a Category>) -> Vec<&'a str> {
    let mut names = vec![category.name.as_str()];
    let mut at = category;
    // Three levels at most; the bound keeps a cycle in edited data from looping.
    for _ in 0..8 {
        match at.parent.as_ref().and_then(|p| by_id.get(p.as_str())) {
            Some(parent) => {
                names.push(parent.name.as_str());
                at = parent;
            }
            None => break,
        }
    }
    names.reverse();
    names
}

/// Every category that can be chosen today, as a service, in the directory's order.
pub async fn services(state: &AppState) -> AppResult<Vec<Service>> {
    let state = state.public_reads();
    let categories = state.categories().await?;
    let by_id: HashMap<&str, &Category> = categories.iter().map(|c| (c.id.as_str(), c)).collect();
    let on = today(&state);
    Ok(categories
        .iter()
        .filter(|c| c.is_active(on))
        .map(|c| {
            let names = path(c, &by_id);
            Service {
                service_code: service_code(c.id.as_str()),
                category: c.id.to_string(),
                service_name: c.name.clone(),
                description: names.join(" › "),
                metadata: false,
                keywords: names.join(", "),
                group: names.first().copied().unwrap_or_default().to_owned(),
                sensitive: c.sensitive,
            }
        })
        .collect())
}

/// The service `code` names, if it can be chosen today; `not_found` otherwise. Its
/// definition (attributes) exists only when `metadata` is true, which no category is yet.
pub async fn service(state: &AppState, code: &str) -> AppResult<Service> {
    services(state)
        .await?
        .into_iter()
        .find(|s| s.service_code == code)
        .ok_or(AppError::NotFound)
}

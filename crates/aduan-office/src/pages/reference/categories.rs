//! `/kantor/referensi/kategori`: the topic tree with each category's flags, and the edit of
//! one category (name, sensitive, campaign period) through the same `update_category` as the API,
//! which the store audits as `category.update`.

use super::tree::{Branch, branches};
use super::{Flash, back, national, refused_page};
use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::reference::{CategoryUpdate, update_category};
use aduan_domain::CategoryId;
use aduan_domain::directory::Category;
use aduan_portal::csrf::Form;
use aduan_portal::errors::PageError;
use aduan_portal::{Ctx, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Template)]
#[template(path = "office_ref_categories.html")]
struct ListPage {
    c: Ctx,
    branches: Vec<Branch<Category>>,
    today: NaiveDate,
    flash: Option<Flash>,
}

impl ListPage {
    fn active(&self, cat: &Category) -> bool {
        cat.is_active(self.today)
    }
}

#[derive(Template)]
#[template(path = "office_ref_category.html")]
struct EditPage {
    c: Ctx,
    cat: Category,
    f: CategoryForm,
    errors: BTreeMap<&'static str, String>,
}

impl EditPage {
    fn err(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// `?ok=` after a change.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    #[serde(default)]
    ok: Option<String>,
}

/// `GET /kantor/referensi/kategori`.
pub async fn list(
    State(state): State<AppState>,
    s: StaffCtx,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    national(&s)?;
    let all = state.store.list_categories().await?;
    let flash = match q.ok.as_deref() {
        Some("saved") => Flash::done(s.c.t("ref-category-saved")),
        _ => None,
    };
    render(&ListPage {
        branches: branches(
            &all,
            |c| c.id.to_string(),
            |c| c.parent.as_ref().map(ToString::to_string),
            |c| c.name.clone(),
        ),
        today: state.clock.now().date_naive(),
        flash,
        c: s.c,
    })
}

/// Which category to edit.
#[derive(Debug, Deserialize)]
pub struct Which {
    id: String,
}

/// The edit form, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CategoryForm {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    sensitive: Option<String>,
    #[serde(default)]
    active_from: String,
    #[serde(default)]
    active_until: String,
}

fn day(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

async fn category(state: &AppState, id: &str) -> Result<Category, PageError> {
    state
        .store
        .get_category(&CategoryId::new(id))
        .await?
        .ok_or(PageError::NotFound)
}

/// `GET /kantor/referensi/kategori/ubah?id=…`.
pub async fn edit(
    State(state): State<AppState>,
    s: StaffCtx,
    Query(w): Query<Which>,
) -> Result<Response, PageError> {
    national(&s)?;
    let cat = category(&state, &w.id).await?;
    let f = CategoryForm {
        id: cat.id.to_string(),
        name: cat.name.clone(),
        sensitive: cat.sensitive.then(|| "on".to_owned()),
        active_from: day(cat.active_from),
        active_until: day(cat.active_until),
    };
    render(&EditPage {
        c: s.c,
        cat,
        f,
        errors: BTreeMap::new(),
    })
}

/// A date field: blank is no date, anything else must be `YYYY-MM-DD`.
fn date_field(text: &str) -> Result<Option<NaiveDate>, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| ())
}

/// `POST /kantor/referensi/kategori/ubah`.
pub async fn save(
    State(state): State<AppState>,
    s: StaffCtx,
    Form(f): Form<CategoryForm>,
) -> Result<Response, PageError> {
    national(&s)?;
    let cat = category(&state, &f.id).await?;
    let mut errors = BTreeMap::new();
    if f.name.trim().is_empty() {
        errors.insert("name", s.c.t("submit-error-required"));
    }
    let from = date_field(&f.active_from)
        .map_err(|()| errors.insert("active_from", s.c.t("ref-error-date")))
        .unwrap_or_default();
    let until = date_field(&f.active_until)
        .map_err(|()| errors.insert("active_until", s.c.t("ref-error-date")))
        .unwrap_or_default();
    if errors.is_empty() {
        let req = CategoryUpdate {
            name: Some(f.name.trim().to_owned()),
            sensitive: Some(f.sensitive.is_some()),
            active_from: Some(from),
            active_until: Some(until),
        };
        let saved = update_category(&state, &s.caller(), &f.id, req).await;
        match saved {
            Ok(_) => return Ok(back("/kantor/referensi/kategori?ok=saved")),
            // The only rule left: the period must not end before it starts.
            Err(AppError::Validation(_)) => {
                errors.insert("active_until", s.c.t("ref-category-error-period"));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let page = EditPage {
        c: s.c,
        cat,
        f,
        errors,
    };
    refused_page(&page, StatusCode::UNPROCESSABLE_ENTITY)
}

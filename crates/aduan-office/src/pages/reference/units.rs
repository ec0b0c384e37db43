//! `/kantor/referensi/unit`: an agency's unit tree (the agency found with a search box) and
//! the addition of a unit; renaming, moving and marking the inspectorate are in [`super::unit`]. Each change is one
//! directory import, audited by the store as `directory.import` in the same transaction;
//! marking a new inspectorate unmarks the old one in that same import.

use super::tree::{Branch, branches};
use super::{Flash, back, national, refused_page};
use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_app::reference::{self, AgencyQuery};
use aduan_domain::directory::{Agency, Unit, slugify, unit_slug};
use aduan_domain::{AgencyId, UnitId};
use aduan_pagekit::csrf::Form;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::{Ctx, render};
use aduan_store::{DirectoryBatch, StoreError};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Template)]
#[template(path = "office_ref_units.html")]
struct UnitsPage {
    c: Ctx,
    q: String,
    found: Vec<Agency>,
    agency: Option<Agency>,
    branches: Vec<Branch<Unit>>,
    units: Vec<Unit>,
    flash: Option<Flash>,
    f: UnitForm,
    errors: BTreeMap<&'static str, String>,
}

impl UnitsPage {
    fn err(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// The search text, the agency shown, and what was just done.
#[derive(Debug, Default, Deserialize)]
pub struct UnitsQuery {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    instansi: Option<String>,
    #[serde(default)]
    ok: Option<String>,
}

/// The add and edit forms (`id` only when editing).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UnitForm {
    #[serde(default)]
    pub(super) id: String,
    #[serde(default)]
    pub(super) agency: String,
    #[serde(default)]
    pub(super) name: String,
    #[serde(default)]
    pub(super) parent: String,
    #[serde(default)]
    pub(super) inspectorate: Option<String>,
}

pub(super) async fn agency(state: &AppState, id: &str) -> Result<Agency, PageError> {
    state
        .store
        .get_agency(&AgencyId::new(id))
        .await?
        .ok_or(PageError::NotFound)
}

async fn units_page(
    state: &AppState,
    c: Ctx,
    q: String,
    shown: Option<Agency>,
    flash: Option<Flash>,
    f: UnitForm,
    errors: BTreeMap<&'static str, String>,
) -> Result<UnitsPage, PageError> {
    let found = match q.trim() {
        "" => Vec::new(),
        text => {
            let query = AgencyQuery {
                q: Some(text.to_owned()),
                kind: None,
                parent: None,
                cursor: None,
                limit: Some(50),
            };
            reference::agencies(state, query).await?.items
        }
    };
    let units = match &shown {
        Some(a) => state.store.list_units(&a.id).await?,
        None => Vec::new(),
    };
    Ok(UnitsPage {
        c,
        q,
        found,
        branches: branches(
            &units,
            |u| u.id.to_string(),
            |u| u.parent.as_ref().map(ToString::to_string),
            |u| u.name.clone(),
        ),
        units,
        agency: shown,
        flash,
        f,
        errors,
    })
}

/// `GET /kantor/referensi/unit?q=…&instansi=…`.
pub async fn list(
    State(state): State<AppState>,
    s: StaffCtx,
    Query(q): Query<UnitsQuery>,
) -> Result<Response, PageError> {
    national(&s)?;
    let shown = match q.instansi.as_deref().filter(|a| !a.is_empty()) {
        Some(id) => Some(agency(&state, id).await?),
        None => None,
    };
    let flash = match q.ok.as_deref() {
        Some("added") => Flash::done(s.c.t("ref-unit-added")),
        Some("saved") => Flash::done(s.c.t("ref-unit-saved")),
        _ => None,
    };
    let f = UnitForm {
        agency: shown.as_ref().map(|a| a.id.to_string()).unwrap_or_default(),
        ..UnitForm::default()
    };
    let text = q.q.unwrap_or_default();
    let page = units_page(&state, s.c, text, shown, flash, f, BTreeMap::new()).await?;
    render(&page)
}

/// Writes `unit` as one audited import; marking it the inspectorate unmarks the old one.
pub(super) async fn write(state: &AppState, s: &StaffCtx, unit: Unit) -> Result<(), StoreError> {
    let mut units = Vec::new();
    if unit.inspectorate
        && let Some(old) = state.store.inspectorate_of(&unit.agency).await?
        && old.id != unit.id
    {
        units.push(Unit {
            inspectorate: false,
            ..old
        });
    }
    let label = format!("kantor: unit {}", unit.id);
    units.push(unit);
    let batch = DirectoryBatch {
        units,
        ..DirectoryBatch::default()
    };
    let actor = s.staff.user.to_string();
    state
        .store
        .import_directory(&batch, &label, &actor, state.clock.now())
        .await?;
    state.reference.forget(aduan_app::cache::Kind::Directory);
    Ok(())
}

pub(super) fn parent_of(f: &UnitForm) -> Option<UnitId> {
    let p = f.parent.trim();
    (!p.is_empty()).then(|| UnitId::new(p))
}

/// `POST /kantor/referensi/unit`: adds a unit under the agency or under one of its units.
pub async fn add(
    State(state): State<AppState>,
    s: StaffCtx,
    Form(f): Form<UnitForm>,
) -> Result<Response, PageError> {
    national(&s)?;
    let shown = agency(&state, &f.agency).await?;
    let c = s.c.clone();
    let mut errors = BTreeMap::new();
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    let parent = parent_of(&f);
    let name = f.name.trim().to_owned();
    if name.is_empty() || slugify(&name).is_empty() {
        errors.insert("name", c.t("submit-error-required"));
    } else {
        let unit = Unit {
            id: unit_slug(&shown.id, parent.as_ref(), &name),
            agency: shown.id.clone(),
            parent,
            name,
            inspectorate: f.inspectorate.is_some(),
        };
        if state.store.get_unit(&unit.id).await?.is_some() {
            errors.insert("name", c.t("ref-unit-exists"));
            status = StatusCode::CONFLICT;
        } else {
            match write(&state, &s, unit).await {
                Ok(()) => {
                    let to = format!("/kantor/referensi/unit?instansi={}&ok=added", shown.id);
                    return Ok(back(&to));
                }
                Err(StoreError::Conflict { .. }) => {
                    errors.insert("parent", c.t("ref-unit-error-rule"));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
    let page = units_page(&state, c, String::new(), Some(shown), None, f, errors).await?;
    refused_page(&page, status)
}

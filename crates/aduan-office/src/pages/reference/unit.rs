//! `/kantor/referensi/unit/ubah`: one unit renamed, moved under another unit of its agency,
//! or (un)marked as the agency's inspectorate, written as one audited import like an addition.

use super::units::{UnitForm, agency, parent_of, write};
use super::{back, national, refused_page};
use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_domain::UnitId;
use aduan_domain::directory::{Agency, Unit};
use aduan_portal::csrf::Form;
use aduan_portal::errors::PageError;
use aduan_portal::{Ctx, render};
use aduan_store::StoreError;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Template)]
#[template(path = "office_ref_unit.html")]
struct UnitPage {
    c: Ctx,
    agency: Agency,
    unit: Unit,
    parents: Vec<Unit>,
    f: UnitForm,
    errors: BTreeMap<&'static str, String>,
}

impl UnitPage {
    fn err(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// Which unit to edit.
#[derive(Debug, Deserialize)]
pub struct Which {
    id: String,
}

/// The units a unit may move under: its agency's units but itself and those below it.
fn possible_parents(units: &[Unit], unit: &UnitId) -> Vec<Unit> {
    let below = |u: &Unit| {
        let mut at = Some(u.id.clone());
        let mut steps = 0;
        while let Some(id) = at {
            if &id == unit {
                return true;
            }
            steps += 1;
            if steps > units.len() {
                return false;
            }
            at = units
                .iter()
                .find(|x| x.id == id)
                .and_then(|x| x.parent.clone());
        }
        false
    };
    units.iter().filter(|u| !below(u)).cloned().collect()
}

async fn unit_page(
    state: &AppState,
    c: Ctx,
    unit: Unit,
    f: UnitForm,
    errors: BTreeMap<&'static str, String>,
) -> Result<UnitPage, PageError> {
    let agency = agency(state, unit.agency.as_str()).await?;
    let units = state.store.list_units(&agency.id).await?;
    Ok(UnitPage {
        parents: possible_parents(&units, &unit.id),
        c,
        agency,
        unit,
        f,
        errors,
    })
}

async fn stored_unit(state: &AppState, id: &str) -> Result<Unit, PageError> {
    state
        .store
        .get_unit(&UnitId::new(id))
        .await?
        .ok_or(PageError::NotFound)
}

/// `GET /kantor/referensi/unit/ubah?id=…`.
pub async fn edit(
    State(state): State<AppState>,
    s: StaffCtx,
    Query(w): Query<Which>,
) -> Result<Response, PageError> {
    national(&s)?;
    let unit = stored_unit(&state, &w.id).await?;
    let f = UnitForm {
        id: unit.id.to_string(),
        agency: unit.agency.to_string(),
        name: unit.name.clone(),
        parent: unit
            .parent
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        inspectorate: unit.inspectorate.then(|| "on".to_owned()),
    };
    render(&unit_page(&state, s.c, unit, f, BTreeMap::new()).await?)
}

/// `POST /kantor/referensi/unit/ubah`: renames a unit, moves it, or (un)marks it as the
/// inspectorate. Its id stays, so reports it holds stay with it.
pub async fn save(
    State(state): State<AppState>,
    s: StaffCtx,
    Form(f): Form<UnitForm>,
) -> Result<Response, PageError> {
    national(&s)?;
    let unit = stored_unit(&state, &f.id).await?;
    let c = s.c.clone();
    let mut errors = BTreeMap::new();
    let name = f.name.trim().to_owned();
    if name.is_empty() {
        errors.insert("name", c.t("submit-error-required"));
    } else {
        let changed = Unit {
            name,
            parent: parent_of(&f),
            inspectorate: f.inspectorate.is_some(),
            ..unit.clone()
        };
        match write(&state, &s, changed).await {
            Ok(()) => {
                let to = format!("/kantor/referensi/unit?instansi={}&ok=saved", unit.agency);
                return Ok(back(&to));
            }
            Err(StoreError::Conflict { .. }) => {
                errors.insert("parent", c.t("ref-unit-error-rule"));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let page = unit_page(&state, c, unit, f, errors).await?;
    refused_page(&page, StatusCode::UNPROCESSABLE_ENTITY)
}

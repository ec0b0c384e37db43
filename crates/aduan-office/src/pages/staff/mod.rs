//! Staff administration (`/kantor/staf`) and every staff member's own sessions
//! (`/kantor/sesi`).
//!
//! The national admin manages every staff account; an agency admin manages its own agency's
//! unit officers and sees its fellow agency admins ([`rules`]). A new account or a reset gets a
//! temporary password shown once to the admin, who hands it over; a reset ends every session
//! of the account, and so does disabling it. Every change is an audit entry naming the acting
//! admin and the account, written in the same transaction as the change.

mod account;
mod create;
mod form;
mod password;
mod rules;
mod scope_form;
pub mod sessions;

pub use account::{account, change_scope, reset_password, set_status};
pub use create::create;

use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_domain::AgencyId;
use aduan_domain::actor::Role;
use aduan_portal::Ctx;
use aduan_portal::errors::PageError;
use aduan_portal::render;
use aduan_store::User;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use form::{Errors, NewStaffForm};
use scope_form::{Choice, Names, ScopeForm};
use serde::Deserialize;

/// One account in the list.
pub struct Row {
    /// Id, for its page.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Role, in words.
    pub role: String,
    /// Agency, unit or body, in words.
    pub scope: String,
    /// Disabled.
    pub disabled: bool,
}

impl Row {
    fn of(c: &Ctx, names: &Names, u: &User) -> Self {
        Self {
            id: u.id.0,
            name: u.name.clone(),
            role: c.t(&format!("staff-role-{}", u.role.as_str())),
            scope: names.scope_of(c, u),
            disabled: u.disabled,
        }
    }
}

#[derive(Template)]
#[template(path = "office_staff.html")]
struct StaffPage {
    c: Ctx,
    rows: Vec<Row>,
    /// The agency filter (national admin), with every agency to choose from.
    filter: String,
    agencies: Vec<Choice>,
    national: bool,
    form: NewStaffForm,
    errors: Errors,
    scope: ScopeForm,
}

/// `?instansi=` of the list.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    instansi: String,
}

/// The acting admin, or 403 for staff who administer no accounts.
fn admin(s: &StaffCtx) -> Result<(), PageError> {
    if rules::administers(s.role()) {
        Ok(())
    } else {
        Err(PageError::Forbidden)
    }
}

/// The agency whose staff the page lists: an agency admin's own, or the national admin's
/// choice (none: the national admins, agency admins and supervisors of the whole country).
fn listed_agency(s: &StaffCtx, filter: &str) -> Option<AgencyId> {
    match rules::own_agency(s.role()) {
        Some(own) => Some(own.clone()),
        None => (!filter.trim().is_empty()).then(|| AgencyId::new(filter.trim())),
    }
}

/// Renders the list with the create form (filled in and with errors after a refused create).
async fn list_page(
    state: &AppState,
    s: StaffCtx,
    filter: String,
    form: NewStaffForm,
    errors: Errors,
) -> Result<Response, PageError> {
    let agency = listed_agency(&s, &filter);
    let mut names = Names::load(state, s.role(), agency.as_ref()).await?;
    let staff = state.store.list_staff(agency.as_ref()).await?;
    let rows = staff
        .iter()
        .filter(|u| agency.is_some() || u.role != Role::UnitOfficer)
        .map(|u| Row::of(&s.c, &names, u))
        .collect();
    let mut fields = form.scope();
    if fields.agency.is_empty() {
        fields.agency = agency.map(|a| a.to_string()).unwrap_or_default();
    }
    let scope = ScopeForm::build(state, &s.c, s.role(), &fields, &mut names).await?;
    let agencies = names.agency_choices(&filter);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = render(&StaffPage {
        national: s.is_national(),
        c: s.c,
        rows,
        filter,
        agencies,
        form,
        errors,
        scope,
    })?;
    Ok((status, page).into_response())
}

/// `GET /kantor/staf`: the accounts this admin sees, and the form to create one.
pub async fn list(
    State(state): State<AppState>,
    s: StaffCtx,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    admin(&s)?;
    list_page(
        &state,
        s,
        q.instansi,
        NewStaffForm::default(),
        Errors::default(),
    )
    .await
}

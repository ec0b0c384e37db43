//! `POST /kantor/staf`: a new staff account with a temporary password, shown once to the admin
//! who created it.

use super::form::{self, Errors, NewStaffForm};
use super::{admin, list_page, password, rules};
use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_pagekit::Ctx;
use aduan_pagekit::csrf::Form;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use aduan_store::{NewUser, StaffScope, StoreError, User};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::Response;

/// The page that shows a temporary password, once.
#[derive(Template)]
#[template(path = "office_staff_secret.html")]
struct SecretPage {
    c: Ctx,
    /// The account.
    id: i64,
    /// Its name.
    name: String,
    /// What it logs in with.
    login: String,
    /// The temporary password.
    password: String,
    /// A new account (else a reset).
    created: bool,
}

/// Renders the temporary password of `user`; the page must not be kept by any cache.
pub fn secret_page(
    c: Ctx,
    user: &User,
    password: String,
    created: bool,
) -> Result<Response, PageError> {
    let mut res = render(&SecretPage {
        c,
        id: user.id.0,
        name: user.name.clone(),
        login: user
            .email
            .clone()
            .or_else(|| user.phone.clone())
            .unwrap_or_default(),
        password,
        created,
    })?;
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// `POST /kantor/staf`.
pub async fn create(
    State(state): State<AppState>,
    s: StaffCtx,
    Form(f): Form<NewStaffForm>,
) -> Result<Response, PageError> {
    admin(&s)?;
    let identity = form::identity(&f);
    let scope = form::scope(&state, &f.scope()).await?;
    let (identity, role) = match (identity, scope) {
        (Ok(i), Ok(r)) => (i, r),
        (i, r) => {
            let mut errors = Errors::default();
            errors.merge(i.err().unwrap_or_default());
            errors.merge(r.err().unwrap_or_default());
            let filter = f.agency.clone();
            return list_page(&state, s, filter, f, errors).await;
        }
    };
    if !rules::may_grant(s.role(), &role, state.config.approvers_from_cli) {
        return Err(PageError::Forbidden);
    }
    let temporary = password::temporary_password();
    let scope = StaffScope::of_role(&role);
    let new = NewUser {
        name: identity.name,
        email: identity.email,
        phone: identity.phone,
        nik: None,
        password_hash: Some(password::hash(temporary.clone()).await?),
        role: scope.role,
        agency: scope.agency,
        unit: scope.unit,
        body: scope.body,
    };
    let actor = s.staff.user.to_string();
    match state
        .store
        .create_user(&new, &actor, state.clock.now())
        .await
    {
        Ok(user) => secret_page(s.c, &user, temporary, true),
        Err(StoreError::Conflict { .. }) => {
            let mut errors = Errors::default();
            errors.add("email", "staff-error-taken");
            let filter = f.agency.clone();
            list_page(&state, s, filter, f, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

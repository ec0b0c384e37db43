//! `/kantor/staf/{id}`: one account, and what its admin may do with it: disable or enable it,
//! reset its password (a new temporary password, every session ended), change its scope.

use super::create::secret_page;
use super::form::{self, Errors, ScopeFields};
use super::rules::{self, Reach};
use super::scope_form::{Names, ScopeForm};
use super::{admin, password};
use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_domain::UserId;
use aduan_pagekit::Ctx;
use aduan_pagekit::csrf::Form;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use aduan_store::{StaffScope, User};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "office_staff_account.html")]
struct AccountPage {
    c: Ctx,
    user: User,
    role: String,
    scope_label: String,
    manage: bool,
    /// Read only because it may ask for or approve a reveal, which the server's CLI manages.
    server_only: bool,
    /// `?ok=` after a change: which one.
    ok: String,
    errors: Errors,
    scope: ScopeForm,
}

/// `?ok=` after a change.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    #[serde(default)]
    ok: String,
}

/// The account `id` and what the acting admin may do with it; 404 when it may not see it.
async fn target(state: &AppState, s: &StaffCtx, id: i64) -> Result<(User, Reach), PageError> {
    admin(s)?;
    let user = state
        .store
        .get_user(UserId(id))
        .await?
        .ok_or(PageError::NotFound)?;
    match rules::reach(
        s.role(),
        s.staff.user,
        &user,
        state.config.approvers_from_cli,
    ) {
        Reach::None => Err(PageError::NotFound),
        reach => Ok((user, reach)),
    }
}

/// The account `id`, which the acting admin must manage.
async fn managed(state: &AppState, s: &StaffCtx, id: i64) -> Result<User, PageError> {
    match target(state, s, id).await? {
        (user, Reach::Manage) => Ok(user),
        _ => Err(PageError::Forbidden),
    }
}

async fn account_page(
    state: &AppState,
    s: StaffCtx,
    user: User,
    reach: Reach,
    fields: ScopeFields,
    errors: Errors,
    ok: String,
) -> Result<Response, PageError> {
    let mut names = Names::load(state, s.role(), user.agency.as_ref()).await?;
    let scope = ScopeForm::build(state, &s.c, s.role(), &fields, &mut names).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = render(&AccountPage {
        role: s.c.t(&format!("staff-role-{}", user.role.as_str())),
        scope_label: names.scope_of(&s.c, &user),
        manage: reach == Reach::Manage,
        server_only: reach == Reach::Read
            && rules::reach(s.role(), s.staff.user, &user, false) == Reach::Manage,
        c: s.c,
        user,
        ok,
        errors,
        scope,
    })?;
    Ok((status, page).into_response())
}

/// `GET /kantor/staf/{id}`.
pub async fn account(
    State(state): State<AppState>,
    s: StaffCtx,
    Path(id): Path<i64>,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    let (user, reach) = target(&state, &s, id).await?;
    let fields = ScopeFields::of(&user);
    account_page(&state, s, user, reach, fields, Errors::default(), done.ok).await
}

/// The disable/enable form.
#[derive(Debug, Deserialize)]
pub struct StatusForm {
    /// `1` to disable, `0` to enable.
    #[serde(default)]
    disabled: String,
}

/// `POST /kantor/staf/{id}/status`: disables (ending every session) or enables the account.
pub async fn set_status(
    State(state): State<AppState>,
    s: StaffCtx,
    Path(id): Path<i64>,
    Form(f): Form<StatusForm>,
) -> Result<Response, PageError> {
    let user = managed(&state, &s, id).await?;
    let disabled = match f.disabled.as_str() {
        "1" => true,
        "0" => false,
        _ => return Err(PageError::BadForm),
    };
    let actor = s.staff.user.to_string();
    state
        .store
        .set_user_disabled(user.id, disabled, &actor, state.clock.now())
        .await?;
    Ok(Redirect::to(&format!("/kantor/staf/{id}?ok=status")).into_response())
}

/// `POST /kantor/staf/{id}/sandi`: a new temporary password, shown once; every session of
/// the account ends.
pub async fn reset_password(
    State(state): State<AppState>,
    s: StaffCtx,
    Path(id): Path<i64>,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<Response, PageError> {
    let user = managed(&state, &s, id).await?;
    let temporary = password::temporary_password();
    let hash = password::hash(temporary.clone()).await?;
    let actor = s.staff.user.to_string();
    let user = state
        .store
        .set_user_password(user.id, &hash, &actor, state.clock.now())
        .await?;
    secret_page(s.c, &user, temporary, false)
}

/// `POST /kantor/staf/{id}/lingkup`: a new role and scope, within what the admin may grant.
pub async fn change_scope(
    State(state): State<AppState>,
    s: StaffCtx,
    Path(id): Path<i64>,
    Form(f): Form<ScopeFields>,
) -> Result<Response, PageError> {
    let user = managed(&state, &s, id).await?;
    let role = match form::scope(&state, &f).await? {
        Ok(role) => role,
        Err(errors) => {
            return account_page(&state, s, user, Reach::Manage, f, errors, String::new()).await;
        }
    };
    if !rules::may_grant(s.role(), &role, state.config.approvers_from_cli) {
        return Err(PageError::Forbidden);
    }
    let actor = s.staff.user.to_string();
    state
        .store
        .update_user_scope(
            user.id,
            &StaffScope::of_role(&role),
            &actor,
            state.clock.now(),
        )
        .await?;
    Ok(Redirect::to(&format!("/kantor/staf/{id}?ok=lingkup")).into_response())
}

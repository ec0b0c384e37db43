//! `/kantor/sesi`: a staff member's own live sessions (when each began and ends, the current
//! one marked), and ending one of them or all but the current one. A session is named by a
//! short handle cut from its token hash; neither the token nor its hash is shown.

use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_app::auth::{SESSION_COOKIE, hash_secret};
use aduan_portal::Ctx;
use aduan_portal::csrf::Form;
use aduan_portal::errors::PageError;
use aduan_portal::render;
use aduan_store::{SESSION_HANDLE_CHARS, session_handle};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// One session as its owner sees it.
pub struct SessionRow {
    /// The handle to end it by.
    pub handle: String,
    /// When it began.
    pub created_at: DateTime<Utc>,
    /// When it ends by itself.
    pub expires_at: DateTime<Utc>,
    /// The session of this very page.
    pub current: bool,
}

#[derive(Template)]
#[template(path = "office_sessions.html")]
struct SessionsPage {
    c: Ctx,
    rows: Vec<SessionRow>,
    /// How many sessions were just ended, after a revocation.
    ended: Option<u64>,
}

/// `?berakhir=` after a revocation.
#[derive(Debug, Default, Deserialize)]
pub struct Ended {
    #[serde(default)]
    berakhir: Option<u64>,
}

/// The token hash of the session this request came with.
fn current_hash(jar: &CookieJar) -> Result<String, PageError> {
    jar.get(SESSION_COOKIE)
        .map(|c| hash_secret(c.value()))
        .ok_or(PageError::LoginRequired)
}

/// `GET /kantor/sesi`.
pub async fn page(
    State(state): State<AppState>,
    s: StaffCtx,
    jar: CookieJar,
    Query(q): Query<Ended>,
) -> Result<Response, PageError> {
    let current = current_hash(&jar)?;
    let live = state
        .store
        .list_live_sessions(s.staff.user, state.clock.now())
        .await?;
    let rows = live
        .into_iter()
        .map(|l| SessionRow {
            current: l.handle == session_handle(&current),
            handle: l.handle,
            created_at: l.created_at,
            expires_at: l.expires_at,
        })
        .collect();
    render(&SessionsPage {
        c: s.c,
        rows,
        ended: q.berakhir,
    })
}

/// The form that ends one session.
#[derive(Debug, Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    handle: String,
}

/// `POST /kantor/sesi/akhiri`: ends one of the staff member's other sessions.
pub async fn revoke(
    State(state): State<AppState>,
    s: StaffCtx,
    jar: CookieJar,
    Form(f): Form<RevokeForm>,
) -> Result<Response, PageError> {
    let current = current_hash(&jar)?;
    let well_formed = f.handle.len() == SESSION_HANDLE_CHARS
        && f.handle
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
    if !well_formed || f.handle == session_handle(&current) {
        return Err(PageError::BadForm);
    }
    let ended = state
        .store
        .revoke_session_by_handle(s.staff.user, &f.handle, state.clock.now())
        .await?;
    Ok(Redirect::to(&format!("/kantor/sesi?berakhir={}", u64::from(ended))).into_response())
}

/// `POST /kantor/sesi/akhiri-lainnya`: ends every session but this one.
pub async fn revoke_others(
    State(state): State<AppState>,
    s: StaffCtx,
    jar: CookieJar,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<Response, PageError> {
    let current = current_hash(&jar)?;
    let ended = state
        .store
        .revoke_other_sessions(s.staff.user, &current, state.clock.now())
        .await?;
    Ok(Redirect::to(&format!("/kantor/sesi?berakhir={ended}")).into_response())
}

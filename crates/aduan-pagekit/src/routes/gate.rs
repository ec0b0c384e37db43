//! The table's gate: what it refuses before a handler runs.

use super::{Access, Scope, Who};
use crate::errors::PageError;
use aduan_app::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use std::sync::Arc;

/// The gate's table: each route's access by method and path.
pub(super) type Table = HashMap<(Method, String), Access>;

/// The account a page's gate found signed in, for [`crate::Ctx`] to take without reading the
/// session again.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Option<aduan_store::Session>);

/// The gate: the login page for a visitor not signed in where an account is needed, the
/// forbidden page for an account of a kind not admitted; and, before a form about a report is
/// read, the not-found page where the report is not in the visitor's scope.
pub(super) async fn check(
    State((state, gate)): State<(AppState, Arc<Table>)>,
    mut req: Request,
    next: Next,
) -> Response {
    let template = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned());
    // A HEAD is answered by the GET handler, so it passes the GET's gate.
    let method = match *req.method() {
        Method::HEAD => Method::GET,
        ref m => m.clone(),
    };
    let access = template
        .as_ref()
        .and_then(|p| gate.get(&(method, p.clone())));
    let Some(access) = access.copied() else {
        // A method the table does not state for this path is not allowed, even where a route's
        // method router would serve it: nothing reaches a handler without its access.
        return axum::http::StatusCode::METHOD_NOT_ALLOWED.into_response();
    };
    let form_on_report = req.method() != Method::GET
        && matches!(access.scope, Scope::Visible | Scope::Own | Scope::Public);
    if access.who == Who::Anyone && !form_on_report {
        return next.run(req).await;
    }
    let session = crate::ctx::live_session(req.headers(), &state).await;
    let refused = match (&session, access.who) {
        (_, Who::Anyone) => None,
        (None, _) => Some(login(&req)),
        (Some(s), who) if !who.admits(s.user.role, state.config.reveal_approver) => {
            Some(PageError::Forbidden.into_response())
        }
        _ => None,
    };
    if let Some(refused) = refused {
        return refused;
    }
    if form_on_report {
        let id = template
            .as_deref()
            .and_then(|t| path_param(t, req.uri().path(), "{id}"));
        let Some(id) = id else {
            return PageError::NotFound.into_response();
        };
        let client = aduan_app::limiter::ClientAddr::of(
            req.extensions()
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip()),
            req.headers(),
            &state,
        );
        let in_scope = report_in_scope(&state, client, session.as_ref(), &id, access.scope).await;
        match in_scope {
            Ok(true) => {}
            // A browser holding an access code for this report is judged by the handler, which
            // checks the code once (and counts a wrong one against the limit on guessing).
            Ok(false) if crate::security::remembered_code(req.headers(), &id).is_some() => {}
            Ok(false) => return PageError::NotFound.into_response(),
            Err(e) => return PageError::from(e).into_response(),
        }
    }
    req.extensions_mut().insert(SignedIn(session));
    next.run(req).await
}

/// The value `path` has where `template` has `name`.
fn path_param(template: &str, path: &str, name: &str) -> Option<String> {
    let at = template.split('/').position(|s| s == name)?;
    path.split('/').nth(at).map(str::to_owned)
}

/// Whether report `id` is in the scope of the visitor (by their account alone, never an access
/// code): one they may see, their own, or (for a public one) one they may see at all, the
/// handler refusing what is not public. A missing report is not in anyone's scope.
async fn report_in_scope(
    state: &AppState,
    client: aduan_app::limiter::ClientAddr,
    session: Option<&aduan_store::Session>,
    id: &str,
    scope: Scope,
) -> Result<bool, aduan_app::error::AppError> {
    let caller = aduan_app::auth::Caller {
        user: session.map(|s| s.user.clone()),
        second_factor: session.is_some_and(|s| s.second_factor_at.is_some()),
        via: aduan_app::auth::Via::Portal,
        ..aduan_app::auth::Caller::anonymous(client)
    };
    if scope == Scope::Public {
        // A public report is in everyone's scope, even staff of another unit.
        let public = aduan_app::auth::Caller::anonymous(client);
        if found(state, &public, id)
            .await?
            .is_some_and(|s| s.visibility().report())
        {
            return Ok(true);
        }
    }
    Ok(found(state, &caller, id).await?.is_some_and(|s| {
        let sees = s.visibility().report();
        match scope {
            Scope::Own => sees && s.is_reporter(),
            _ => sees,
        }
    }))
}

/// Report `id` as `caller` sees it; none when it does not exist.
async fn found(
    state: &AppState,
    caller: &aduan_app::auth::Caller,
    id: &str,
) -> Result<Option<aduan_app::reports::viewer::Viewed>, aduan_app::error::AppError> {
    match aduan_app::reports::read::load(state, caller, id).await {
        Ok(seen) => Ok(Some(seen)),
        Err(aduan_app::error::AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// To the login page, then back here (to the page a form was sent from, for a form).
fn login(req: &Request) -> Response {
    let back = if req.method() == Method::GET {
        req.uri()
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_owned()
    } else {
        "/".to_owned()
    };
    let next: String = serde_urlencoded::to_string([("next", back.as_str())]).unwrap_or_default();
    Redirect::to(&format!("/akun/masuk?{next}")).into_response()
}

//! The gate every API request passes before its handler reads anything: it looks up the
//! matched operation's `x-access` in the OpenAPI document (see [`crate::api::access`]), the
//! same table the router was built from, and refuses a caller the operation does not admit,
//! `401` without the credentials it needs and `403` for an account of another kind, before the
//! body or the query is read. A caller who may not call an operation thus never learns what it
//! would have accepted. What the gate cannot settle from the credentials alone (a reporter's
//! access code, which may travel in the body; a partner's key; the subject's scope) is left to
//! the handler and the use case, which check it again in any case.

use crate::api::access::Who;
use crate::auth::Auth;
use crate::error::ApiError;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_domain::Role;
use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::Arc;

/// What an operation's `x-access` admits.
#[derive(Debug, Clone, Default)]
struct Admits {
    anyone: bool,
    reporter: bool,
    partner: bool,
    roles: Vec<Role>,
    /// The credential travels in the body: only the handler can judge it.
    in_body: bool,
}

/// An operation's `x-access` as the gate reads it.
#[derive(serde::Deserialize)]
struct Stated {
    who: Vec<Who>,
    #[serde(default)]
    credential_in_body: bool,
}

/// Each operation's admitted callers, by method and full path template.
#[derive(Debug, Default)]
pub struct Gate {
    operations: HashMap<(Method, String), Admits>,
}

impl Gate {
    /// The gate of `doc`'s operations, whose paths lie under `prefix` (the server's base path)
    /// unless they name their own servers.
    pub fn from_doc(doc: &utoipa::openapi::OpenApi, prefix: &str) -> Gate {
        let mut operations = HashMap::new();
        for (path, item) in &doc.paths.paths {
            let full = if item.servers.is_some() {
                path.clone()
            } else {
                format!("{prefix}{path}")
            };
            let methods = [
                (Method::GET, &item.get),
                (Method::PUT, &item.put),
                (Method::POST, &item.post),
                (Method::DELETE, &item.delete),
                (Method::PATCH, &item.patch),
            ];
            for (method, op) in methods {
                let Some(op) = op else { continue };
                let stated = op
                    .extensions
                    .as_ref()
                    .and_then(|e| e.get("x-access"))
                    .and_then(|a| serde_json::from_value::<Stated>(a.clone()).ok());
                // An operation whose access cannot be read admits nobody (fails closed).
                let admits = stated.map_or_else(Admits::default, |s| Admits {
                    in_body: s.credential_in_body,
                    ..admits(&s.who)
                });
                operations.insert((method, full.clone()), admits);
            }
        }
        Gate { operations }
    }
}

fn admits(who: &[Who]) -> Admits {
    let mut a = Admits::default();
    for w in who {
        match w {
            Who::Anyone => a.anyone = true,
            Who::Reporter => a.reporter = true,
            Who::Partner => a.partner = true,
            Who::Citizen => a.roles.push(Role::Citizen),
            Who::NationalAdmin => a.roles.push(Role::NationalAdmin),
            Who::AgencyAdmin => a.roles.push(Role::AgencyAdmin),
            Who::UnitOfficer => a.roles.push(Role::UnitOfficer),
            Who::Supervisor => a.roles.push(Role::Supervisor),
        }
    }
    a
}

/// The middleware: refuses what the matched operation does not admit; an account it signed
/// in is handed on, so the handler's [`Auth`] does not read the session again.
pub async fn check(
    State((state, gate)): State<(AppState, Arc<Gate>)>,
    req: Request,
    next: Next,
) -> Response {
    let path = req
        .extensions()
        .get::<MatchedPath>()
        .map(MatchedPath::as_str);
    // A HEAD is answered by the GET handler, so it passes the GET's gate.
    let method = match *req.method() {
        Method::HEAD => Method::GET,
        ref m => m.clone(),
    };
    let admits = path.and_then(|p| gate.operations.get(&(method, p.to_owned())));
    let Some(admits) = admits.cloned() else {
        // Router and document come from one `OpenApiRouter`: a method the document lacks has
        // no handler, and the router answers it `405 Method Not Allowed`.
        return next.run(req).await;
    };
    if admits.anyone || admits.reporter || admits.in_body {
        return next.run(req).await;
    }
    if admits.partner && admits.roles.is_empty() {
        // The partner API: its key is checked by the handler's extractor.
        return if crate::api::partner::presented_key(req.headers()).is_some() {
            next.run(req).await
        } else {
            ApiError::from(AppError::Unauthorized).into_response()
        };
    }
    let (mut parts, body) = req.into_parts();
    let auth = match Auth::from_request_parts(&mut parts, &state).await {
        Ok(auth) => auth,
        Err(e) => return e.into_response(),
    };
    let refused = match auth.0.user.as_ref() {
        None => Some(AppError::Unauthorized),
        Some(user) if !admits.roles.contains(&user.role) => Some(AppError::Forbidden),
        Some(_) => None,
    };
    if let Some(e) = refused {
        return ApiError::from(e).into_response();
    }
    parts.extensions.insert(auth);
    next.run(Request::from_parts(parts, body)).await
}

#[cfg(test)]
mod tests {
    use super::Stated;

    #[test]
    fn every_operation_of_the_document_states_an_access_the_gate_reads() {
        let doc = crate::openapi_document();
        let mut unread = Vec::new();
        for (path, item) in &doc.paths.paths {
            let ops = [&item.get, &item.put, &item.post, &item.delete, &item.patch];
            for op in ops.into_iter().flatten() {
                let stated = op
                    .extensions
                    .as_ref()
                    .and_then(|e| e.get("x-access"))
                    .and_then(|a| serde_json::from_value::<Stated>(a.clone()).ok());
                if stated.is_none_or(|s| s.who.is_empty()) {
                    unread.push(path.clone());
                }
            }
        }
        assert!(unread.is_empty(), "no access the gate reads: {unread:?}");
    }
}

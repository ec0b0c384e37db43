//! Only staff enter the back office: [`StaffCtx`] is the page context of a logged-in staff
//! member with a complete scope; anyone else is sent to the login page or refused.

use aduan_app::AppState;
use aduan_app::auth::Caller;
use aduan_domain::actor::{Staff, StaffRole};
use aduan_pagekit::Ctx;
use aduan_pagekit::errors::PageError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};

/// The page context of a staff member.
#[derive(Debug, Clone)]
pub struct StaffCtx {
    /// The page context (language, CSRF token, account).
    pub c: Ctx,
    /// The staff member and their role with its scope.
    pub staff: Staff,
}

impl StaffCtx {
    /// The role.
    pub fn role(&self) -> &StaffRole {
        &self.staff.role
    }

    /// The caller, as the shared API handlers take it.
    pub fn caller(&self) -> Caller {
        Caller {
            user: self.c.user.clone(),
            client: self.c.client,
            second_factor: self.c.second_factor,
            via: aduan_app::auth::Via::Office,
            ..Caller::default()
        }
    }

    /// Whether this is the national admin.
    pub fn is_national(&self) -> bool {
        matches!(self.staff.role, StaffRole::NationalAdmin)
    }
}

/// Why the back office was refused.
pub enum Refused {
    /// Not logged in: to the login page, then back.
    Login(String),
    /// Logged in but not staff.
    NotStaff(PageError),
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        match self {
            Refused::Login(back) => {
                let next: String =
                    serde_urlencoded::to_string([("next", back.as_str())]).unwrap_or_default();
                Redirect::to(&format!("/akun/masuk?{next}")).into_response()
            }
            Refused::NotStaff(e) => e.into_response(),
        }
    }
}

impl FromRequestParts<AppState> for StaffCtx {
    type Rejection = Refused;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Refused> {
        let Ok(c) = Ctx::from_request_parts(parts, state).await;
        let Some(user) = c.user.clone() else {
            return Err(Refused::Login(c.path.clone()));
        };
        let Some(role) = user.staff_role() else {
            return Err(Refused::NotStaff(PageError::Forbidden));
        };
        Ok(StaffCtx {
            c,
            staff: Staff {
                user: user.id,
                role,
            },
        })
    }
}

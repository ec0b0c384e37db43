//! The account pages: register, log in and out, reset a forgotten password, the account home
//! with "my reports", notification preferences, downloading one's data and erasing one's
//! identity (UU 27/2022). Accounts, sessions and passwords follow the JSON API's rules: these
//! pages call the same use cases and validation (`aduan_app::accounts`) instead of repeating them.

mod data;
mod erase;
mod fields;
mod home;
mod login;
mod prefs;
mod register;
mod reset;

pub use data::download;
pub use erase::{erase, erase_page, erased_page};
pub use home::home;
pub use login::{login, login_page, logout};
pub use prefs::{prefs_page, save_prefs};
pub use register::{confirm, confirm_page, register, register_page};
pub use reset::{forgot, forgot_page, new_password, new_password_page};

use aduan_app::AppState;
use aduan_app::auth::{Caller, SESSION_COOKIE, hash_secret, session_cookie_removal};
use aduan_pagekit::ctx::Ctx;
use aduan_store::User;
use axum::http::HeaderMap;
use axum::response::Redirect;
use axum_extra::extract::CookieJar;
use serde::Deserialize;

/// A form that carries nothing but its CSRF token.
#[derive(Deserialize)]
pub struct Empty {}

/// Where to go after logging in: a path on this site, else the account home. Refuses
/// protocol-relative and backslash tricks and control characters a browser would drop.
pub fn safe_next(next: &str) -> String {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && !next.starts_with("/akun/keluar");
    if ok {
        next.to_owned()
    } else {
        "/akun".to_owned()
    }
}

/// The logged-in account, or a redirect to the login page that comes back to this page.
pub fn require_user(c: &Ctx) -> Result<User, Redirect> {
    match &c.user {
        Some(u) => Ok(u.clone()),
        None => {
            let query =
                serde_urlencoded::to_string([("next", c.path.as_str())]).unwrap_or_default();
            Err(Redirect::to(&format!("/akun/masuk?{query}")))
        }
    }
}

/// Revokes the session behind the request's cookie (if any) and returns the jar that removes
/// the cookie from the browser.
pub async fn end_session(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<CookieJar, aduan_pagekit::errors::PageError> {
    let jar = CookieJar::from_headers(headers);
    if let Some(token) = jar.get(SESSION_COOKIE) {
        let caller = Caller {
            token_hash: Some(hash_secret(token.value())),
            ..Caller::default()
        };
        aduan_app::accounts::logout(state, &caller).await?;
    }
    Ok(jar.remove(session_cookie_removal()))
}

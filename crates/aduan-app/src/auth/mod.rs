//! Who is calling: sessions (bearer token or cookie) and reporters' access codes. The names of
//! the session cookie and the access-code header are shared by every HTTP edge (API and pages).

mod caller;
mod secrets;

pub use caller::{Caller, Via};
pub(crate) use secrets::CROCKFORD;
pub use secrets::{
    access_code, chat_answers_prefix, chat_digest, codes_match, hash_secret, keyed_sha256,
    normalise_access_code, session_token,
};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "aduan_session";
/// The header that carries a reporter's access code.
pub const ACCESS_CODE_HEADER: &str = "x-access-code";

/// The session cookie a login sets, the same from the API and the pages: readable by no
/// script, sent on top-level navigation from other sites but not on their requests, secure
/// behind TLS, for the whole site, as long as a session lasts.
pub fn session_cookie(config: &crate::AppConfig, token: String) -> cookie::Cookie<'static> {
    cookie::Cookie::build((SESSION_COOKIE, token))
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(config.secure_cookies())
        .path("/")
        .max_age(cookie::time::Duration::hours(config.session_hours))
        .build()
}

/// What forgets the session cookie (a logout, an erased account).
pub fn session_cookie_removal() -> cookie::Cookie<'static> {
    cookie::Cookie::build(SESSION_COOKIE).path("/").build()
}

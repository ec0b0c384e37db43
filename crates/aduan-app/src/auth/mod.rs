//! Who is calling: sessions (bearer token or cookie) and reporters' access codes. The names of
//! the session cookie and the access-code header are shared by every HTTP edge (API and pages).

mod caller;
mod secrets;

pub use caller::Caller;
pub use secrets::{access_code, hash_secret, normalise_access_code, session_token};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "aduan_session";
/// The header that carries a reporter's access code.
pub const ACCESS_CODE_HEADER: &str = "x-access-code";

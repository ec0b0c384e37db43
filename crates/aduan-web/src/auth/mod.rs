//! Who is calling: sessions (bearer token or cookie) and reporters' access codes.

mod extract;
mod secrets;

pub use extract::Caller;
pub use secrets::{access_code, hash_secret, normalise_access_code, session_token};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "aduan_session";
/// The header that carries a reporter's access code.
pub const ACCESS_CODE_HEADER: &str = "x-access-code";

//! CSRF protection: a random token in an HttpOnly, SameSite=Strict cookie, repeated in a
//! hidden field of every form, compared in constant time by [`Form`] before a handler runs.

use crate::ctx::cookie_secure;
use aduan_app::AppState;
use axum::extract::{FromRequest, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use rand::RngCore;
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// The cookie holding the CSRF token.
pub const CSRF_COOKIE: &str = "aduan_csrf";

/// The token of this request, placed in its extensions by [`ensure_token`].
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

fn new_token() -> String {
    let mut bytes = [0u8; 24];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Gives every visitor a CSRF token cookie (set on the first response).
pub async fn ensure_token(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let existing = CookieJar::from_headers(req.headers())
        .get(CSRF_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == 48 && v.bytes().all(|b| b.is_ascii_hexdigit()));
    let (token, fresh) = match existing {
        Some(t) => (t, false),
        None => (new_token(), true),
    };
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut res = next.run(req).await;
    if fresh {
        let secure = if cookie_secure(&state) {
            "; Secure"
        } else {
            ""
        };
        // Long-lived, so that a form kept by the service worker for offline use still carries
        // a token the server accepts when it is finally sent.
        let cookie = format!(
            "{CSRF_COOKIE}={token}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Strict{secure}"
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// Equal in constant time.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[derive(Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf: String,
}

/// A URL-encoded form whose `csrf` field matched the cookie. Rejects with 403 otherwise.
pub struct Form<T>(pub T);

/// Why a form was refused.
pub enum FormRejection {
    /// The token was missing or wrong.
    Csrf,
    /// The body was not a form of the expected shape.
    Invalid,
}

impl IntoResponse for FormRejection {
    fn into_response(self) -> Response {
        match self {
            FormRejection::Csrf => crate::errors::PageError::Csrf.into_response(),
            FormRejection::Invalid => crate::errors::PageError::BadForm.into_response(),
        }
    }
}

/// Checks a token given in a form against the request's cookie token.
pub fn check(expected: Option<&CsrfToken>, given: &str) -> bool {
    expected.is_some_and(|t| !given.is_empty() && same(&t.0, given))
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = FormRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let expected = req.extensions().get::<CsrfToken>().cloned();
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| FormRejection::Invalid)?;
        let field: CsrfField =
            serde_urlencoded::from_bytes(&bytes).map_err(|_| FormRejection::Invalid)?;
        if !check(expected.as_ref(), &field.csrf) {
            return Err(FormRejection::Csrf);
        }
        serde_urlencoded::from_bytes(&bytes)
            .map(Form)
            .map_err(|_| FormRejection::Invalid)
    }
}

//! The language switch: remembers the choice in a cookie and goes back to the page.

use crate::csrf::Form;
use crate::ctx::{LANG_COOKIE, cookie_secure};
use aduan_app::AppState;
use aduan_i18n::Lang;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct SwitchForm {
    lang: String,
    #[serde(default)]
    next: String,
}

/// A path on this site to go back to; anything else goes home.
pub fn local_path(next: &str) -> String {
    let ok = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    if ok { next.to_owned() } else { "/".to_owned() }
}

/// `POST /bahasa`.
pub async fn switch(State(state): State<AppState>, Form(form): Form<SwitchForm>) -> Response {
    let lang = Lang::parse(&form.lang).unwrap_or_default();
    let secure = if cookie_secure(&state) {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        lang.code()
    );
    let mut res = Redirect::to(&local_path(&form.next)).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

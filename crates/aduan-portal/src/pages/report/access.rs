//! A reporter's access code, remembered for one report in a cookie that only that report's
//! pages receive (HttpOnly, SameSite=Strict): the code never appears in a URL.

use aduan_app::AppState;
use aduan_app::auth::normalise_access_code;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;

fn cookie_name(tracking_id: &str) -> String {
    format!(
        "{}{}",
        aduan_pagekit::security::ACCESS_COOKIE_PREFIX,
        tracking_id.to_ascii_uppercase()
    )
}

/// Sets the cookie that lets this browser act as the reporter of `tracking_id`.
pub fn remember(state: &AppState, res: &mut Response, tracking_id: &str, code: &str) {
    let secure = if state.config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let id = tracking_id.to_ascii_uppercase();
    let value = format!(
        "{}={}; Path=/laporan/{id}; Max-Age=2592000; HttpOnly; SameSite=Strict{secure}",
        cookie_name(&id),
        normalise_access_code(code)
    );
    if let Ok(v) = HeaderValue::from_str(&value) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// The code this browser holds for `tracking_id`.
pub fn code(headers: &HeaderMap, tracking_id: &str) -> Option<String> {
    aduan_pagekit::security::remembered_code(headers, tracking_id)
}

//! Open311 GeoReport v2 as use cases: the services (Aduan's active categories), the public
//! service requests (non-confidential reports after dispatch, never a reporter's identity),
//! one request, the token of a filing, and a new request filed by a partner system through
//! [`crate::partners::filing::file`]. The edge `aduan-open311` only renders these as JSON or
//! XML.
//!
//! - **service_code**: a category id with each `/` written as `.` (`infrastruktur/jalan` →
//!   `infrastruktur.jalan`); letters, digits, `-` and `_` stay, any other byte is written as
//!   `~` and two hex digits. Every code is made only of URL-unreserved characters, and
//!   [`category_of`] reverses [`service_code`] exactly.
//! - **status**: `open` for the open statuses (submitted, postponed, dispatched,
//!   in_progress), `closed` for the others; the public only ever sees dispatched, in_progress
//!   and completed reports.

mod filing;
mod requests;
pub(crate) mod services;

pub use filing::{NewRequest, Posted, TOKEN_PREFIX, post_request, token};
pub use requests::{RequestQuery, ServiceRequest, request, requests};
pub use services::{Service, service, services};

use aduan_domain::Status;

/// The service code of category `id` (see the module's documentation).
pub fn service_code(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        match b {
            b'/' => out.push('.'),
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' => out.push(b as char),
            other => out.push_str(&format!("~{other:02X}")),
        }
    }
    out
}

/// The category id a service code names; `None` when it is not one [`service_code`] makes.
pub fn category_of(code: &str) -> Option<String> {
    let bytes = code.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'.' => out.push(b'/'),
            b'~' => {
                let hex = code.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b @ (b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_') => out.push(b),
            _ => return None,
        }
        i += 1;
    }
    let id = String::from_utf8(out).ok()?;
    // One spelling per category: an escape `service_code` would not write (`~61` for `a`,
    // lower-case hex) names none.
    (!id.is_empty() && service_code(&id) == code).then_some(id)
}

/// `open` or `closed`, as GeoReport v2 knows a request's status.
pub fn open311_status(status: Status) -> &'static str {
    if status.is_open() { "open" } else { "closed" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_category_id_becomes_a_url_safe_code_and_back() {
        for id in [
            "infrastruktur",
            "infrastruktur/jalan",
            "a/b/c",
            "pajak_daerah/pbb-p2",
            "dinas kesehatan/ibu & anak",
            "kategori.lama",
            "kesehatan/bpjs~",
        ] {
            let code = service_code(id);
            assert!(
                code.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b)),
                "{code}"
            );
            assert_eq!(category_of(&code).as_deref(), Some(id), "{code}");
        }
        assert_eq!(service_code("infrastruktur/jalan"), "infrastruktur.jalan");
    }

    #[test]
    fn a_code_no_category_could_have_made_names_none() {
        for code in ["", "a/b", "a~2", "a~zz", "a~2F", "a~61", "a~2e", "a%20b"] {
            assert_eq!(category_of(code), None, "{code}");
        }
    }

    #[test]
    fn open_statuses_are_open_and_the_rest_closed() {
        assert_eq!(open311_status(Status::Dispatched), "open");
        assert_eq!(open311_status(Status::InProgress), "open");
        assert_eq!(open311_status(Status::Submitted), "open");
        assert_eq!(open311_status(Status::Completed), "closed");
        assert_eq!(open311_status(Status::Archived), "closed");
    }
}

//! `POST requests`: a partner system files a report through Open311 with its partner key as
//! `api_key`. The request becomes a partner filing ([`crate::partners::filing::file`]), so the
//! partner's scope, the channel `api:<slug>`, the receipt to the reporter and the webhooks
//! all apply as in the JSON partner API.
//!
//! - The reporter is anonymous unless the request gives a contact field (`email`,
//!   `first_name`, `last_name`, `phone`); with one, the identity is kept like any reporter's
//!   and the public sees "Pelapor", never the name. `device_id` and `account_id` are not
//!   stored.
//! - `media_url` is kept as a link at the end of the report's text; it is never fetched.
//! - The location is `address_string` (or the coordinates written out), `address_id` as its
//!   Kemendagri region code, and `lat`/`long`.
//! - The partner's reference is `open311-<slug>-<32 hex digits>`, returned as the `token`.

use super::requests::MEDIA_MARKER;
use crate::AppState;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::partners::access::authenticate;
use crate::partners::filing::{PartnerReportRequest, file};
use crate::reports::intake::{LocationInput, ReporterInput};
use rand::RngCore;

/// What every Open311 token (a partner reference) starts with.
pub const TOKEN_PREFIX: &str = "open311-";

/// A `POST requests` form as given; every field optional here, checked by [`post_request`].
#[derive(Debug, Default, Clone)]
pub struct NewRequest {
    /// The partner's key.
    pub api_key: Option<String>,
    /// The service (category) code.
    pub service_code: Option<String>,
    /// WGS-84 latitude.
    pub lat: Option<String>,
    /// WGS-84 longitude.
    pub long: Option<String>,
    /// The place in words.
    pub address_string: Option<String>,
    /// A Kemendagri region code (`35.78`).
    pub address_id: Option<String>,
    /// The report's text.
    pub description: Option<String>,
    /// The reporter's e-mail address.
    pub email: Option<String>,
    /// The reporter's first name.
    pub first_name: Option<String>,
    /// The reporter's last name.
    pub last_name: Option<String>,
    /// The reporter's phone number.
    pub phone: Option<String>,
    /// A link to a photo or other media (kept in the text, never fetched).
    pub media_url: Option<String>,
    /// The request's `Idempotency-Key` header (Aduan's addition to the specification): a
    /// repeat with the same key from the same partner answers the first request.
    pub idempotency_key: Option<String>,
}

/// What filing answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posted {
    /// The tracking id.
    pub service_request_id: String,
    /// The partner reference, for `GET tokens/{token}`.
    pub token: String,
    /// What happens next.
    pub service_notice: String,
}

/// Whether `url` is a link kept as `media_url`: http or https, no spaces, at most 500 bytes.
pub(crate) fn media_url_ok(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.len() > "https://".len()
        && url.len() <= 500
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn given(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

fn number(errors: &mut FieldErrors, field: &str, v: &Option<String>) -> Option<f64> {
    let v = given(v)?;
    let n = v.parse::<f64>().ok().filter(|n| n.is_finite());
    if n.is_none() {
        errors.insert(field.into(), "invalid".into());
    }
    n
}

fn new_token(slug: &str) -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    format!("{TOKEN_PREFIX}{slug}-{}", hex::encode(bytes))
}

/// The token of a request sent with an idempotency key: the same for every repeat, so that
/// the partner filing finds the first report under it.
fn token_for_key(slug: &str, key: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(format!("{slug}\n{}", key.trim()));
    format!("{TOKEN_PREFIX}{slug}-{}", hex::encode(&digest[..16]))
}

/// The partner slug a token names, if it has the token's shape.
fn slug_of(token: &str) -> Option<&str> {
    let (slug, random) = token.strip_prefix(TOKEN_PREFIX)?.rsplit_once('-')?;
    let hex = random.len() == 32 && random.bytes().all(|b| b.is_ascii_hexdigit());
    (hex && !slug.is_empty()).then_some(slug)
}

/// The tracking id of the report filed under `token`; `not_found` for any other token.
pub async fn token(state: &AppState, token: &str) -> AppResult<String> {
    let slug = slug_of(token).ok_or(AppError::NotFound)?;
    let filed = state.store.partner_report(slug, token).await?;
    filed
        .map(|f| f.tracking_id.to_string())
        .ok_or(AppError::NotFound)
}

/// The reporter of a request with a contact field; `None` (anonymous) without one.
fn reporter(req: &NewRequest) -> Option<ReporterInput> {
    let name = [given(&req.first_name), given(&req.last_name)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let (email, phone) = (given(&req.email), given(&req.phone));
    if name.is_empty() && email.is_none() && phone.is_none() {
        return None;
    }
    Some(ReporterInput {
        name: (!name.is_empty()).then_some(name),
        email,
        phone,
        ..ReporterInput::default()
    })
}

/// Files `req` for the partner whose key it carries: `unauthorized` for a bad key, field
/// errors for a missing or malformed field, and the partner filing's own refusals (scope).
pub async fn post_request(state: &AppState, req: NewRequest) -> AppResult<Posted> {
    let caller = authenticate(state, req.api_key.as_deref()).await?;
    let mut errors = FieldErrors::new();
    let category = match given(&req.service_code) {
        None => {
            errors.insert("service_code".into(), "required".into());
            None
        }
        Some(code) => match super::service(state, &code).await {
            Ok(service) => Some(service.category),
            Err(AppError::NotFound) => {
                errors.insert("service_code".into(), "not_found".into());
                None
            }
            Err(e) => return Err(e),
        },
    };
    let description = given(&req.description);
    if description.is_none() {
        errors.insert("description".into(), "required".into());
    }
    let lat = number(&mut errors, "lat", &req.lat);
    let lon = number(&mut errors, "long", &req.long);
    let (address, region) = (given(&req.address_string), given(&req.address_id));
    if address.is_none() && region.is_none() && (lat.is_none() || lon.is_none()) {
        errors
            .entry("lat".into())
            .or_insert_with(|| "location_required".into());
    }
    let media = given(&req.media_url);
    if media.as_deref().is_some_and(|m| !media_url_ok(m)) {
        errors.insert("media_url".into(), "invalid".into());
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let mut body = description.unwrap_or_default();
    if let Some(url) = &media {
        body.push_str(MEDIA_MARKER);
        body.push_str(url);
    }
    let text = address
        .or_else(|| lat.zip(lon).map(|(a, o)| format!("{a}, {o}")))
        .or_else(|| region.clone())
        .unwrap_or_default();
    let reporter = reporter(&req);
    let key = req
        .idempotency_key
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 200);
    let reference = match key {
        Some(k) => token_for_key(caller.slug(), k),
        None => new_token(caller.slug()),
    };
    let filed = file(
        state,
        &caller,
        None,
        PartnerReportRequest {
            reference: reference.clone(),
            kind: "complaint".into(),
            title: None,
            body,
            incident_date: None,
            location: Some(LocationInput {
                text,
                region_code: region,
                lat,
                lon,
            }),
            // A partner that files for one agency asks for it (the partners' filing rule);
            // others rely on the region (`address_id`) to lie within theirs.
            requested_agency: None,
            category,
            anonymous: reporter.is_none(),
            confidential: None,
            show_name: false,
            reporter,
        },
    )
    .await?;
    let days = state.config.sla.verification;
    Ok(Posted {
        service_request_id: filed.tracking_id.clone(),
        token: reference,
        service_notice: format!(
            "Laporan {} diterima. Admin memverifikasinya dalam {days} hari kerja, lalu \
             meneruskannya ke instansi yang berwenang.",
            filed.tracking_id
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_names_the_partner_that_filed_it() {
        let token = new_token("lapor-jatim");
        assert_eq!(slug_of(&token), Some("lapor-jatim"));
        assert_eq!(slug_of("open311-lapor-jatim-xyz"), None);
        assert_eq!(slug_of("JTM-0001"), None);
    }

    #[test]
    fn only_a_plain_web_link_is_kept_as_media() {
        assert!(media_url_ok("https://foto.contoh.id/lubang.jpg"));
        assert!(media_url_ok("http://foto.contoh.id/a?b=c"));
        assert!(!media_url_ok("file:///etc/passwd"));
        assert!(!media_url_ok("https://a b"));
        assert!(!media_url_ok("javascript:alert(1)"));
    }
}

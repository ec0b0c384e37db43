//! `/kantor/dua-langkah`: a staff member's own second factor (TOTP with recovery codes),
//! through [`aduan_app::second_factor`]: set up (the secret as a QR code and as text),
//! confirmed with a first code (the recovery codes shown once), renewed codes, turned off.

use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_app::auth::{Caller, SESSION_COOKIE, hash_secret};
use aduan_app::error::AppError;
use aduan_app::second_factor::{self, Enrolment, SecondFactorStatus};
use aduan_pagekit::Ctx;
use aduan_pagekit::csrf::Form;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::render;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "office_second_factor.html")]
struct Page {
    c: Ctx,
    status: SecondFactorStatus,
    /// The set-up waiting for its first code.
    waiting: Option<Enrolment>,
    /// The QR code of `waiting`'s link, as SVG.
    qr: String,
    /// Recovery codes just made (shown once).
    codes: Vec<String>,
    /// The last code was wrong.
    wrong: bool,
}

/// A code typed into a form.
#[derive(Debug, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// The caller with this request's session (the confirmation marks it as having passed).
fn caller(s: &StaffCtx, jar: &CookieJar) -> Caller {
    Caller {
        token_hash: jar.get(SESSION_COOKIE).map(|c| hash_secret(c.value())),
        ..s.caller()
    }
}

/// The link as a QR code, in SVG.
fn qr_svg(link: &str) -> String {
    qrcode::QrCode::new(link.as_bytes())
        .map(|code| {
            code.render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default()
}

async fn show(
    state: &AppState,
    s: StaffCtx,
    caller: &Caller,
    codes: Vec<String>,
    wrong: bool,
) -> Result<Response, PageError> {
    let status = second_factor::status(state, caller).await?;
    let waiting = second_factor::waiting(state, caller).await?;
    let qr = waiting
        .as_ref()
        .map(|w| qr_svg(&w.otpauth_url))
        .unwrap_or_default();
    let mut res = render(&Page {
        c: s.c,
        status,
        waiting,
        qr,
        codes,
        wrong,
    })?;
    // The secret and the recovery codes are never kept by a browser's cache.
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, private"),
    );
    if wrong {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// `GET /kantor/dua-langkah`.
pub async fn page(
    State(state): State<AppState>,
    s: StaffCtx,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let caller = caller(&s, &jar);
    show(&state, s, &caller, Vec::new(), false).await
}

/// `POST /kantor/dua-langkah/mulai`: a new secret to scan.
pub async fn begin(
    State(state): State<AppState>,
    s: StaffCtx,
    jar: CookieJar,
    Form(_): Form<CodeForm>,
) -> Result<Response, PageError> {
    second_factor::begin(&state, &caller(&s, &jar)).await?;
    Ok(Redirect::to("/kantor/dua-langkah").into_response())
}

/// The outcome of a step that takes a code: the page with new recovery codes, or again with
/// the wrong code marked.
async fn with_code(
    state: &AppState,
    s: StaffCtx,
    caller: &Caller,
    done: Result<Vec<String>, AppError>,
) -> Result<Response, PageError> {
    match done {
        Ok(codes) => show(state, s, caller, codes, false).await,
        Err(AppError::InvalidCredentials) => show(state, s, caller, Vec::new(), true).await,
        Err(e) => Err(e.into()),
    }
}

/// `POST /kantor/dua-langkah/konfirmasi`: the first code turns it on.
pub async fn confirm(
    State(state): State<AppState>,
    s: StaffCtx,
    jar: CookieJar,
    Form(form): Form<CodeForm>,
) -> Result<Response, PageError> {
    let caller = caller(&s, &jar);
    let done = second_factor::confirm(&state, &caller, &form.code).await;
    with_code(&state, s, &caller, done.map(|c| c.recovery_codes)).await
}

/// `POST /kantor/dua-langkah/kode-pemulihan`: new recovery codes for a current code.
pub async fn renew(
    State(state): State<AppState>,
    s: StaffCtx,
    jar: CookieJar,
    Form(form): Form<CodeForm>,
) -> Result<Response, PageError> {
    let caller = caller(&s, &jar);
    let done = second_factor::renew_recovery_codes(&state, &caller, &form.code).await;
    with_code(&state, s, &caller, done.map(|c| c.recovery_codes)).await
}

/// `POST /kantor/dua-langkah/matikan`: off, for a current code.
pub async fn remove(
    State(state): State<AppState>,
    s: StaffCtx,
    jar: CookieJar,
    Form(form): Form<CodeForm>,
) -> Result<Response, PageError> {
    let caller = caller(&s, &jar);
    match second_factor::remove(&state, &caller, &form.code).await {
        Ok(()) => Ok(Redirect::to("/kantor/dua-langkah").into_response()),
        Err(AppError::InvalidCredentials) => show(&state, s, &caller, Vec::new(), true).await,
        Err(e) => Err(e.into()),
    }
}

//! What every page knows about its request: the language, the CSRF token, the logged-in
//! account (if any) and the path, for the layout and the language switch.

use crate::csrf::CsrfToken;
use aduan_app::AppState;
use aduan_app::auth::{SESSION_COOKIE, hash_secret};
use aduan_i18n::{FluentValue, Lang, Tr};
use aduan_store::User;
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use std::convert::Infallible;

/// The cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "aduan_lang";

/// Whether cookies are marked `Secure` (behind HTTPS).
pub fn cookie_secure(state: &AppState) -> bool {
    state.config.secure_cookies()
}

/// The request's language: the remembered choice, else the browser's Accept-Language, else
/// Bahasa Indonesia.
pub fn lang_of(headers: &HeaderMap) -> Lang {
    if let Some(lang) = CookieJar::from_headers(headers)
        .get(LANG_COOKIE)
        .and_then(|c| Lang::parse(c.value()))
    {
        return lang;
    }
    headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::negotiate)
        .unwrap_or_default()
}

/// A count for plural messages, however a template holds it (by value or by reference).
pub trait Number {
    /// The count.
    fn as_i64(&self) -> i64;
}

macro_rules! number {
    ($($t:ty),+) => {$(
        impl Number for $t {
            fn as_i64(&self) -> i64 {
                i64::try_from(*self).unwrap_or(i64::MAX)
            }
        }
    )+};
}
number!(i64, i32, u32, u64, usize);

impl<T: Number + ?Sized> Number for &T {
    fn as_i64(&self) -> i64 {
        (**self).as_i64()
    }
}

/// A page's request context; templates hold it as `c`.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The translator.
    pub tr: Tr,
    /// The CSRF token for this visitor's forms.
    pub csrf: String,
    /// The logged-in account.
    pub user: Option<User>,
    /// The path (and query) of this page, for the language switch to come back to.
    pub path: String,
    /// The visitor's address, for the rate limiter.
    pub client: aduan_app::limiter::ClientAddr,
    /// Whether the session's login passed the second factor.
    pub second_factor: bool,
}

impl Ctx {
    /// This visitor as the use cases know them: their session's account and their address (no
    /// access code; a report's page adds the one this browser remembers for it).
    pub fn caller(&self) -> aduan_app::auth::Caller {
        aduan_app::auth::Caller {
            user: self.user.clone(),
            client: self.client,
            second_factor: self.second_factor,
            via: aduan_app::auth::Via::Portal,
            ..aduan_app::auth::Caller::default()
        }
    }

    /// The message `key`.
    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    /// The message `key` with one argument.
    pub fn t1(&self, key: &str, name: &str, value: impl ToString) -> String {
        self.tr.t1(key, name, value)
    }

    /// The message `key` with a number (plural forms).
    pub fn n(&self, key: &str, name: &str, value: impl Number) -> String {
        self.tr.n(key, name, value.as_i64())
    }

    /// The message `key` with two arguments.
    pub fn t2(
        &self,
        key: &str,
        a: &str,
        a_value: impl ToString,
        b: &str,
        b_value: impl ToString,
    ) -> String {
        self.tr.args(
            key,
            &[
                (a, FluentValue::from(a_value.to_string())),
                (b, FluentValue::from(b_value.to_string())),
            ],
        )
    }

    /// The message `key` with three number arguments.
    pub fn t3(&self, key: &str, a: (&str, i64), b: (&str, i64), c: (&str, i64)) -> String {
        self.tr.args(
            key,
            &[
                (a.0, FluentValue::from(a.1)),
                (b.0, FluentValue::from(b.1)),
                (c.0, FluentValue::from(c.1)),
            ],
        )
    }

    /// `<html lang>`.
    pub fn lang(&self) -> &'static str {
        self.tr.code()
    }

    /// The language the switch offers.
    pub fn other_lang(&self) -> &'static str {
        self.tr.lang.other().code()
    }

    /// Whether someone is logged in.
    pub fn logged_in(&self) -> bool {
        self.user.is_some()
    }

    /// Whether the account is staff.
    pub fn is_staff(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.staff_role().is_some())
    }

    /// Whether the account is a citizen's (a staff account, even one without a complete
    /// scope, files its own reports as a citizen without an account).
    pub fn is_citizen(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.role == aduan_domain::Role::Citizen)
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let tr = Tr::new(lang_of(&parts.headers));
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default();
        let path = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".to_owned());
        // The route table's gate read the session already where the route needs an account.
        let session = match parts.extensions.get::<crate::routes::SignedIn>() {
            Some(signed_in) => signed_in.0.clone(),
            None => live_session(&parts.headers, state).await,
        };
        let second_factor = session
            .as_ref()
            .is_some_and(|s| s.second_factor_at.is_some());
        Ok(Ctx {
            tr,
            csrf,
            user: session.map(|s| s.user),
            second_factor,
            path,
            client: aduan_app::limiter::ClientAddr::of(
                parts
                    .extensions
                    .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                    .map(|c| c.0.ip()),
                &parts.headers,
                state,
            ),
        })
    }
}

/// The account behind the session cookie, if the session is valid; an expired or revoked
/// session is simply no session.
pub async fn session_user(headers: &HeaderMap, state: &AppState) -> Option<User> {
    live_session(headers, state).await.map(|s| s.user)
}

/// The session behind the session cookie, if it is valid.
pub async fn live_session(headers: &HeaderMap, state: &AppState) -> Option<aduan_store::Session> {
    let token = CookieJar::from_headers(headers)
        .get(SESSION_COOKIE)
        .map(|c| c.value().to_owned())?;
    let session = state
        .store
        .find_session(&hash_secret(&token))
        .await
        .ok()
        .flatten()?;
    session.is_live(state.clock.now()).then_some(session)
}

/// Dates and times as people read them: in WIB (UTC+7), with the month's name.
impl Ctx {
    /// A moment, as "27 November 2026 14.05 WIB".
    pub fn when(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        use chrono::{Datelike, Timelike};
        let local = at.with_timezone(&chrono_tz::Asia::Jakarta);
        format!(
            "{} {} {} {:02}.{:02} {}",
            local.day(),
            self.t(&format!("month-{}", local.month())),
            local.year(),
            local.hour(),
            local.minute(),
            self.t("time-zone-wib")
        )
    }

    /// A deadline in the responsible party's own time zone (WIB, WITA or WIT), as
    /// "4 December 2026 23.59 WITA".
    pub fn when_local(&self, at: &chrono::DateTime<chrono::FixedOffset>) -> String {
        use chrono::{Datelike, Timelike};
        let zone = match at.offset().local_minus_utc() / 3600 {
            8 => "time-zone-wita",
            9 => "time-zone-wit",
            _ => "time-zone-wib",
        };
        format!(
            "{} {} {} {:02}.{:02} {}",
            at.day(),
            self.t(&format!("month-{}", at.month())),
            at.year(),
            at.hour(),
            at.minute(),
            self.t(zone)
        )
    }

    /// A day, as "27 November 2026".
    pub fn day(&self, d: &chrono::NaiveDate) -> String {
        use chrono::Datelike;
        format!(
            "{} {} {}",
            d.day(),
            self.t(&format!("month-{}", d.month())),
            d.year()
        )
    }

    /// The label of a status.
    pub fn status(&self, status: &str) -> String {
        self.t(&format!("status-{status}"))
    }

    /// The label of a kind of report.
    pub fn kind(&self, kind: &str) -> String {
        self.t(&format!("kind-{kind}"))
    }

    /// The label of a channel (partner systems share one label).
    pub fn channel(&self, channel: &str) -> String {
        if channel.starts_with("api:") {
            return self.t("channel-api");
        }
        self.t(&format!("channel-{channel}"))
    }
}

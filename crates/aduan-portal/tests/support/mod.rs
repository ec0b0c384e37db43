//! A visitor without a browser: keeps cookies between requests, sends forms with the CSRF
//! token, and reads pages as text.

#![allow(dead_code)] // each test file uses a part

pub mod multipart;

use aduan_testkit::TestApp;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use std::collections::BTreeMap;
use tower::ServiceExt;

/// A page as the visitor received it.
pub struct Page {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: axum::http::HeaderMap,
    /// The body as text.
    pub html: String,
}

impl Page {
    /// Where a redirect points.
    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }
}

/// One visitor with a cookie jar.
pub struct Visitor<'a> {
    app: &'a TestApp,
    cookies: BTreeMap<String, String>,
    /// Sent as Accept-Language.
    pub accept_language: Option<String>,
}

impl<'a> Visitor<'a> {
    /// A new visitor with no cookies.
    pub fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            cookies: BTreeMap::new(),
            accept_language: None,
        }
    }

    /// The value of a cookie the visitor holds.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.get(name).map(String::as_str)
    }

    /// `page` with each of `known`'s values, this visitor's CSRF token and every form's
    /// idempotency key replaced by placeholders, for a snapshot that holds from run to run.
    pub fn redacted(&self, page: &str, known: &[(&str, &str)]) -> String {
        let mut out = page.to_owned();
        if let Some(token) = self.cookie(aduan_pagekit::CSRF_COOKIE) {
            out = out.replace(token, "[csrf]");
        }
        for (value, name) in known {
            out = out.replace(value, &format!("[{name}]"));
        }
        field_values_replaced(&out, "idem")
    }

    fn remember(&mut self, headers: &axum::http::HeaderMap) {
        for v in headers.get_all(header::SET_COOKIE) {
            let Ok(text) = v.to_str() else { continue };
            let pair = text.split(';').next().unwrap_or_default();
            if let Some((k, v)) = pair.split_once('=') {
                let expired = text.to_ascii_lowercase().contains("max-age=0");
                if v.is_empty() || expired {
                    self.cookies.remove(k.trim());
                } else {
                    self.cookies
                        .insert(k.trim().to_owned(), v.trim().to_owned());
                }
            }
        }
    }

    /// Sends a request with the visitor's cookies.
    pub async fn request(
        &mut self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Page {
        let mut req = Request::builder().method(method).uri(path);
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            req = req.header(header::COOKIE, jar.join("; "));
        }
        if let Some(lang) = &self.accept_language {
            req = req.header(header::ACCEPT_LANGUAGE, lang);
        }
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        let res = self
            .app
            .router
            .clone()
            .oneshot(req.body(Body::from(body)).unwrap())
            .await
            .unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        self.remember(&headers);
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Page {
            status,
            headers,
            html: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// GET a page.
    pub async fn get(&mut self, path: &str) -> Page {
        self.request(Method::GET, path, None, Vec::new()).await
    }

    /// The visitor's CSRF token, fetching the home page first when none is held yet.
    pub async fn csrf(&mut self) -> String {
        if self.cookie(aduan_pagekit::CSRF_COOKIE).is_none() {
            self.get("/").await;
        }
        self.cookie(aduan_pagekit::CSRF_COOKIE)
            .unwrap_or_default()
            .to_owned()
    }

    /// POST a form with the CSRF token added.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        let body = serde_urlencoded::to_string(&all).unwrap();
        self.request(
            Method::POST,
            path,
            Some("application/x-www-form-urlencoded"),
            body.into_bytes(),
        )
        .await
    }

    /// POST a form exactly as given (no token added).
    pub async fn post_raw_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body = serde_urlencoded::to_string(fields).unwrap();
        self.request(
            Method::POST,
            path,
            Some("application/x-www-form-urlencoded"),
            body.into_bytes(),
        )
        .await
    }

    /// Logs in through the portal's login form (fixture account `key`).
    pub async fn login(&mut self, key: &str) -> Page {
        let login = format!("{key}@uji.go.id");
        let password = format!("rahasia-{key}");
        self.post_form(
            "/akun/masuk",
            &[("login", login.as_str()), ("password", password.as_str())],
        )
        .await
    }

    /// POST the submit form (multipart) with the CSRF token added to `form`.
    pub async fn submit_form(&mut self, form: multipart::Multipart) -> Page {
        let token = self.csrf().await;
        let (ct, body) = form.text("csrf", &token).finish();
        self.request(Method::POST, "/lapor", Some(&ct), body).await
    }
}

/// `html` with the value of every form field named `name` replaced by `[name]`.
fn field_values_replaced(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(&marker) {
        let start = at + marker.len();
        out.push_str(&rest[..start]);
        out.push_str(&format!("[{name}]"));
        rest = &rest[start..];
        rest = &rest[rest.find('"').unwrap_or(rest.len())..];
    }
    out.push_str(rest);
    out
}

/// The href of the pager link `rel`.
pub fn pager_link(html: &str, rel: &str) -> Option<String> {
    let end = html.find(&format!("rel=\"{rel}\""))?;
    let start = html[..end].rfind("href=\"")? + 6;
    let href = &html[start..end];
    Some(
        href[..href.find('"')?]
            .replace("&#38;", "&")
            .replace("&amp;", "&"),
    )
}

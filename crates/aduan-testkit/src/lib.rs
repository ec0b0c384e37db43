//! Test support shared by the web, portal and browser tests: `TestApp` is the whole service as
//! `aduan-server` builds it (API, portal and back office) on a fresh database (SQLite or
//! PostgreSQL), a fixed clock, a seeded directory and accounts, with request helpers;
//! [`TestApp::serve`] puts it on a real port for a browser.

// Test support: a failed step must stop the test.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

pub mod channels;
pub mod chat;
pub mod fixture;
pub mod kannel;
pub mod s3;
pub mod triage;

use aduan_app::{AppConfig, AppState};
use aduan_domain::time::{FixedTime, TimeSource as _};
use aduan_store::Store;
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use chrono::{TimeZone, Utc};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use std::any::Any;
use std::sync::Arc;
use tower::ServiceExt;

/// The app under test.
pub struct TestApp {
    /// The router.
    pub router: Router,
    /// Its store.
    pub store: Arc<dyn Store>,
    /// Its clock.
    pub clock: Arc<FixedTime>,
    /// The state the router runs on (for the scheduler's jobs).
    pub state: AppState,
    /// The database's URL (for a second instance on it).
    database_url: Option<String>,
    _guard: Box<dyn Any + Send>,
}

/// A response: status, headers and JSON body (Null when empty).
pub struct Res {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    #[allow(dead_code)] // read by some test modules only
    pub headers: HeaderMap,
    /// Body.
    pub body: Value,
    /// The raw body text.
    pub text: String,
}

/// Who sends a request.
#[derive(Clone, Copy)]
pub enum As<'a> {
    /// Nobody.
    Anon,
    /// A bearer token.
    Token(&'a str),
    /// An access code header.
    Code(&'a str),
}

impl TestApp {
    async fn with(store: Arc<dyn Store>, guard: Box<dyn Any + Send>) -> Self {
        let files = tempfile::tempdir().unwrap();
        let attachments = aduan_app::Attachments {
            blobs: aduan_app::Attachments::sealed(
                Arc::new(aduan_attachments::FsBlobStore::in_data_dir(files.path())),
                &aduan_store::Keyring::for_tests(),
            )
            .unwrap(),
            limits: aduan_attachments::Limits::default(),
            orphan_sweep_minutes: aduan_app::blob_sweep::DEFAULT_ORPHAN_SWEEP_MINUTES,
            intake: aduan_app::uploads::Intake::in_dir(files.path().join("spool")),
        };
        // Monday 2 March 2026, 09:00 WIB.
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).single().unwrap();
        let clock = Arc::new(FixedTime::new(now));
        fixture::seed(store.as_ref(), now).await;
        let state = AppState {
            store: store.clone(),
            replica: None,
            clock: clock.clone(),
            calendar: aduan_store::SharedCalendar::new(store.work_calendar().await.unwrap()),
            reference: Default::default(),
            figures: Default::default(),
            triage: Default::default(),
            config: Arc::new(AppConfig::default()),
            attachments: Arc::new(attachments),
            deployment_key: Arc::new(aduan_store::DeploymentKey::generate()),
        };
        Self {
            router: aduan_server::router(state.clone()),
            store,
            clock,
            state,
            database_url: None,
            _guard: Box::new((guard, files)),
        }
    }

    /// This app with its attachments stored in `blobs` (object storage, or files the test
    /// reaches into), sealed as the service seals them.
    pub fn with_blobs(mut self, blobs: Arc<dyn aduan_attachments::BlobStore>) -> Self {
        let attachments = aduan_app::Attachments {
            blobs: aduan_app::Attachments::sealed(blobs, &aduan_store::Keyring::for_tests())
                .unwrap(),
            limits: self.state.attachments.limits,
            orphan_sweep_minutes: self.state.attachments.orphan_sweep_minutes,
            intake: aduan_app::uploads::Intake::in_dir(
                self.state.attachments.intake.dir().to_owned(),
            ),
        };
        self.state.attachments = Arc::new(attachments);
        self.router = aduan_server::router(self.state.clone());
        self
    }

    /// On a fresh SQLite file.
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("aduan.db").display());
        let store =
            aduan_store_sqlite::SqliteStore::connect(&url, aduan_store::Keyring::for_tests())
                .await
                .unwrap();
        let mut app = Self::with(Arc::new(store), Box::new(dir)).await;
        app.database_url = Some(url);
        app
    }

    /// On a fresh PostgreSQL database.
    pub async fn postgres() -> Self {
        let db = aduan_store_pg::testing::TestDatabase::create().await;
        let store = db.store().await;
        let url = db.url.clone();
        let mut app = Self::with(Arc::new(store), Box::new(db)).await;
        app.database_url = Some(url);
        app
    }

    /// A second instance of the service on this one's database (PostgreSQL, or the SQLite
    /// file), as another `aduan serve` sharing it would be: its own connection pool, router,
    /// state and in-memory reference data, the same clock and deployment key. It must not
    /// outlive `self`, which owns the database.
    pub async fn another_instance(&self) -> Self {
        let url = self
            .database_url
            .as_deref()
            .expect("another_instance needs an app made by TestApp::postgres() or ::sqlite()");
        let store: Arc<dyn Store> = if url.starts_with("sqlite:") {
            Arc::new(
                aduan_store_sqlite::SqliteStore::connect(url, aduan_store::Keyring::for_tests())
                    .await
                    .unwrap(),
            )
        } else {
            Arc::new(
                aduan_store_pg::PgStore::connect(url, aduan_store::Keyring::for_tests())
                    .await
                    .unwrap(),
            )
        };
        let state = AppState {
            store: store.clone(),
            replica: None,
            calendar: aduan_store::SharedCalendar::new(store.work_calendar().await.unwrap()),
            reference: Default::default(),
            figures: Default::default(),
            triage: Default::default(),
            ..self.state.clone()
        };
        Self {
            router: aduan_server::router(state.clone()),
            store,
            clock: self.clock.clone(),
            state,
            database_url: self.database_url.clone(),
            _guard: Box::new(()),
        }
    }

    /// Sends a request.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        who: As<'_>,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Res {
        let mut req = Request::builder().method(method).uri(path);
        match who {
            As::Anon => {}
            As::Token(t) => req = req.header("authorization", format!("Bearer {t}")),
            As::Code(c) => req = req.header("x-access-code", c),
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = match body {
            Some(b) => req
                .header("content-type", "application/json")
                .body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        }
        .unwrap();
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Res {
            status,
            headers,
            body,
            text,
        }
    }

    /// Runs the scheduler as a worker would at this moment: enqueues the periodic scan and
    /// drains every due job. Returns how many jobs ran.
    pub async fn run_scheduler(&self) -> u64 {
        // The service's own jobs of the workers' registry, without outbox delivery, erasure
        // and purging: a test drains the scheduler and reads what it left in the outbox.
        let mut registry = aduan_jobs::Registry::new();
        aduan_server::workers::register_scheduler(&mut registry, &self.state);
        let clock: Arc<dyn aduan_domain::TimeSource> = self.clock.clone();
        registry
            .enqueue_periodic(self.store.as_ref(), clock.now())
            .await
            .unwrap();
        let summary = aduan_jobs::run_pending_jobs(&self.store, &registry, &clock)
            .await
            .unwrap();
        summary.done
    }

    /// Serves the app on a free loopback port until the test ends, with each connection's
    /// peer address (`ConnectInfo`) as `aduan serve` has it; returns its base URL
    /// (`http://127.0.0.1:PORT`).
    pub async fn serve(&self) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let service = self
            .router
            .clone()
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, service).await;
        });
        format!("http://{addr}")
    }

    /// GET.
    pub async fn get(&self, path: &str, who: As<'_>) -> Res {
        self.send(Method::GET, path, who, None, &[]).await
    }

    /// POST JSON.
    pub async fn post(&self, path: &str, who: As<'_>, body: Value) -> Res {
        self.send(Method::POST, path, who, Some(body), &[]).await
    }

    /// Logs in a fixture account and returns its bearer token.
    pub async fn login(&self, key: &str) -> String {
        let res = self
            .post(
                "/api/v1/auth/login",
                As::Anon,
                json!({"login": format!("{key}@uji.go.id"), "password": format!("rahasia-{key}")}),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        res.body["token"].as_str().unwrap().to_owned()
    }

    /// This app with the use cases' settings changed by `change`.
    pub fn with_config(mut self, change: impl FnOnce(&mut AppConfig)) -> Self {
        let mut config = self.state.config.as_ref().clone();
        change(&mut config);
        self.state.config = Arc::new(config);
        self.router = aduan_server::router(self.state.clone());
        self
    }

    /// Adds another staff account `key` (password `rahasia-<key>`, e-mail `<key>@uji.go.id`)
    /// with `role`, as the fixtures' accounts are made.
    pub async fn add_staff(&self, key: &str, role: aduan_domain::Role) -> aduan_store::User {
        let hash =
            aduan_domain::password::hash_password(&format!("rahasia-{key}"), &mut rand::rng())
                .unwrap();
        let user = aduan_store::NewUser {
            name: format!("Akun {key}"),
            email: Some(format!("{key}@uji.go.id")),
            phone: None,
            nik: None,
            password_hash: Some(hash),
            role,
            agency: None,
            unit: None,
            body: None,
        };
        self.store
            .create_user(&user, "test", self.clock.now())
            .await
            .unwrap()
    }

    /// Sets up a second factor for account `key` through the API (its secret, confirmed with
    /// its first code), then logs in with the password and the next step's code; returns the
    /// session's token (one that passed the second factor) and the secret. The clock moves on
    /// by one step, so the login's code is not the confirmation's.
    pub async fn login_with_second_factor(
        &self,
        key: &str,
    ) -> (String, aduan_domain::second_factor::TotpSecret) {
        let token = self.login(key).await;
        let begun = self
            .post("/api/v1/me/second-factor", As::Token(&token), json!({}))
            .await;
        assert_eq!(begun.status, StatusCode::CREATED, "{}", begun.text);
        let secret = aduan_domain::second_factor::TotpSecret::from_base32(
            begun.body["secret"].as_str().unwrap(),
        )
        .unwrap();
        let code = secret.code_at(self.clock.now().timestamp() as u64);
        let confirmed = self
            .post(
                "/api/v1/me/second-factor/confirm",
                As::Token(&token),
                json!({ "code": code }),
            )
            .await;
        assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);
        self.clock.advance(chrono::Duration::seconds(30));
        let code = secret.code_at(self.clock.now().timestamp() as u64);
        let res = self
            .post(
                "/api/v1/auth/login",
                As::Anon,
                json!({"login": format!("{key}@uji.go.id"), "password": format!("rahasia-{key}"), "code": code}),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        assert_eq!(res.body["second_factor"], true, "{}", res.text);
        (res.body["token"].as_str().unwrap().to_owned(), secret)
    }

    /// Adds partner system `slug` (for the `regions` given, a JSON array of region codes) as
    /// the national admin through the API, and issues its key; returns the key.
    pub async fn partner_key(&self, slug: &str, regions: Value) -> String {
        let national = self.login("national").await;
        let added = self
            .post(
                "/api/v1/admin/partners",
                As::Token(&national),
                json!({"slug": slug, "name": format!("Aplikasi {slug}"), "regions": regions}),
            )
            .await;
        assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
        assert_eq!(added.body["channel"], format!("api:{slug}"));
        let keys = format!("/api/v1/admin/partners/{slug}/keys");
        let issued = self.post(&keys, As::Token(&national), json!({})).await;
        assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.text);
        issued.body["key"].as_str().unwrap().to_owned()
    }

    /// A partner system's request with its `key` (and `extra` headers).
    pub async fn as_partner(
        &self,
        key: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
        extra: &[(&str, &str)],
    ) -> Res {
        let mut headers = vec![("x-api-key", key)];
        headers.extend_from_slice(extra);
        self.send(method, path, As::Anon, body, &headers).await
    }

    /// Submits a web report without an account; returns (tracking id, access code).
    pub async fn submit(&self, overrides: Value) -> (String, String) {
        let res = self
            .post("/api/v1/reports", As::Anon, report_body(overrides))
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
        (
            res.body["tracking_id"].as_str().unwrap().to_owned(),
            res.body["access_code"].as_str().unwrap().to_owned(),
        )
    }

    /// The token of the newest one-time link (`template`: a registration's confirmation, a
    /// password reset) the outbox holds for `recipient`, opened as the sender opens it.
    pub async fn link_token(&self, template: &str, recipient: &str) -> String {
        let messages = self.store.list_outbox(None, 500).await.unwrap();
        let m = messages
            .iter()
            .rev()
            .find(|m| m.template == template && m.recipient == recipient)
            .unwrap_or_else(|| panic!("no {template} message to {recipient}"));
        let secret = m.secret.as_ref().expect("a link's token is sealed");
        self.state
            .deployment_key
            .open(secret, &m.dedup_key)
            .unwrap()
            .to_string()
    }

    /// Registers a citizen through the API and confirms the link sent to their address (the
    /// e-mail in `body`, else its phone); returns the account as the confirmation answers it.
    pub async fn register_confirmed(&self, body: Value) -> Res {
        let sent = self
            .post("/api/v1/auth/register", As::Anon, body.clone())
            .await;
        assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.text);
        let to = body["email"].as_str().or(body["phone"].as_str()).unwrap();
        let to = aduan_domain::contact::PhoneNumber::parse(to)
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|_| to.to_owned());
        let token = self.link_token("account_confirm", &to).await;
        let password = body["password"].clone();
        self.post(
            "/api/v1/auth/confirm",
            As::Anon,
            json!({"token": token, "password": password}),
        )
        .await
    }

    /// Takes an action; returns the response.
    pub async fn act(&self, id: &str, who: As<'_>, body: Value) -> Res {
        self.post(&format!("/api/v1/reports/{id}/actions"), who, body)
            .await
    }

    /// Takes an action that must succeed; returns the new status.
    pub async fn act_ok(&self, id: &str, who: As<'_>, body: Value) -> String {
        let res = self.act(id, who, body.clone()).await;
        assert_eq!(res.status, StatusCode::OK, "{body} -> {}", res.text);
        res.body["status"].as_str().unwrap().to_owned()
    }

    /// A report with `overrides`, verified by the national admin, dispatched to Kota Surabaya
    /// and sent on to its Bidang Jalan, which follows it up: public, with a history and
    /// running clocks. Returns its tracking id and access code.
    pub async fn public_report(&self, overrides: Value) -> (String, String) {
        let (id, code) = self.submit(overrides).await;
        let national = self.login("national").await;
        let dispatch = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
        self.act_ok(&id, As::Token(&national), dispatch).await;
        let surabaya = self.login("surabaya").await;
        let to_unit =
            json!({"action": "dispatch_unit", "unit": "kota-surabaya/dinas-pu/bidang-jalan"});
        self.act_ok(&id, As::Token(&surabaya), to_unit).await;
        let follow =
            json!({"action": "follow_up", "body": "Petugas akan menambal jalan pekan ini."});
        assert_eq!(
            self.act_ok(&id, As::Token(&surabaya), follow).await,
            "in_progress"
        );
        (id, code)
    }
}

/// The name, e-mail, phone (its digits after the leading 0) and NIK of the reporter that
/// [`report_body`] files as: none of them may show where the reporter is anonymous.
pub const REPORTER_IDENTITY: [&str; 4] = [
    "Siti Rahmawati",
    "siti.rahmawati@contoh.id",
    "81234567890",
    "3578014507900001",
];

/// A complete web report body, with fields replaced by `overrides`.
pub fn report_body(overrides: Value) -> Value {
    let mut body = json!({
        "kind": "complaint",
        "title": "Jalan berlubang di Jl. Ahmad Yani",
        "body": "Sudah tiga bulan jalan berlubang, dua pengendara motor jatuh minggu lalu.",
        "incident_date": "2026-02-27",
        "location": {"text": "Jl. Ahmad Yani, Surabaya", "region_code": "35.78", "lat": -7.31, "lon": 112.73},
        "requested_agency": "kota-surabaya",
        "category": "infrastruktur/jalan",
        "anonymous": false,
        "show_name": false,
        "reporter": {"name": "Siti Rahmawati", "email": "siti.rahmawati@contoh.id", "phone": "081234567890", "nik": "3578014507900001"}
    });
    if let (Some(b), Some(o)) = (body.as_object_mut(), overrides.as_object()) {
        for (k, v) in o {
            b.insert(k.clone(), v.clone());
        }
    }
    body
}

/// Runs each listed `async fn(TestApp)` on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::TestApp::sqlite().await).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test]
                #[ignore = "needs PostgreSQL: run with --include-ignored and ADUAN_TEST_PG_URL"]
                async fn $name() {
                    super::$name($crate::TestApp::postgres().await).await;
                }
            )+
        }
    };
}

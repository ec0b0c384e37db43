//! The benchmark's world: a store filled by the generator (or one `aduan generate` filled),
//! the whole service on it at a fixed moment, and logged-in staff of each role.

use aduan_app::{AppConfig, AppState};
use aduan_domain::actor::SupervisorBody;
use aduan_domain::time::FixedTime;
use aduan_domain::{AgencyId, Role, Status, UnitId};
use aduan_gen::{GenConfig, Generator, World};
use aduan_store::{ListScope, NewUser, ReportFilter, Store};
use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use chrono::{DateTime, NaiveDate, Utc};
use http_body_util::BodyExt;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;
use tower::ServiceExt;

/// Reports written per transaction while filling.
const BATCH: u64 = 5_000;

/// Fills `store` with `reports` generated reports (seed 1, up to `until`), after the built-in
/// directory.
pub async fn fill(store: &dyn Store, reports: u64, until: NaiveDate, now: DateTime<Utc>) {
    aduan_directory::ensure_loaded(store, now).await.unwrap();
    let config = GenConfig {
        reports,
        seed: 1,
        until,
        since: None,
    };
    let generator = Generator::new(World::builtin().unwrap(), config).unwrap();
    let started = Instant::now();
    let mut start = 0;
    while start < reports {
        let end = (start + BATCH).min(reports);
        store
            .insert_histories(
                &generator.reports(start..end).unwrap(),
                &generator.world.calendar,
            )
            .await
            .unwrap();
        start = end;
    }
    println!(
        "generated {reports} reports in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// The whole service (API, portal, back office) on `store`, its clock fixed at `now`.
pub async fn service(store: Arc<dyn Store>, now: DateTime<Utc>, files: &std::path::Path) -> Router {
    let state = AppState {
        store: store.clone(),
        replica: None,
        clock: Arc::new(FixedTime::new(now)),
        calendar: aduan_store::SharedCalendar::new(store.work_calendar().await.unwrap()),
        reference: Default::default(),
        figures: Default::default(),
        triage: Default::default(),
        config: Arc::new(AppConfig::default()),
        attachments: Arc::new(aduan_app::Attachments {
            blobs: Arc::new(aduan_attachments::FsBlobStore::in_data_dir(files)),
            limits: aduan_attachments::Limits::default(),
            orphan_sweep_minutes: aduan_app::blob_sweep::DEFAULT_ORPHAN_SWEEP_MINUTES,
            intake: aduan_app::uploads::Intake::in_dir(files.join("spool")),
        }),
        deployment_key: Arc::new(aduan_store::DeploymentKey::generate()),
    };
    aduan_server::router(state)
}

/// The most frequent value among `items`.
fn busiest<T: Ord + Clone>(items: impl Iterator<Item = T>) -> Option<T> {
    let mut counts = BTreeMap::new();
    for i in items {
        *counts.entry(i).or_insert(0u32) += 1;
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(v, _)| v)
}

/// The scopes to log in with: the agency and the unit holding most of the latest open
/// reports.
pub async fn busiest_scopes(store: &dyn Store) -> (AgencyId, Option<(AgencyId, UnitId)>) {
    let held = ReportFilter {
        statuses: vec![Status::Dispatched, Status::InProgress],
        ..Default::default()
    };
    let latest = store
        .list_reports(&ListScope::All, &held, None, 500)
        .await
        .unwrap();
    let agency = busiest(latest.iter().filter_map(|r| r.state.agency.clone())).unwrap();
    let unit = busiest(
        latest
            .iter()
            .filter_map(|r| Some((r.state.agency.clone()?, r.state.unit.clone()?))),
    );
    (agency, unit)
}

/// A staff account for the benchmark (made once per database); its session cookie after a
/// login through the router.
pub async fn login(
    router: &Router,
    store: &dyn Store,
    key: &str,
    role: Role,
    scope: (Option<AgencyId>, Option<UnitId>, Option<SupervisorBody>),
    now: DateTime<Utc>,
) -> String {
    let email = format!("bench-{key}@bench.aduan.invalid");
    let password = format!("bench-password-{key}");
    if store.find_user_by_login(&email).await.unwrap().is_none() {
        let hash = aduan_domain::password::hash_password(&password, &mut rand::rng()).unwrap();
        let user = NewUser {
            name: format!("Bench {key}"),
            email: Some(email.clone()),
            phone: None,
            nik: None,
            password_hash: Some(hash),
            role,
            agency: scope.0,
            unit: scope.1,
            body: scope.2,
        };
        store.create_user(&user, "bench", now).await.unwrap();
    }
    let body = serde_json::json!({"login": email, "password": password}).to_string();
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/auth/login")
        .header("content-type", "application/json")
        .body(Body::from(body))
        .unwrap();
    let res = router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{key} logs in");
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    format!(
        "{}={}",
        aduan_app::auth::SESSION_COOKIE,
        json["token"].as_str().unwrap()
    )
}

/// GET `path` with `cookie`: the time to the last byte, and the page.
pub async fn get(router: &Router, cookie: &str, path: &str) -> (f64, String) {
    let req = Request::builder()
        .uri(path)
        .header("cookie", cookie)
        .body(Body::empty())
        .unwrap();
    let started = Instant::now();
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let html = String::from_utf8_lossy(&bytes).into_owned();
    assert_eq!(status, StatusCode::OK, "{path}: {html}");
    (ms, html)
}

//! Each running instance keeps the directory (agencies and the units' paths), the categories
//! and the calendar in memory. An edit made through one instance is seen by it at once, and by
//! a second instance on the same database (another `aduan serve`) within the poll interval; a
//! directory import by the CLI is seen by both within it, down to who may see a confidential
//! report held by a unit that moved.

use super::on_both_backends;
use aduan_app::cache::spawn_polling;
use aduan_domain::directory::{Agency, AgencyKind, Unit};
use aduan_domain::workdays::Zone;
use aduan_domain::{AgencyId, TimeSource, UnitId};
use aduan_store::DirectoryBatch;
use aduan_testkit::{As, TestApp};
use axum::http::{Method, StatusCode};
use chrono::NaiveDate;
use serde_json::json;
use std::future::Future;
use std::time::Duration;

/// How often each instance polls here.
const POLL: Duration = Duration::from_millis(100);
/// How long a change may take to be seen: the poll interval and then some, for a busy machine.
const WITHIN: Duration = Duration::from_secs(5);

/// Whether `seen` comes true within [`WITHIN`], asking again every poll interval.
async fn seen_within<F, Fut>(mut seen: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + WITHIN;
    loop {
        if seen().await {
            return true;
        }
        if tokio::time::Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(POLL / 2).await;
    }
}

/// What `aduan directory import` does with `batch`, on a connection of its own.
async fn cli_import(a: &TestApp, batch: &DirectoryBatch) {
    let cli = a.another_instance().await;
    cli.store
        .import_directory(batch, "file uji.csv", "cli", a.clock.now())
        .await
        .unwrap();
}

async fn category_name(app: &TestApp, id: &str) -> String {
    let r = app.get("/api/v1/categories", As::Anon).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let items = r.body["items"].as_array().unwrap();
    let found = items.iter().find(|c| c["id"] == id).unwrap();
    found["name"].as_str().unwrap().to_owned()
}

async fn feed_names(app: &TestApp, name: &str) -> bool {
    app.get("/laporan", As::Anon).await.text.contains(name)
}

fn day() -> NaiveDate {
    // A Tuesday.
    NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
}

async fn a_category_edit_on_one_instance_is_seen_by_another_within_the_poll_interval(a: TestApp) {
    let b = a.another_instance().await;
    spawn_polling(a.state.clone(), POLL);
    spawn_polling(b.state.clone(), POLL);
    let id = "infrastruktur/jalan";
    let before = category_name(&b, id).await;
    assert_eq!(category_name(&a, id).await, before);

    let national = a.login("national").await;
    let r = a
        .send(
            Method::PUT,
            "/api/v1/categories/infrastruktur%2Fjalan",
            As::Token(&national),
            Some(json!({"name": "Jalan dan Trotoar"})),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        category_name(&a, id).await,
        "Jalan dan Trotoar",
        "the instance that made the edit sees it at once"
    );
    assert!(
        seen_within(|| async { category_name(&b, id).await == "Jalan dan Trotoar" }).await,
        "the other instance still shows {before:?}"
    );
}

async fn a_holiday_added_on_one_instance_stops_the_clocks_of_another_within_the_poll_interval(
    a: TestApp,
) {
    let b = a.another_instance().await;
    spawn_polling(b.state.clone(), POLL);
    assert!(b.state.calendar().is_working_day(day()));
    let national = a.login("national").await;
    let r = a
        .post(
            "/api/v1/calendar",
            As::Token(&national),
            json!({"date": "2026-03-10", "name": "Libur uji", "kind": "other"}),
        )
        .await;
    assert_eq!(r.status.as_u16(), 201, "{}", r.text);
    assert!(
        !a.state.calendar().is_working_day(day()),
        "the instance that made the edit counts with it at once"
    );
    assert!(
        seen_within(|| async { !b.state.calendar().is_working_day(day()) }).await,
        "the other instance still counts 10 March as a working day"
    );
}

async fn a_directory_import_by_the_cli_reaches_every_instances_pickers_within_the_poll_interval(
    a: TestApp,
) {
    let b = a.another_instance().await;
    spawn_polling(a.state.clone(), POLL);
    spawn_polling(b.state.clone(), POLL);
    let name = "Kota Uji Coba";
    assert!(!feed_names(&a, name).await && !feed_names(&b, name).await);
    let batch = DirectoryBatch {
        agencies: vec![Agency {
            id: AgencyId::new("kota-uji-coba"),
            name: name.into(),
            abbreviation: None,
            kind: AgencyKind::Kota,
            region_code: None,
            parent: None,
            zone: Zone::Wib,
            connected: false,
            integrated: false,
            source: None,
        }],
        ..DirectoryBatch::default()
    };
    cli_import(&a, &batch).await;
    assert!(seen_within(|| feed_names(&a, name)).await, "instance A");
    assert!(seen_within(|| feed_names(&b, name)).await, "instance B");
}

async fn unit_staff_see(app: &TestApp, id: &str, token: &str) -> bool {
    let r = app
        .get(&format!("/api/v1/reports/{id}"), As::Token(token))
        .await;
    assert!(
        [StatusCode::OK, StatusCode::NOT_FOUND].contains(&r.status),
        "{}",
        r.text
    );
    r.status == StatusCode::OK
}

async fn a_unit_moved_by_the_cli_takes_its_confidential_reports_out_of_the_old_parents_sight(
    a: TestApp,
) {
    let b = a.another_instance().await;
    spawn_polling(a.state.clone(), POLL);
    spawn_polling(b.state.clone(), POLL);
    let (id, _) = a.submit(json!({"confidential": true})).await;
    let national = a.login("national").await;
    let surabaya = a.login("surabaya").await;
    let dispatch = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    a.act_ok(&id, As::Token(&national), dispatch).await;
    let to_unit = json!({"action": "dispatch_unit", "unit": "kota-surabaya/dinas-pu/bidang-jalan"});
    a.act_ok(&id, As::Token(&surabaya), to_unit).await;
    // The head of Dinas PU sees what its Bidang Jalan holds, on both instances.
    let dinas = a.login("dinas-pu").await;
    assert!(unit_staff_see(&a, &id, &dinas).await);
    assert!(unit_staff_see(&b, &id, &dinas).await);

    let batch = DirectoryBatch {
        units: vec![Unit {
            id: UnitId::new("kota-surabaya/dinas-pu/bidang-jalan"),
            agency: AgencyId::new("kota-surabaya"),
            parent: None,
            name: "Bidang Jalan".into(),
            inspectorate: false,
        }],
        ..DirectoryBatch::default()
    };
    cli_import(&a, &batch).await;
    assert!(
        seen_within(|| async { !unit_staff_see(&a, &id, &dinas).await }).await,
        "instance A"
    );
    assert!(
        seen_within(|| async { !unit_staff_see(&b, &id, &dinas).await }).await,
        "instance B"
    );
}

on_both_backends!(
    a_unit_moved_by_the_cli_takes_its_confidential_reports_out_of_the_old_parents_sight,
    a_category_edit_on_one_instance_is_seen_by_another_within_the_poll_interval,
    a_holiday_added_on_one_instance_stops_the_clocks_of_another_within_the_poll_interval,
    a_directory_import_by_the_cli_reaches_every_instances_pickers_within_the_poll_interval,
);

//! Units of the directory: found by agency, added, renamed, moved and marked as the
//! inspectorate, and at once available for dispatch.

use super::{change, last_audit, staff};
use aduan_domain::{AgencyId, UnitId};
use aduan_testkit::{As, TestApp};
use axum::http::StatusCode;
use serde_json::json;

pub async fn a_unit_added_by_the_national_admin_can_be_dispatched_to(app: TestApp) {
    let mut national = staff(&app, "national").await;
    let found = national.get("/kantor/referensi/unit?q=kota+sura").await;
    assert!(
        found
            .html
            .contains("href=\"/kantor/referensi/unit?instansi=kota-surabaya\"")
    );
    assert!(!found.html.contains("instansi=kota-makassar"));
    let tree = national
        .get("/kantor/referensi/unit?instansi=kota-surabaya")
        .await;
    assert!(
        tree.html
            .contains("<li>Bidang Jalan <span class=\"muted\">kota-surabaya/dinas-pu/bidang-jalan"),
        "the tree shows each unit below its top unit: {}",
        tree.html
    );

    let page = change(
        &mut national,
        "/kantor/referensi/unit",
        &[
            ("agency", "kota-surabaya"),
            ("name", "Dinas Perhubungan"),
            ("parent", ""),
        ],
    )
    .await;
    assert!(page.contains("Unit ditambahkan.") && page.contains("Dinas Perhubungan"));
    let (action, _, payload) = last_audit(&app).await;
    assert_eq!(action, "directory.import");
    assert_eq!(
        payload["label"],
        "kantor: unit kota-surabaya/dinas-perhubungan"
    );

    let (id, _) = app.submit(json!({})).await;
    let national_token = app.login("national").await;
    let verify = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    app.act_ok(&id, As::Token(&national_token), verify).await;
    let surabaya = app.login("surabaya").await;
    let to_unit = json!({"action": "dispatch_unit", "unit": "kota-surabaya/dinas-perhubungan"});
    app.act_ok(&id, As::Token(&surabaya), to_unit).await;

    let page = change(
        &mut national,
        "/kantor/referensi/unit/ubah",
        &[
            ("id", "kota-surabaya/dinas-pu/bidang-jalan"),
            ("name", "Bidang Jalan dan Jembatan"),
            ("parent", "kota-surabaya/dinas-perhubungan"),
            ("inspectorate", "on"),
        ],
    )
    .await;
    assert!(page.contains("Unit disimpan."));
    assert!(page.contains("Bidang Jalan dan Jembatan"), "{page}");
    let moved = app
        .store
        .get_unit(&UnitId::new("kota-surabaya/dinas-pu/bidang-jalan"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        moved.parent,
        Some(UnitId::new("kota-surabaya/dinas-perhubungan"))
    );
    let inspectorate = app
        .store
        .inspectorate_of(&AgencyId::new("kota-surabaya"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        inspectorate.id, moved.id,
        "the old inspectorate is unmarked"
    );

    let cycle = national
        .post_form(
            "/kantor/referensi/unit/ubah",
            &[
                ("id", "kota-surabaya/dinas-perhubungan"),
                ("name", "Dinas Perhubungan"),
                ("parent", "kota-surabaya/dinas-pu/bidang-jalan"),
            ],
        )
        .await;
    assert_eq!(cycle.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(cycle.html.contains("melanggar susunan unit"));
}

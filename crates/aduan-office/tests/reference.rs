//! Reference data in the back office, `/kantor/referensi`, without a browser: categories,
//! tags, the calendar, the directory's units and partner systems, each change audited, and nobody but the
//! national admin let in.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

#[path = "reference/access.rs"]
mod access;
#[path = "reference/partners.rs"]
mod partners;
#[path = "../../aduan-portal/tests/support/mod.rs"]
mod support;
#[path = "reference/units.rs"]
mod units;

use access::only_the_national_admin_opens_reference_pages;
use aduan_domain::{CategoryId, TrackingId};
use aduan_testkit::{As, TestApp, on_both_backends};
use axum::http::StatusCode;
use partners::a_partner_added_in_the_back_office_gets_a_key_shown_once_and_revoked;
use serde_json::json;
use support::Visitor;
use units::a_unit_added_by_the_national_admin_can_be_dispatched_to;

/// A staff member logged in through the portal's form.
pub(crate) async fn staff<'a>(app: &'a TestApp, key: &str) -> Visitor<'a> {
    let mut v = Visitor::new(app);
    let res = v.login(key).await;
    assert!(res.status.is_redirection(), "{key} logs in: {}", res.html);
    v
}

/// Posts a form that must succeed with a redirect; follows it and returns the page.
pub(crate) async fn change(v: &mut Visitor<'_>, path: &str, fields: &[(&str, &str)]) -> String {
    let res = v.post_form(path, fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{path}: {}", res.html);
    let to = res.location().unwrap().to_owned();
    let page = v.get(&to).await;
    assert_eq!(page.status, StatusCode::OK, "{to}: {}", page.html);
    page.html
}

/// The last audit entry's action, subject and payload.
pub(crate) async fn last_audit(app: &TestApp) -> (String, String, serde_json::Value) {
    let (entries, _, _) = app.store.list_audit().await.unwrap();
    let e = entries.last().unwrap().clone();
    (e.action, e.subject, e.payload)
}

async fn a_category_marked_sensitive_makes_new_reports_in_it_confidential(app: TestApp) {
    let mut national = staff(&app, "national").await;
    let list = national.get("/kantor/referensi/kategori").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.html);
    assert!(list.html.contains("INFRASTRUKTUR") && list.html.contains("JALAN"));
    assert!(
        list.html.contains("Tidak berlaku"),
        "the ended CORONA VIRUS campaign is marked"
    );
    let (before, _) = app.submit(json!({})).await;
    let edit = national
        .get("/kantor/referensi/kategori/ubah?id=infrastruktur/jalan")
        .await;
    assert!(edit.html.contains("value=\"JALAN\""), "{}", edit.html);

    let saved = change(
        &mut national,
        "/kantor/referensi/kategori/ubah",
        &[
            ("id", "infrastruktur/jalan"),
            ("name", "JALAN"),
            ("sensitive", "on"),
            ("active_from", ""),
            ("active_until", ""),
        ],
    )
    .await;
    assert!(saved.contains("Kategori disimpan."));
    assert!(saved.contains("Sensitif"));
    let (action, subject, payload) = last_audit(&app).await;
    assert_eq!(
        (action.as_str(), subject.as_str()),
        ("category.update", "category:infrastruktur/jalan")
    );
    assert_eq!(payload["after"]["sensitive"], true);

    let (after, _) = app.submit(json!({})).await;
    assert!(
        !confidential(&app, &before).await,
        "a report filed before stays as it was"
    );
    assert!(
        confidential(&app, &after).await,
        "a new report in it is confidential"
    );
}

async fn confidential(app: &TestApp, id: &str) -> bool {
    let tid = TrackingId::parse(id).unwrap();
    app.store
        .get_report(&tid)
        .await
        .unwrap()
        .unwrap()
        .state
        .confidential
}

async fn a_campaign_period_that_ends_before_it_starts_is_refused(app: TestApp) {
    let mut national = staff(&app, "national").await;
    let saved = change(
        &mut national,
        "/kantor/referensi/kategori/ubah",
        &[
            ("id", "infrastruktur"),
            ("name", "INFRASTRUKTUR"),
            ("active_from", "2026-03-01"),
            ("active_until", "2026-03-31"),
        ],
    )
    .await;
    assert!(saved.contains("Kampanye"));
    let refused = national
        .post_form(
            "/kantor/referensi/kategori/ubah",
            &[
                ("id", "infrastruktur"),
                ("name", "INFRASTRUKTUR"),
                ("active_from", "2026-04-01"),
                ("active_until", "2026-03-31"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .html
            .contains("Tanggal akhir tidak boleh sebelum tanggal mulai.")
    );
    assert!(refused.html.contains("value=\"2026-04-01\""), "values kept");
    let cat = app
        .store
        .get_category(&CategoryId::new("infrastruktur"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(cat.active_from.unwrap().to_string(), "2026-03-01");
}

async fn verification_due(app: &TestApp, id: &str) -> String {
    let token = app.login("national").await;
    let r = app
        .get(&format!("/api/v1/reports/{id}"), As::Token(&token))
        .await;
    assert_eq!(r.body["sla"]["phase"], "verification", "{}", r.text);
    r.body["sla"]["due_at"].as_str().unwrap().to_owned()
}

async fn a_holiday_added_moves_an_open_deadline_and_is_audited(app: TestApp) {
    // Submitted Monday 2 March 2026, 09:00 WIB: verification is due at the end of Thursday.
    let (id, _) = app.submit(json!({})).await;
    assert!(
        verification_due(&app, &id)
            .await
            .starts_with("2026-03-05T23:59:59")
    );

    let mut national = staff(&app, "national").await;
    let year = national.get("/kantor/referensi/kalender?tahun=2026").await;
    assert_eq!(year.status, StatusCode::OK, "{}", year.html);
    let page = change(
        &mut national,
        "/kantor/referensi/kalender",
        &[
            ("date", "2026-03-04"),
            ("name", "Libur mendadak"),
            ("kind", "cuti_bersama"),
            ("source", "Keppres uji"),
        ],
    )
    .await;
    assert!(
        page.contains("Tanggal ditambahkan. Tenggat 1 laporan bergeser."),
        "{page}"
    );
    assert!(page.contains("Libur mendadak") && page.contains("Cuti bersama"));
    assert!(
        verification_due(&app, &id)
            .await
            .starts_with("2026-03-06T23:59:59")
    );
    let (action, subject, _) = last_audit(&app).await;
    assert_eq!(
        (action.as_str(), subject.as_str()),
        ("calendar.add", "calendar:2026-03-04")
    );

    let twice = national
        .post_form(
            "/kantor/referensi/kalender",
            &[("date", "2026-03-04"), ("name", "Lagi"), ("kind", "other")],
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.html.contains("Tanggal ini sudah ada di kalender."));

    let page = change(
        &mut national,
        "/kantor/referensi/kalender/hapus",
        &[("date", "2026-03-04")],
    )
    .await;
    assert!(page.contains("Tanggal dihapus."));
    assert!(!page.contains("Libur mendadak"));
    assert!(
        verification_due(&app, &id)
            .await
            .starts_with("2026-03-05T23:59:59")
    );
    assert_eq!(last_audit(&app).await.0, "calendar.remove");
}

async fn tags_are_added_renamed_and_deactivated_with_an_audit_entry_each(app: TestApp) {
    let mut national = staff(&app, "national").await;
    let page = change(
        &mut national,
        "/kantor/referensi/tag",
        &[("label", "Jalan Rusak"), ("slug", "")],
    )
    .await;
    assert!(page.contains("Tag ditambahkan.") && page.contains("jalan-rusak"));
    let (action, subject, _) = last_audit(&app).await;
    assert_eq!(
        (action.as_str(), subject.as_str()),
        ("tag.add", "tag:jalan-rusak")
    );

    let twice = national
        .post_form("/kantor/referensi/tag", &[("label", "jalan rusak")])
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.html.contains("Tag dengan kode ini sudah ada."));

    let page = change(
        &mut national,
        "/kantor/referensi/tag/ubah",
        &[("slug", "jalan-rusak"), ("label", "Jalan berlubang")],
    )
    .await;
    assert!(page.contains("Nama tag diubah.") && page.contains("Jalan berlubang"));
    let (action, _, payload) = last_audit(&app).await;
    assert_eq!(action, "tag.update");
    assert_eq!(payload["before"]["label"], "Jalan Rusak");

    let page = change(
        &mut national,
        "/kantor/referensi/tag/ubah",
        &[("slug", "jalan-rusak"), ("active", "0")],
    )
    .await;
    assert!(page.contains("Tag dinonaktifkan.") && page.contains("Nonaktif"));
    let tags = app.store.list_tags().await.unwrap();
    assert_eq!(tags.len(), 1);
    assert_eq!(tags[0].label, "Jalan berlubang");
    assert!(!tags[0].active);
    let (entries, _, _) = app.store.list_audit().await.unwrap();
    let tag_entries = entries.iter().filter(|e| e.subject == "tag:jalan-rusak");
    assert_eq!(tag_entries.count(), 3, "one entry per change");
}

on_both_backends!(
    a_category_marked_sensitive_makes_new_reports_in_it_confidential,
    a_campaign_period_that_ends_before_it_starts_is_refused,
    a_holiday_added_moves_an_open_deadline_and_is_audited,
    tags_are_added_renamed_and_deactivated_with_an_audit_entry_each,
    a_unit_added_by_the_national_admin_can_be_dispatched_to,
    only_the_national_admin_opens_reference_pages,
    a_partner_added_in_the_back_office_gets_a_key_shown_once_and_revoked,
);

//! Staff administration (`/kantor/staf`) and own sessions (`/kantor/sesi`) without a browser:
//! who may create, disable, reset and rescope which accounts, that sessions end when they
//! should, and that every change is in the audit log with its actor and account.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

#[path = "../../aduan-portal/tests/support/mod.rs"]
mod support;

#[path = "staff/account_changes.rs"]
mod account_changes;
#[path = "staff/approvers.rs"]
mod approvers;
#[path = "staff/sessions.rs"]
mod sessions;

use aduan_domain::{Role, UserId};
use aduan_testkit::{As, TestApp, on_both_backends};
use axum::http::{StatusCode, header};
use serde_json::json;
use support::{Page, Visitor};

pub(crate) async fn staff<'a>(app: &'a TestApp, key: &str) -> Visitor<'a> {
    let mut v = Visitor::new(app);
    let res = v.login(key).await;
    assert!(res.status.is_redirection(), "{key} logs in: {}", res.html);
    v
}

pub(crate) async fn id_of(app: &TestApp, key: &str) -> UserId {
    let login = format!("{key}@uji.go.id");
    app.store
        .find_user_by_login(&login)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// The temporary password a page shows once.
pub(crate) fn temporary_password(page: &Page) -> String {
    let start = r#"id="temporary-password">"#;
    let from = page.html.find(start).expect("a temporary password") + start.len();
    let len = page.html[from..].find('<').unwrap();
    page.html[from..from + len].to_owned()
}

/// Whether an API bearer token still works.
pub(crate) async fn works(app: &TestApp, token: &str) -> bool {
    let me = app.get("/api/v1/me", As::Token(token)).await;
    me.status == StatusCode::OK
}

/// Logs in through the API with a login and password; the token, if the login worked.
pub(crate) async fn api_login(app: &TestApp, login: &str, password: &str) -> Option<String> {
    let res = app
        .post(
            "/api/v1/auth/login",
            As::Anon,
            json!({"login": login, "password": password}),
        )
        .await;
    res.body["token"].as_str().map(str::to_owned)
}

/// The audit entries after the fixture's own, as (action, actor, subject).
pub(crate) async fn changes(app: &TestApp) -> Vec<(String, String, String)> {
    let (entries, _, _) = app.store.list_audit().await.unwrap();
    entries
        .into_iter()
        .filter(|e| e.actor != "test")
        .map(|e| (e.action, e.actor, e.subject))
        .collect()
}

async fn the_national_admin_creates_an_agency_admin_for_makassar_who_sees_makassars_queue(
    app: TestApp,
) {
    let (makassar_report, _) = app
        .submit(json!({"requested_agency": "kota-makassar", "title": "Drainase tersumbat di Jl. Penghibur"}))
        .await;
    let (surabaya_report, _) = app.submit(json!({})).await;
    let mut national = staff(&app, "national").await;
    let page = national
        .post_form(
            "/kantor/staf",
            &[
                ("name", "Andi Pratama"),
                ("email", "andi.pratama@makassarkota.go.id"),
                ("role", "agency_admin"),
                ("agency", "kota-makassar"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert_eq!(
        page.headers[header::CACHE_CONTROL],
        "no-store",
        "shown once, never cached"
    );
    let password = temporary_password(&page);
    let andi = app
        .store
        .find_user_by_login("andi.pratama@makassarkota.go.id")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (andi.role, andi.agency.unwrap().as_str()),
        (Role::AgencyAdmin, "kota-makassar")
    );
    assert!(
        !andi.password_hash.unwrap().contains(&password),
        "only a hash is stored"
    );

    let mut andi_browser = Visitor::new(&app);
    let login = andi_browser
        .post_form(
            "/akun/masuk",
            &[
                ("login", "andi.pratama@makassarkota.go.id"),
                ("password", &password),
            ],
        )
        .await;
    assert!(login.status.is_redirection(), "{}", login.html);
    let queue = andi_browser.get("/kantor").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(
        queue.html.contains(&makassar_report),
        "Makassar's report is in its queue"
    );
    assert!(!queue.html.contains(&surabaya_report), "Surabaya's is not");

    let national_id = id_of(&app, "national").await.to_string();
    assert_eq!(
        changes(&app).await,
        [(
            "user.create".into(),
            national_id,
            format!("user:{}", andi.id)
        )]
    );
}

async fn an_agency_admin_creates_unit_officers_of_its_own_agency_and_nothing_else(app: TestApp) {
    // The back office may make national admins here, so the refusal below is the agency
    // admin's own limit.
    let app = app.with_config(|c| c.approvers_from_cli = false);
    let mut surabaya = staff(&app, "surabaya").await;
    let list = surabaya.get("/kantor/staf").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.html.contains("Akun dinas-pu") && !list.html.contains("Akun makassar"));
    let officer = |email: &'static str, agency: &'static str, unit: &'static str| {
        [
            ("name", "Wati Lestari"),
            ("email", email),
            ("role", "unit_officer"),
            ("agency", agency),
            ("unit", unit),
        ]
    };
    let ok = officer(
        "wati@surabaya.go.id",
        "kota-surabaya",
        "kota-surabaya/dinas-pu",
    );
    let created = surabaya.post_form("/kantor/staf", &ok).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.html);
    let token = api_login(&app, "wati@surabaya.go.id", &temporary_password(&created)).await;
    let me = app.get("/api/v1/me", As::Token(&token.unwrap())).await;
    assert_eq!(
        (me.body["role"].as_str(), me.body["unit"].as_str()),
        (Some("unit_officer"), Some("kota-surabaya/dinas-pu"))
    );

    let elsewhere = officer(
        "andi@makassar.go.id",
        "kota-makassar",
        "kota-makassar/dinas-pu",
    );
    assert_eq!(
        surabaya.post_form("/kantor/staf", &elsewhere).await.status,
        StatusCode::FORBIDDEN
    );
    let national = [
        ("name", "Raja"),
        ("email", "raja@surabaya.go.id"),
        ("role", "national_admin"),
    ];
    assert_eq!(
        surabaya.post_form("/kantor/staf", &national).await.status,
        StatusCode::FORBIDDEN
    );
    let foreign_unit = officer(
        "budi@surabaya.go.id",
        "kota-surabaya",
        "kota-makassar/dinas-pu",
    );
    let refused = surabaya.post_form("/kantor/staf", &foreign_unit).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a unit of another agency"
    );
    assert!(refused.html.contains("staff-unit-error"));
    let no_unit = officer("budi@surabaya.go.id", "kota-surabaya", "");
    assert_eq!(
        surabaya.post_form("/kantor/staf", &no_unit).await.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a unit officer without a unit is incomplete"
    );
    for email in [
        "andi@makassar.go.id",
        "raja@surabaya.go.id",
        "budi@surabaya.go.id",
    ] {
        assert!(
            app.store.find_user_by_login(email).await.unwrap().is_none(),
            "{email}"
        );
    }

    let mut officer = staff(&app, "dinas-pu").await;
    assert_eq!(
        officer.get("/kantor/staf").await.status,
        StatusCode::FORBIDDEN
    );
    let ombudsman_id = id_of(&app, "ombudsman").await;
    let makassar_id = id_of(&app, "makassar").await;
    for id in [ombudsman_id, makassar_id] {
        let other = surabaya.get(&format!("/kantor/staf/{id}")).await;
        assert_eq!(
            other.status,
            StatusCode::NOT_FOUND,
            "not in Surabaya's reach"
        );
        let off = surabaya
            .post_form(&format!("/kantor/staf/{id}/status"), &[("disabled", "1")])
            .await;
        assert_eq!(off.status, StatusCode::NOT_FOUND);
    }
}

on_both_backends!(
    the_national_admin_creates_an_agency_admin_for_makassar_who_sees_makassars_queue,
    an_agency_admin_creates_unit_officers_of_its_own_agency_and_nothing_else,
);

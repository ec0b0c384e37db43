//! Changes to an existing account: disabling ends its sessions, a reset ends them and shows a
//! new temporary password, a scope stays within what the admin may grant, and each change is
//! in the audit log with its actor and account.

use super::{api_login, changes, id_of, staff, temporary_password, works};
use aduan_domain::{Role, UnitId};
use aduan_testkit::{TestApp, on_both_backends};
use axum::http::{StatusCode, header};

async fn disabling_an_account_ends_its_sessions_and_enabling_it_revives_none(app: TestApp) {
    let token = app.login("dinas-pu").await;
    assert!(works(&app, &token).await);
    let officer = id_of(&app, "dinas-pu").await;
    let mut surabaya = staff(&app, "surabaya").await;
    let off = surabaya
        .post_form(
            &format!("/kantor/staf/{officer}/status"),
            &[("disabled", "1")],
        )
        .await;
    assert_eq!(off.status, StatusCode::SEE_OTHER, "{}", off.html);
    let page = surabaya.get(off.location().unwrap()).await;
    assert!(
        page.html.contains("account-enable"),
        "the page now offers to enable it"
    );
    assert!(!works(&app, &token).await, "the session ended");
    assert!(
        api_login(&app, "dinas-pu@uji.go.id", "rahasia-dinas-pu")
            .await
            .is_none()
    );

    let on = surabaya
        .post_form(
            &format!("/kantor/staf/{officer}/status"),
            &[("disabled", "0")],
        )
        .await;
    assert_eq!(on.status, StatusCode::SEE_OTHER);
    assert!(
        !works(&app, &token).await,
        "enabling brings no old session back"
    );
    assert!(
        api_login(&app, "dinas-pu@uji.go.id", "rahasia-dinas-pu")
            .await
            .is_some()
    );
}

async fn a_password_reset_ends_every_session_and_shows_a_new_temporary_password(app: TestApp) {
    let (one, two) = (
        app.login("bidang-jalan").await,
        app.login("bidang-jalan").await,
    );
    let officer = id_of(&app, "bidang-jalan").await;
    let mut surabaya = staff(&app, "surabaya").await;
    let page = surabaya
        .post_form(&format!("/kantor/staf/{officer}/sandi"), &[])
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
    let password = temporary_password(&page);
    assert!(!works(&app, &one).await && !works(&app, &two).await);
    let login = "bidang-jalan@uji.go.id";
    assert!(
        api_login(&app, login, "rahasia-bidang-jalan")
            .await
            .is_none(),
        "the old one fails"
    );
    assert!(api_login(&app, login, &password).await.is_some());
}

async fn a_scope_change_stays_within_what_the_admin_may_grant(app: TestApp) {
    let officer = id_of(&app, "dinkes").await;
    let mut surabaya = staff(&app, "surabaya").await;
    let path = format!("/kantor/staf/{officer}/lingkup");
    let to_pu = [
        ("role", "unit_officer"),
        ("agency", "kota-surabaya"),
        ("unit", "kota-surabaya/dinas-pu"),
    ];
    let moved = surabaya.post_form(&path, &to_pu).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.html);
    let stored = app.store.get_user(officer).await.unwrap().unwrap();
    assert_eq!(stored.unit, Some(UnitId::new("kota-surabaya/dinas-pu")));
    let promote = [("role", "agency_admin"), ("agency", "kota-surabaya")];
    assert_eq!(
        surabaya.post_form(&path, &promote).await.status,
        StatusCode::FORBIDDEN
    );
    let abroad = [
        ("role", "unit_officer"),
        ("agency", "kota-makassar"),
        ("unit", "kota-makassar/dinas-pu"),
    ];
    assert_eq!(
        surabaya.post_form(&path, &abroad).await.status,
        StatusCode::FORBIDDEN
    );

    let mut national = staff(&app, "national").await;
    let makassar = id_of(&app, "makassar").await;
    let incomplete = [
        ("role", "unit_officer"),
        ("agency", "kota-makassar"),
        ("unit", ""),
    ];
    let refused = national
        .post_form(&format!("/kantor/staf/{makassar}/lingkup"), &incomplete)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unchanged = app.store.get_user(makassar).await.unwrap().unwrap();
    assert_eq!(unchanged.role, Role::AgencyAdmin);
    let me = id_of(&app, "national").await;
    let own = national
        .post_form(&format!("/kantor/staf/{me}/status"), &[("disabled", "1")])
        .await;
    assert_eq!(
        own.status,
        StatusCode::FORBIDDEN,
        "no admin locks themselves out"
    );
}

async fn every_change_is_an_audit_entry_naming_the_actor_and_the_account(app: TestApp) {
    let mut surabaya = staff(&app, "surabaya").await;
    let created = surabaya
        .post_form(
            "/kantor/staf",
            &[
                ("name", "Wati Lestari"),
                ("phone", "081311112222"),
                ("role", "unit_officer"),
                ("agency", "kota-surabaya"),
                ("unit", "kota-surabaya/dinas-kesehatan"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.html);
    let wati = app
        .store
        .find_user_by_login("+6281311112222")
        .await
        .unwrap()
        .unwrap()
        .id;
    let base = format!("/kantor/staf/{wati}");
    surabaya
        .post_form(&format!("{base}/status"), &[("disabled", "1")])
        .await;
    surabaya
        .post_form(&format!("{base}/status"), &[("disabled", "0")])
        .await;
    surabaya.post_form(&format!("{base}/sandi"), &[]).await;
    let to_pu = [
        ("role", "unit_officer"),
        ("agency", "kota-surabaya"),
        ("unit", "kota-surabaya/dinas-pu"),
    ];
    surabaya.post_form(&format!("{base}/lingkup"), &to_pu).await;
    let (actor, subject) = (
        id_of(&app, "surabaya").await.to_string(),
        format!("user:{wati}"),
    );
    let expected: Vec<(String, String, String)> = [
        "user.create",
        "user.disable",
        "user.enable",
        "user.password_reset",
        "user.scope",
    ]
    .into_iter()
    .map(|a| (a.to_owned(), actor.clone(), subject.clone()))
    .collect();
    assert_eq!(changes(&app).await, expected);
    let (entries, _, _) = app.store.list_audit().await.unwrap();
    let scope = entries.last().unwrap();
    assert_eq!(
        scope.payload["from"]["unit"],
        "kota-surabaya/dinas-kesehatan"
    );
    assert_eq!(scope.payload["to"]["unit"], "kota-surabaya/dinas-pu");
}

on_both_backends!(
    disabling_an_account_ends_its_sessions_and_enabling_it_revives_none,
    a_password_reset_ends_every_session_and_shows_a_new_temporary_password,
    a_scope_change_stays_within_what_the_admin_may_grant,
    every_change_is_an_audit_entry_naming_the_actor_and_the_account,
);

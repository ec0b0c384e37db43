//! The accounts that may ask for or approve a reveal of an anonymous identity (national admins
//! and supervisors) are made and changed on the server only, unless the deployment lets the
//! back office do it: nobody with the back office makes the second person of their own reveal.

use super::{id_of, staff, temporary_password};
use aduan_domain::Role;
use aduan_testkit::{TestApp, on_both_backends};
use axum::http::StatusCode;

const NEW_NATIONAL: [(&str, &str); 3] = [
    ("name", "Raja Siregar"),
    ("email", "raja@kantor.go.id"),
    ("role", "national_admin"),
];

async fn the_back_office_neither_makes_nor_changes_an_account_that_may_reveal(app: TestApp) {
    let fellow = app.add_staff("kedua", Role::NationalAdmin).await;
    let ombudsman = id_of(&app, "ombudsman").await;
    let mut national = staff(&app, "national").await;
    let list = national.get("/kantor/staf").await;
    assert!(
        list.html.contains(r#"value="agency_admin""#),
        "{}",
        list.html
    );
    for role in ["national_admin", "supervisor"] {
        assert!(
            !list.html.contains(&format!(r#"value="{role}""#)),
            "{role} is not offered"
        );
    }
    let made = national.post_form("/kantor/staf", &NEW_NATIONAL).await;
    assert_eq!(made.status, StatusCode::FORBIDDEN);
    let none = app.store.find_user_by_login("raja@kantor.go.id").await;
    assert!(none.unwrap().is_none());

    for id in [fellow.id, ombudsman] {
        let page = national.get(&format!("/kantor/staf/{id}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.html.contains("aduan user") && !page.html.contains("account-disable"),
            "read only, managed on the server"
        );
        for (path, form) in [
            ("status", vec![("disabled", "1")]),
            ("sandi", vec![]),
            (
                "lingkup",
                vec![("role", "agency_admin"), ("agency", "kota-surabaya")],
            ),
        ] {
            let tried = national
                .post_form(&format!("/kantor/staf/{id}/{path}"), &form)
                .await;
            assert_eq!(tried.status, StatusCode::FORBIDDEN, "{path}");
        }
    }
    let unchanged = app.store.get_user(fellow.id).await.unwrap().unwrap();
    assert!(!unchanged.disabled && unchanged.role == Role::NationalAdmin);
    // An agency admin stays the national admin's to make and change.
    let surabaya = id_of(&app, "surabaya").await;
    let page = national.get(&format!("/kantor/staf/{surabaya}")).await;
    assert!(page.html.contains("account-disable"));
}

async fn a_deployment_may_let_the_back_office_make_national_admins(app: TestApp) {
    let app = app.with_config(|c| c.approvers_from_cli = false);
    let mut national = staff(&app, "national").await;
    let made = national.post_form("/kantor/staf", &NEW_NATIONAL).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.html);
    assert!(!temporary_password(&made).is_empty());
    let raja = app.store.find_user_by_login("raja@kantor.go.id").await;
    assert_eq!(raja.unwrap().unwrap().role, Role::NationalAdmin);
}

on_both_backends!(
    the_back_office_neither_makes_nor_changes_an_account_that_may_reveal,
    a_deployment_may_let_the_back_office_make_national_admins,
);

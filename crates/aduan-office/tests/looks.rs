//! `/kantor/identitas-dilihat`: a staff member who opens a named reporter's report in the back
//! office, or sees it in the queue, is recorded with the path `office`; the national admin
//! follows the link from the report (and from the staff member's account) to the looks, which
//! name the staff member and never the reporter; other staff may not see the page.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

#[path = "../../aduan-portal/tests/support/mod.rs"]
mod support;

use aduan_testkit::{As, TestApp, on_both_backends};
use axum::http::StatusCode;
use serde_json::json;
use support::Visitor;

async fn a_look_in_the_back_office_is_listed_for_the_national_admin_per_report_and_account(
    app: TestApp,
) {
    let (id, _) = app.submit(json!({})).await;
    let surabaya = app.login("surabaya").await;
    app.act_ok(
        &id,
        As::Token(&surabaya),
        json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"}),
    )
    .await;
    let mut agency = Visitor::new(&app);
    assert!(agency.login("surabaya").await.status.is_redirection());
    let report = agency.get(&format!("/kantor/laporan/{id}")).await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(report.html.contains("Siti Rahmawati"), "staff see the name");
    assert!(
        !report.html.contains("/kantor/identitas-dilihat"),
        "only the national admin is led to the looks"
    );
    let forbidden = agency
        .get(&format!("/kantor/identitas-dilihat?laporan={id}"))
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);

    let mut national = Visitor::new(&app);
    assert!(national.login("national").await.status.is_redirection());
    let report = national.get(&format!("/kantor/laporan/{id}")).await;
    let link = format!("/kantor/identitas-dilihat?laporan={id}");
    assert!(report.html.contains(&link), "the report links to its looks");
    let looks = national.get(&link).await;
    assert_eq!(looks.status, StatusCode::OK);
    let rows: Vec<&str> = looks.html.split("<tr class=\"look\">").skip(1).collect();
    assert_eq!(
        rows.len(),
        2,
        "the agency admin's look and the national admin's"
    );
    assert!(
        rows.iter()
            .all(|r| r.contains("Kantor") && r.contains("Halaman laporan"))
    );
    assert!(rows[1].contains("Admin instansi"), "{}", rows[1]);
    assert!(
        !looks.html.contains("Siti Rahmawati"),
        "the reporter is never named"
    );

    // From the agency admin's account to the looks it made.
    let account = rows[1]
        .split("href=\"/kantor/staf/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    let page = national.get(&format!("/kantor/staf/{account}")).await;
    let link = format!("/kantor/identitas-dilihat?akun={account}");
    assert!(page.html.contains(&link), "the account links to its looks");
    let by_account = national.get(&link).await;
    assert_eq!(by_account.status, StatusCode::OK);
    assert_eq!(by_account.html.matches("<tr class=\"look\">").count(), 1);
    assert!(by_account.html.contains(&format!("/kantor/laporan/{id}")));

    // A reveal shown in the back office, on its approved request's page, is a look through
    // the office.
    let (hidden, _) = app.submit(json!({"anonymous": true})).await;
    let link = format!("/kantor/identitas-dilihat?laporan={hidden}");
    assert!(national.get(&link).await.html.contains("id=\"looks-none\""));
    let (asker, secret) = app.login_with_second_factor("national").await;
    let made = app
        .post(
            &format!("/api/v1/reports/{hidden}/reveal-requests"),
            As::Token(&asker),
            json!({"reason": "Permintaan penyidik."}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let n = made.body["id"].as_i64().unwrap();
    app.add_staff("national2", aduan_domain::Role::NationalAdmin)
        .await;
    let (approver, _) = app.login_with_second_factor("national2").await;
    let approved = app
        .post(
            &format!("/api/v1/reveal-requests/{n}/decision"),
            As::Token(&approver),
            json!({"approve": true}),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.text);
    app.clock.advance(chrono::Duration::seconds(30));
    let code = secret.code_at(app.state.clock.now().timestamp() as u64);
    let mut requester = Visitor::new(&app);
    let logged = requester
        .post_form(
            "/akun/masuk",
            &[
                ("login", "national@uji.go.id"),
                ("password", "rahasia-national"),
                ("code", &code),
            ],
        )
        .await;
    assert!(logged.status.is_redirection(), "{}", logged.html);
    let revealed = requester.get(&format!("/kantor/pengungkapan/{n}")).await;
    assert_eq!(revealed.status, StatusCode::OK, "{}", revealed.html);
    assert!(revealed.html.contains("Siti Rahmawati"));
    let looks = requester.get(&link).await;
    let rows: Vec<&str> = looks.html.split("<tr class=\"look\">").skip(1).collect();
    assert_eq!(rows.len(), 1, "{}", looks.html);
    assert!(rows[0].contains("Kantor") && rows[0].contains("Pembukaan identitas anonim"));
}

on_both_backends!(
    a_look_in_the_back_office_is_listed_for_the_national_admin_per_report_and_account
);

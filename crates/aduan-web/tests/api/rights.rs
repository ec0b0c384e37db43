//! A reporter's data rights through the API with nothing but the report's access code: they
//! read what Aduan holds about them and erase their identity; the report stays with nobody
//! named; nobody else (the public, citizens, any staff) may do either, nor learn the report is
//! there.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use axum::http::StatusCode;
use serde_json::json;

async fn a_reporter_with_an_access_code_reads_their_data_and_erases_their_identity(app: TestApp) {
    let (id, code) = app.submit(json!({"show_name": true})).await;
    let national = app.login("national").await;
    let data = format!("/api/v1/reports/{id}/my-data");
    let erase = format!("/api/v1/reports/{id}/erase-identity");

    let mine = app.get(&data, As::Code(&code)).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.text);
    assert_eq!(mine.body["identity"]["name"], json!("Siti Rahmawati"));
    assert_eq!(mine.body["identity"]["nik"], json!("3578014507900001"));
    assert_eq!(mine.body["report"]["tracking_id"], json!(id));
    assert!(!mine.body["history"].as_array().unwrap().is_empty());

    // Nobody else: the answer is the same as for a report that is not there.
    let mut others = vec![As::Anon, As::Token(&national)];
    let tokens: Vec<String> = {
        let mut t = Vec::new();
        for who in ["citizen", "surabaya", "ombudsman"] {
            t.push(app.login(who).await);
        }
        t
    };
    others.extend(tokens.iter().map(|t| As::Token(t)));
    for who in others {
        assert_eq!(app.get(&data, who).await.status, StatusCode::NOT_FOUND);
        let res = app.post(&erase, who, json!({"confirm": true})).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.text);
    }
    let wrong = app.get(&data, As::Code("AAAA-BBBB-CCCC")).await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);

    // The erasure must be confirmed, then it is done once.
    let unconfirmed = app
        .post(&erase, As::Code(&code), json!({"confirm": false}))
        .await;
    assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = app
        .post(&erase, As::Code(&code), json!({"confirm": true}))
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert_eq!(done.body, json!({"tracking_id": id, "erased": true}));
    let again = app
        .post(&erase, As::Code(&code), json!({"confirm": true}))
        .await;
    assert_eq!(again.body["erased"], json!(false));

    let after = app.get(&data, As::Code(&code)).await;
    assert_eq!(after.body["identity"], json!(null));
    let staff = app
        .get(&format!("/api/v1/reports/{id}"), As::Token(&national))
        .await;
    assert_eq!(staff.status, StatusCode::OK, "the report stays");
    assert!(!staff.text.contains("Siti"), "{}", staff.text);
    let own = app
        .get(&format!("/api/v1/reports/{id}"), As::Code(&code))
        .await;
    assert!(!own.text.contains("Rahmawati"));
}

/// A report filed with an account is the account's: its identity is erased with the account.
async fn a_report_filed_with_an_account_sends_its_reporter_to_the_account_to_erase(app: TestApp) {
    let citizen = app.login("citizen").await;
    let filed = app
        .post(
            "/api/v1/reports",
            As::Token(&citizen),
            aduan_testkit::report_body(json!({"reporter": null})),
        )
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
    let id = filed.body["tracking_id"].as_str().unwrap().to_owned();
    let data = app
        .get(
            &format!("/api/v1/reports/{id}/my-data"),
            As::Token(&citizen),
        )
        .await;
    assert_eq!(data.status, StatusCode::OK, "{}", data.text);
    let erase = app
        .post(
            &format!("/api/v1/reports/{id}/erase-identity"),
            As::Token(&citizen),
            json!({"confirm": true}),
        )
        .await;
    assert_eq!(erase.status, StatusCode::CONFLICT, "{}", erase.text);
    assert!(erase.text.contains("/akun/hapus"), "{}", erase.text);
}

on_both_backends!(
    a_reporter_with_an_access_code_reads_their_data_and_erases_their_identity,
    a_report_filed_with_an_account_sends_its_reporter_to_the_account_to_erase
);

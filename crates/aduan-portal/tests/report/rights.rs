//! A reporter's data rights on the report's page: with the access code the page offers them
//! their data as a JSON download and the erasure of their identity, which needs the
//! confirmation ticked; a visitor without the code gets neither.

use crate::support::Visitor;
use aduan_testkit::TestApp;
use axum::http::StatusCode;
use serde_json::json;

pub async fn a_reporter_downloads_their_data_and_erases_their_identity_from_the_report_page(
    app: TestApp,
) {
    let (id, code) = app.submit(json!({"show_name": true})).await;
    let mut stranger = Visitor::new(&app);
    let page = stranger.get(&format!("/laporan/{id}")).await;
    assert!(
        !page.html.contains("data-saya"),
        "a stranger is offered nothing"
    );
    let data = stranger.get(&format!("/laporan/{id}/data-saya")).await;
    assert_eq!(data.status, StatusCode::NOT_FOUND);
    let erase = format!("/laporan/{id}/hapus-identitas");
    let refused = stranger.post_form(&erase, &[("confirm", "yes")]).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    let mut reporter = Visitor::new(&app);
    let opened = reporter
        .post_form("/lacak", &[("id", &id), ("code", &code)])
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER);
    let page = reporter.get(&format!("/laporan/{id}")).await;
    assert!(
        page.html.contains("id=\"my-data\""),
        "the reporter is offered their data"
    );
    let data = reporter.get(&format!("/laporan/{id}/data-saya")).await;
    assert_eq!(data.status, StatusCode::OK);
    assert!(
        data.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains(&format!("aduan-data-{id}.json"))
    );
    let held: serde_json::Value = serde_json::from_str(&data.html).unwrap();
    assert_eq!(held["identity"]["name"], json!("Siti Rahmawati"));
    assert_eq!(held["report"]["tracking_id"], json!(id));

    let unticked = reporter.post_form(&erase, &[]).await;
    assert_eq!(unticked.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unticked.html.contains("Centang kotak persetujuan"));
    let held = reporter.get(&format!("/laporan/{id}/data-saya")).await;
    assert!(
        held.html.contains("Siti Rahmawati"),
        "nothing erased unticked"
    );

    let done = reporter.post_form(&erase, &[("confirm", "yes")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let back = reporter.get(done.location().unwrap()).await;
    assert!(
        back.html.contains("Identitas Anda sudah dihapus"),
        "{}",
        back.html
    );
    assert!(!back.html.contains("Siti Rahmawati"));
    let national = app.login("national").await;
    let staff = app
        .get(
            &format!("/api/v1/reports/{id}"),
            aduan_testkit::As::Token(&national),
        )
        .await;
    assert!(staff.text.contains(&id), "the report stays");
    assert!(
        !staff.text.contains("Siti Rahmawati"),
        "staff no longer see the name"
    );
    let held: serde_json::Value =
        serde_json::from_str(&reporter.get(&format!("/laporan/{id}/data-saya")).await.html)
            .unwrap();
    assert_eq!(held["identity"], json!(null));
}

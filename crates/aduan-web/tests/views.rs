//! Snapshots of what the JSON API shows of a report: the report view as its reporter and as
//! the public sees it, for an anonymous and a named report, and the status card. Both
//! backends answer against the same snapshot (`tests/snapshots/views__*.snap`), so SQLite and
//! PostgreSQL must answer alike. Tracking ids are random and replaced by `[tracking_id]`;
//! every time comes from the testkit's fixed clock.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

use aduan_testkit::{As, REPORTER_IDENTITY, TestApp, on_both_backends};
use axum::http::StatusCode;
use serde_json::{Value, json};

/// `GET path` as `who`, which must answer 200.
async fn read(app: &TestApp, path: &str, who: As<'_>) -> (Value, String) {
    let res = app.get(path, who).await;
    assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.text);
    (res.body, res.text)
}

fn assert_no_identity(text: &str) {
    for part in REPORTER_IDENTITY {
        assert!(!text.contains(part), "{part} shows in {text}");
    }
}

async fn the_public_json_view_of_an_anonymous_report_matches_its_snapshot(app: TestApp) {
    let (id, _) = app.public_report(json!({"anonymous": true})).await;
    let (body, text) = read(&app, &format!("/api/v1/reports/{id}"), As::Anon).await;
    assert_no_identity(&text);
    assert_eq!(body["reporter"], json!({"display": "Anonim"}));
    insta::assert_json_snapshot!("report_view_public_anonymous", body, {
        ".tracking_id" => "[tracking_id]",
    });
}

async fn the_public_json_view_of_a_report_whose_reporter_shows_their_name_matches_its_snapshot(
    app: TestApp,
) {
    let (id, _) = app.public_report(json!({"show_name": true})).await;
    let (body, text) = read(&app, &format!("/api/v1/reports/{id}"), As::Anon).await;
    assert_eq!(body["reporter"], json!({"display": "Siti Rahmawati"}));
    assert_no_identity(&text.replace("Siti Rahmawati", ""));
    insta::assert_json_snapshot!("report_view_public_named", body, {
        ".tracking_id" => "[tracking_id]",
    });
}

async fn the_reporters_json_view_of_their_anonymous_report_matches_its_snapshot(app: TestApp) {
    let (id, code) = app.public_report(json!({"anonymous": true})).await;
    let (body, _) = read(&app, &format!("/api/v1/reports/{id}"), As::Code(&code)).await;
    insta::assert_json_snapshot!("report_view_reporter_anonymous", body, {
        ".tracking_id" => "[tracking_id]",
    });
}

async fn the_reporters_json_view_of_their_named_report_matches_its_snapshot(app: TestApp) {
    let (id, code) = app.public_report(json!({"show_name": true})).await;
    let (body, _) = read(&app, &format!("/api/v1/reports/{id}"), As::Code(&code)).await;
    insta::assert_json_snapshot!("report_view_reporter_named", body, {
        ".tracking_id" => "[tracking_id]",
    });
}

async fn the_status_card_for_the_public_and_for_the_reporter_matches_its_snapshots(app: TestApp) {
    let (id, code) = app.public_report(json!({"anonymous": true})).await;
    let path = format!("/api/v1/reports/{id}/status");
    let (public, text) = read(&app, &path, As::Anon).await;
    assert_no_identity(&text);
    insta::assert_json_snapshot!("status_card_public", public, {
        ".tracking_id" => "[tracking_id]",
    });
    let (reporter, _) = read(&app, &path, As::Code(&code)).await;
    insta::assert_json_snapshot!("status_card_reporter", reporter, {
        ".tracking_id" => "[tracking_id]",
    });
}

async fn the_status_card_of_a_report_awaiting_verification_matches_its_snapshot(app: TestApp) {
    let (id, _) = app.submit(json!({"anonymous": true})).await;
    let (card, text) = read(&app, &format!("/api/v1/reports/{id}/status"), As::Anon).await;
    assert_no_identity(&text);
    insta::assert_json_snapshot!("status_card_awaiting_verification", card, {
        ".tracking_id" => "[tracking_id]",
    });
}

on_both_backends!(
    the_public_json_view_of_an_anonymous_report_matches_its_snapshot,
    the_public_json_view_of_a_report_whose_reporter_shows_their_name_matches_its_snapshot,
    the_reporters_json_view_of_their_anonymous_report_matches_its_snapshot,
    the_reporters_json_view_of_their_named_report_matches_its_snapshot,
    the_status_card_for_the_public_and_for_the_reporter_matches_its_snapshots,
    the_status_card_of_a_report_awaiting_verification_matches_its_snapshot,
);

//! The reports export streams: 2,500 public reports (written through the bulk loader) come
//! out as three chunks, one per page of 1,000 read (the server reads a page or two ahead of the
//! client, never more), so it holds a few pages at most however many reports there are.

use crate::common::TestApp;
use crate::on_both_backends;
use aduan_app::opendata::PAGE_SIZE;
use aduan_domain::workdays::WorkCalendar;
use aduan_store::History;
use aduan_store::contract::{dispatched_history, rng};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::Duration;
use http_body_util::BodyExt;
use std::collections::BTreeSet;
use tower::ServiceExt;

const REPORTS: usize = 2_500;

/// Report `i`: submitted `i` minutes before the app's clock, dispatched to Kota Surabaya.
fn public_history(
    i: usize,
    rng: &mut impl rand::Rng,
    now: chrono::DateTime<chrono::Utc>,
) -> History {
    let submitted = now - Duration::minutes(i as i64 + 1);
    dispatched_history(
        rng,
        i.is_multiple_of(7),
        submitted,
        submitted + Duration::seconds(30),
        Vec::new(),
    )
}

/// The body's data frames, each as the client received it.
async fn frames(app: &TestApp, path: &str) -> Vec<String> {
    let req = Request::get(path).body(Body::empty()).unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let mut body = res.into_body();
    let mut out = Vec::new();
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.unwrap().into_data() {
            out.push(String::from_utf8(data.to_vec()).unwrap());
        }
    }
    out
}

async fn the_reports_export_is_sent_a_page_at_a_time(app: TestApp) {
    let mut rng = rng();
    let now = app.state.clock.now();
    let histories: Vec<History> = (0..REPORTS)
        .map(|i| public_history(i, &mut rng, now))
        .collect();
    let cal = WorkCalendar::new([]);
    for batch in histories.chunks(500) {
        app.store.insert_histories(batch, &cal).await.unwrap();
    }
    assert_eq!(PAGE_SIZE, 1_000);

    let chunks = frames(&app, "/api/v1/open/reports.jsonl").await;
    let per_chunk: Vec<usize> = chunks.iter().map(|c| c.lines().count()).collect();
    assert_eq!(per_chunk, [1_000, 1_000, 500], "one chunk per page read");
    let ids: BTreeSet<String> = chunks
        .iter()
        .flat_map(|c| c.lines())
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["tracking_id"].to_string())
        .collect();
    assert_eq!(ids.len(), REPORTS, "each report once, across the pages");

    let chunks = frames(&app, "/api/v1/open/reports.csv").await;
    assert_eq!(chunks.len(), 3);
    assert!(chunks[0].starts_with("tracking_id,submitted_at,"));
    assert!(
        !chunks[1].starts_with("tracking_id"),
        "the header leads the first page only"
    );
    let all = chunks.concat();
    let rows = csv::Reader::from_reader(all.as_bytes()).records().count();
    assert_eq!(rows, REPORTS);
}

/// A client asking for gzip gets the export compressed: the compression layer polls the body
/// again after its last page, which must end it again, not panic (as Schemathesis found).
async fn a_compressed_export_ends_cleanly(app: TestApp) {
    app.public_report(serde_json::json!({})).await;
    for path in ["/api/v1/open/reports.csv", "/api/v1/open/reports.jsonl"] {
        let req = Request::get(path)
            .header("accept-encoding", "gzip")
            .body(Body::empty())
            .unwrap();
        let res = app.router.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(res.headers()["content-encoding"], "gzip", "{path}");
        let gz = res.into_body().collect().await.unwrap().to_bytes();
        assert!(gz.len() > 20, "{path}: a whole gzip stream");
    }
}

on_both_backends!(
    the_reports_export_is_sent_a_page_at_a_time,
    a_compressed_export_ends_cleanly
);

//! Searching the public feed (`/laporan?q=`): public reports only, the words marked in each
//! result's snippet, the count found, pages that keep the search, and a plain answer when the
//! words are too common to search for.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use aduan_testkit::{As, TestApp};
use axum::http::StatusCode;
use serde_json::{Value, json};
use support::{Visitor, pager_link};

async fn dispatched(app: &TestApp, overrides: Value) -> String {
    let (id, _) = app.submit(overrides).await;
    let national = app.login("national").await;
    let verify = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    app.act_ok(&id, As::Token(&national), verify).await;
    id
}

async fn page(app: &TestApp, path: &str) -> String {
    let page = Visitor::new(app).get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    page.html
}

async fn the_feed_finds_public_reports_by_their_words_and_marks_them(app: TestApp) {
    let found = dispatched(
        &app,
        json!({"title": "Aspal Jl. Darmo mengelupas", "body": "Jalanan rusak parah sejak hujan deras."}),
    )
    .await;
    dispatched(
        &app,
        json!({"title": "Rahasia: jalan rusak di depan kantor", "confidential": true}),
    )
    .await;
    app.submit(json!({"title": "Belum diverifikasi: jalan rusak"}))
        .await;
    let html = page(&app, "/laporan?q=jln+rusak").await;
    assert!(
        html.contains(&format!("href=\"/laporan/{found}\"")),
        "{html}"
    );
    assert!(
        html.contains("<mark>Jalanan</mark> <mark>rusak</mark> parah"),
        "{html}"
    );
    assert!(html.contains("Ditemukan 1 laporan publik."), "{html}");
    assert!(
        !html.contains("Rahasia"),
        "a confidential report is never found"
    );
    assert!(
        !html.contains("Belum diverifikasi"),
        "nor one awaiting verification"
    );
    assert!(
        html.contains("value=\"jln rusak\""),
        "the words stay in the box"
    );
}

async fn words_too_common_to_search_for_get_a_plain_answer(app: TestApp) {
    dispatched(&app, json!({})).await;
    let html = page(&app, "/laporan?q=yang+dan+di").await;
    assert!(html.contains("Kata yang dicari terlalu umum"), "{html}");
    assert!(html.contains("Belum ada laporan publik yang cocok."));
}

async fn search_results_page_with_the_search_kept(app: TestApp) {
    let mut all = Vec::new();
    for n in 1..=21 {
        let body = format!("Sampah menumpuk di RT {n:02}, belum diangkut.");
        all.push(
            dispatched(
                &app,
                json!({"title": format!("Keluhan nomor {n:02}"), "body": body}),
            )
            .await,
        );
    }
    let mut visitor = Visitor::new(&app);
    let first = visitor.get("/laporan?q=sampah").await.html;
    let next = pager_link(&first, "next").expect("a next link");
    assert!(next.contains("q=sampah"), "{next}");
    let second = visitor.get(&next).await;
    assert_eq!(second.status, StatusCode::OK);
    assert!(second.html.contains("Halaman 2"));
    assert!(pager_link(&second.html, "next").is_none(), "the last page");
    let listed = |html: &str| -> Vec<String> {
        all.iter()
            .filter(|id| html.contains(&format!("href=\"/laporan/{id}\"")))
            .cloned()
            .collect()
    };
    let (a, b) = (listed(&first), listed(&second.html));
    assert_eq!((a.len(), b.len()), (20, 1));
    assert!(!a.contains(&b[0]), "nothing twice");
}

aduan_testkit::on_both_backends!(
    the_feed_finds_public_reports_by_their_words_and_marks_them,
    words_too_common_to_search_for_get_a_plain_answer,
    search_results_page_with_the_search_kept,
);

//! `/statistik` as a citizen, a journalist or an oversight body reads it: the grading rule
//! stated, each chart drawn on the server with its figures in a table beside it, the provinces'
//! tile map, the breakdowns with small counts withheld, and filters that narrow the table.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use aduan_testkit::{As, TestApp};
use axum::http::StatusCode;
use serde_json::json;
use support::Visitor;

async fn completed_in_time(app: &TestApp) {
    let (id, _) = app.submit(json!({})).await;
    let national = app.login("national").await;
    let verify = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    app.act_ok(&id, As::Token(&national), verify).await;
    let sby = app.login("surabaya").await;
    app.act_ok(
        &id,
        As::Token(&sby),
        json!({"action": "follow_up", "body": "Kami tangani."}),
    )
    .await;
    app.act_ok(
        &id,
        As::Token(&sby),
        json!({"action": "complete", "body": "Selesai."}),
    )
    .await;
}

async fn the_page_states_its_grading_rule_and_draws_every_chart_beside_its_figures(app: TestApp) {
    completed_in_time(&app).await;
    for _ in 0..5 {
        app.submit(json!({})).await;
    }
    let page = Visitor::new(&app).get("/statistik").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    let html = page.html;
    assert!(html.contains("Baik bila sedikitnya 80%"), "{html}");
    assert!(
        html.contains("sedikitnya 20 penyelesaian"),
        "the minimum is stated"
    );
    assert!(
        html.contains("Belum dinilai"),
        "one completion is too few to grade"
    );
    assert!(html.contains("100% tepat waktu"));
    // Charts: accessible SVG drawn on the server, no script.
    assert!(
        html.matches("<svg").count() >= 6,
        "league, map and four breakdowns"
    );
    assert!(html.contains("role=\"img\""));
    assert!(html.contains("aria-labelledby=\"map-provinces-title map-provinces-desc\""));
    assert!(html.contains("<caption>Peringkat instansi"));
    // Six road complaints in Surabaya: the topic and province are shown, the month too.
    assert!(html.contains("INFRASTRUKTUR"));
    assert!(html.contains("<td>6</td>"), "{html}");
}

async fn small_counts_are_withheld_and_filters_narrow_the_table(app: TestApp) {
    completed_in_time(&app).await;
    let html = Visitor::new(&app).get("/statistik").await.html;
    assert!(
        html.contains("INFRASTRUKTUR</th><td>&#60; 5</td>"),
        "one report is withheld: {html}"
    );
    assert!(
        !html.contains("INFRASTRUKTUR</th><td>1</td>"),
        "never shown as a number"
    );
    let kota = Visitor::new(&app).get("/statistik?kind=kota").await.html;
    assert!(kota.contains("Kota Surabaya"));
    let ministries = Visitor::new(&app)
        .get("/statistik?kind=kementerian")
        .await
        .html;
    assert!(!ministries.contains("href=\"/instansi/kota-surabaya\""));
    let bad = Visitor::new(&app).get("/statistik?from=kemarin").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

async fn the_monthly_report_is_a_printable_page_and_a_pdf(app: TestApp) {
    completed_in_time(&app).await;
    let month = app.state.clock.now().format("%Y-%m").to_string();
    let path = format!("/statistik/bulanan?agency=kota-surabaya&month={month}");
    let page = Visitor::new(&app).get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    let html = page.html;
    assert!(
        html.contains(&format!("Laporan bulanan Kota Surabaya — {month}")),
        "{html}"
    );
    assert!(
        html.contains("Penyelesaian"),
        "the phases started this month: {html}"
    );
    assert!(html.contains("Laporan publik terbuka yang paling lama"));
    assert!(html.contains("aria-labelledby=\"chart-monthly-title chart-monthly-desc\""));
    let national = Visitor::new(&app).get("/statistik/bulanan").await;
    assert_eq!(national.status, StatusCode::OK);
    assert!(national.html.contains("Laporan bulanan Nasional"));
    let pdf = Visitor::new(&app)
        .get(&format!(
            "/statistik/bulanan.pdf?agency=kota-surabaya&month={month}"
        ))
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers["content-type"], "application/pdf");
    assert!(pdf.html.starts_with("%PDF-"), "a PDF");
    assert!(pdf.html.trim_end().ends_with("%%EOF"));
    let unknown = Visitor::new(&app)
        .get("/statistik/bulanan?agency=kota-atlantis")
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let bad = Visitor::new(&app)
        .get("/statistik/bulanan?month=maret")
        .await;
    assert!(bad.status.is_client_error(), "{}", bad.status);
}

aduan_testkit::on_both_backends!(
    the_monthly_report_is_a_printable_page_and_a_pdf,
    the_page_states_its_grading_rule_and_draws_every_chart_beside_its_figures,
    small_counts_are_withheld_and_filters_narrow_the_table,
);

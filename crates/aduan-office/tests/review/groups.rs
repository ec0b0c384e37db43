//! Recurring problems in the back office, without a browser: the report screen offers the
//! similar reports of its kabupaten/kota, the chosen ones become a group, the group's page takes
//! one answer that reaches every member as a follow-up, and a report another agency holds is
//! refused with the reason in words.

use super::steps::{dispatched, open, staff};
use super::support::Visitor;
use aduan_testkit::{As, TestApp, on_both_backends};
use axum::http::StatusCode;
use serde_json::{Value, json};

const POTHOLE: &str = "Jalan berlubang besar di depan pasar Wonokromo, sudah tiga bulan tidak \
                       diperbaiki dan dua pengendara motor jatuh";
const POTHOLE_AGAIN: &str = "Sudah tiga bulan jalan di depan pasar Wonokromo berlubang besar, \
                             pengendara motor jatuh dan belum diperbaiki";

/// Makes a group of `members` from the report screen's form; the group page's path.
async fn grouped(v: &mut Visitor<'_>, title: &str, members: &[&str]) -> String {
    let mut fields = vec![("title", title)];
    fields.extend(members.iter().map(|m| ("member", *m)));
    let res = v.post_form("/kantor/kelompok", &fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.html);
    let to = res.location().unwrap().to_owned();
    assert!(to.starts_with("/kantor/kelompok/KLP-"), "{to}");
    to
}

async fn similar_reports_are_grouped_from_the_report_screen_and_answered_once(app: TestApp) {
    let (a, _) = dispatched(&app, json!({"body": POTHOLE})).await;
    let (b, _) = dispatched(&app, json!({"body": POTHOLE_AGAIN})).await;
    let mut surabaya = staff(&app, "surabaya").await;
    let html = open(&mut surabaya, &a).await;
    assert!(html.contains("id=\"similar-reports\""), "{html}");
    assert!(html.contains(&format!("name=\"member\" value=\"{b}\"")));
    let page = grouped(
        &mut surabaya,
        "Jalan berlubang di pasar Wonokromo",
        &[&a, &b],
    )
    .await;
    let html = surabaya.get(&page).await.html;
    assert!(html.contains(&a) && html.contains(&b));
    assert!(html.contains("id=\"group-answer-form\""));
    let screen = open(&mut surabaya, &a).await;
    assert!(
        screen.contains("id=\"report-group\""),
        "the report shows its group"
    );
    let answer = "Perbaikan jalan dijadwalkan pekan depan.";
    let res = surabaya
        .post_form(&format!("{page}/jawaban"), &[("body", answer)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.html);
    assert!(
        res.html.contains("Jawaban diberikan pada 2 laporan."),
        "{}",
        res.html
    );
    for id in [&a, &b] {
        let events = app
            .get(&format!("/api/v1/reports/{id}/events"), As::Anon)
            .await;
        let follow_ups = events.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "follow_up" && e["body"] == answer)
            .count();
        assert_eq!(follow_ups, 1, "{id}: {}", events.text);
    }
    let list = surabaya.get("/kantor/kelompok").await.html;
    assert!(list.contains("Jalan berlubang di pasar Wonokromo"));
    let id = page.trim_start_matches("/kantor/kelompok/");
    let mut citizen = Visitor::new(&app);
    let public = citizen.get(&format!("/kelompok/{id}")).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.html.contains(answer));
    assert!(
        !public.html.contains("group-answer-form"),
        "the public only reads"
    );
}

async fn a_report_another_agency_holds_is_refused_with_the_reason(app: TestApp) {
    let (a, _) = dispatched(&app, json!({"body": POTHOLE})).await;
    let (foreign, _) = app.submit(json!({"body": POTHOLE_AGAIN})).await;
    let national = app.login("national").await;
    let to_makassar: Value = json!({"action": "verify_dispatch", "agency": "kota-makassar", "handling_class": "ordinary"});
    app.act_ok(&foreign, As::Token(&national), to_makassar)
        .await;
    let mut admin = staff(&app, "national").await;
    let page = grouped(&mut admin, "Jalan pasar", &[&a]).await;
    let res = admin
        .post_form(&format!("{page}/anggota"), &[("tracking_id", &foreign)])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.html
            .contains("Satu kelompok hanya berisi laporan dari satu instansi."),
        "{}",
        res.html
    );
    let mixed = admin
        .post_form(
            "/kantor/kelompok",
            &[("title", "Campur"), ("member", &foreign), ("member", &a)],
        )
        .await;
    assert_eq!(mixed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        mixed.html.contains("sudah ada dalam kelompok lain"),
        "{}",
        mixed.html
    );
}

on_both_backends!(
    similar_reports_are_grouped_from_the_report_screen_and_answered_once,
    a_report_another_agency_holds_is_refused_with_the_reason,
);

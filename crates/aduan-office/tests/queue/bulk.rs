//! Bulk actions from the queue: archive as spam or as duplicates, dispatch several to one
//! agency; every report goes through the shared rules and a refusal is reported, not skipped.

use super::steps::{dispatch, for_makassar, national, queue, staff, submitted, view};
use aduan_testkit::{As, TestApp, on_both_backends};
use axum::http::StatusCode;
use serde_json::json;

/// The form's pairs: `id` once per report, then the other fields.
fn form<'a>(ids: &'a [String], rest: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut out: Vec<(&str, &str)> = ids.iter().map(|id| ("id", id.as_str())).collect();
    out.extend_from_slice(rest);
    out
}

async fn five_spam_reports_are_archived_at_once_with_reason_spam(app: TestApp) {
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(submitted(&app, json!({"title": format!("Menangkan hadiah {i}")})).await);
    }
    let keep = submitted(&app, json!({})).await;
    let mut admin = staff(&app, "national").await;
    let html = queue(&mut admin, "").await;
    assert!(
        html.contains("action=\"/kantor/massal\""),
        "the queue is the bulk form"
    );
    assert!(html.contains(&format!("name=\"id\" value=\"{}\"", ids[0])));

    let res = admin
        .post_form(
            "/kantor/massal",
            &form(
                &ids,
                &[("action", "spam"), ("back", "/kantor?tab=verifikasi")],
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.html);
    assert!(
        res.html.contains("5 laporan diarsipkan sebagai spam."),
        "{}",
        res.html
    );
    assert!(!res.html.contains("id=\"bulk-failed\""));
    assert!(
        res.html.contains("href=\"/kantor?tab=verifikasi\""),
        "back to the queue"
    );
    for id in &ids {
        let r = view(&app, id).await;
        assert_eq!(
            (r["status"].as_str(), r["archive_reason"].as_str()),
            (Some("archived"), Some("spam")),
            "{id}"
        );
    }
    assert_eq!(
        view(&app, &keep).await["status"],
        "submitted",
        "unticked, untouched"
    );
    let html = queue(&mut admin, "").await;
    assert!(
        ids.iter().all(|id| !html.contains(id.as_str())),
        "gone from the queue"
    );
}

async fn duplicates_are_archived_pointing_at_the_original(app: TestApp) {
    let original = submitted(&app, json!({})).await;
    let copies = vec![
        submitted(&app, json!({})).await,
        submitted(&app, json!({})).await,
    ];
    let mut admin = staff(&app, "national").await;
    let res = admin
        .post_form(
            "/kantor/massal",
            &form(
                &copies,
                &[("action", "duplicate"), ("duplicate_of", &original)],
            ),
        )
        .await;
    assert!(
        res.html.contains("2 laporan diarsipkan sebagai duplikat."),
        "{}",
        res.html
    );
    let token = national(&app).await;
    for id in &copies {
        let events = app
            .get(&format!("/api/v1/reports/{id}/events"), As::Token(&token))
            .await;
        assert!(
            events.text.contains(&original),
            "{id} points at the original: {}",
            events.text
        );
        assert_eq!(view(&app, id).await["archive_reason"], "duplicate");
    }
    assert_eq!(view(&app, &original).await["status"], "submitted");

    let res = admin
        .post_form("/kantor/massal", &form(&copies, &[("action", "duplicate")]))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.html.contains("Isi nomor pelacakan laporan asli"),
        "{}",
        res.html
    );
    let res = admin
        .post_form("/kantor/massal", &[("action", "spam")])
        .await;
    assert!(
        res.html.contains("Belum ada laporan yang dipilih."),
        "{}",
        res.html
    );
}

async fn several_reports_are_dispatched_to_one_agency(app: TestApp) {
    let ids = vec![
        submitted(&app, json!({})).await,
        submitted(&app, json!({"kind": "aspiration"})).await,
        submitted(&app, json!({})).await,
    ];
    let mut admin = staff(&app, "national").await;
    let res = admin
        .post_form(
            "/kantor/massal",
            &form(
                &ids,
                &[
                    ("action", "dispatch"),
                    ("agency", "kota-makassar"),
                    ("handling_class", "ordinary"),
                ],
            ),
        )
        .await;
    assert!(
        res.html.contains("3 laporan diverifikasi dan diteruskan."),
        "{}",
        res.html
    );
    for id in &ids {
        let r = view(&app, id).await;
        assert_eq!(
            (r["status"].as_str(), r["agency"].as_str()),
            (Some("dispatched"), Some("kota-makassar")),
            "{id}"
        );
    }
    let mut makassar = staff(&app, "makassar").await;
    let html = queue(&mut makassar, "?tab=dipegang").await;
    assert!(
        ids.iter().all(|id| html.contains(id.as_str())),
        "now in Makassar's hands"
    );
}

async fn a_report_the_staff_member_may_not_act_on_is_reported_as_failed(app: TestApp) {
    let own = submitted(&app, json!({})).await;
    let elsewhere = for_makassar(&app).await;
    let mut surabaya = staff(&app, "surabaya").await;
    let html = queue(&mut surabaya, "").await;
    assert!(
        html.contains("<option value=\"kota-surabaya\" selected>"),
        "its own agency only"
    );
    assert!(!html.contains("value=\"kota-makassar\""));
    let ids = vec![own.clone(), elsewhere.clone()];
    let res = surabaya
        .post_form("/kantor/massal", &form(&ids, &[("action", "spam")]))
        .await;
    assert!(
        res.html.contains("1 laporan diarsipkan sebagai spam."),
        "{}",
        res.html
    );
    let failed = &res.html[res.html.find("id=\"bulk-failed\"").expect("a failure list")..];
    assert!(res.html.contains("1 laporan gagal"));
    assert!(failed.contains(&elsewhere), "{failed}");
    assert!(
        failed.contains("tidak ditemukan atau di luar wewenang Anda"),
        "{failed}"
    );
    assert_eq!(
        view(&app, &elsewhere).await["status"],
        "submitted",
        "untouched"
    );
    assert_eq!(view(&app, &own).await["status"], "archived");

    let held = submitted(&app, json!({})).await;
    dispatch(&app, &held, "kota-surabaya").await;
    let mut admin = staff(&app, "national").await;
    let res = admin
        .post_form(
            "/kantor/massal",
            &form(std::slice::from_ref(&held), &[("action", "spam")]),
        )
        .await;
    assert!(
        res.html.contains("0 laporan diarsipkan sebagai spam."),
        "{}",
        res.html
    );
    assert!(
        res.html
            .contains("status laporan tidak memungkinkan tindakan ini"),
        "{}",
        res.html
    );

    let mut officer = staff(&app, "dinas-pu").await;
    let res = officer
        .post_form(
            "/kantor/massal",
            &form(std::slice::from_ref(&held), &[("action", "spam")]),
        )
        .await;
    assert!(
        res.html.contains("1 laporan gagal"),
        "a unit officer archives nothing: {}",
        res.html
    );
    assert_eq!(view(&app, &held).await["status"], "dispatched");
}

async fn the_bulk_form_needs_its_csrf_token(app: TestApp) {
    let id = submitted(&app, json!({})).await;
    let mut admin = staff(&app, "national").await;
    let res = admin
        .post_raw_form("/kantor/massal", &[("id", id.as_str()), ("action", "spam")])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(view(&app, &id).await["status"], "submitted");
}

/// Reports empty of content are marked in the verification queue with why, and archived in
/// bulk by the admin; the mark archives nothing by itself.
async fn reports_empty_of_content_are_marked_for_the_bulk_archive_and_never_archived_alone(
    app: TestApp,
) {
    let greeting = submitted(&app, json!({"title": "Halo", "body": "tes tes"})).await;
    let repeated = submitted(&app, json!({"title": "aaaaaa", "body": "!!!!!!!!!!!!"})).await;
    let real = submitted(&app, json!({})).await;
    let mut admin = staff(&app, "national").await;
    let html = queue(&mut admin, "").await;
    assert!(
        super::steps::row(&html, &greeting).contains("Mungkin kosong: hanya tes atau salam"),
        "{}",
        super::steps::row(&html, &greeting)
    );
    assert!(super::steps::row(&html, &repeated).contains("Mungkin kosong: pengulangan"));
    assert!(!super::steps::row(&html, &real).contains("Mungkin kosong"));
    for id in [&greeting, &repeated] {
        assert_eq!(
            view(&app, id).await["status"],
            "submitted",
            "never archived alone"
        );
    }
    let ids = [greeting.clone(), repeated.clone()];
    let res = admin
        .post_form(
            "/kantor/massal",
            &form(
                &ids,
                &[("action", "spam"), ("back", "/kantor?tab=verifikasi")],
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.html);
    for id in &ids {
        let report = view(&app, id).await;
        assert_eq!(report["status"], "archived");
        assert_eq!(report["archive_reason"], "spam");
    }
    assert_eq!(view(&app, &real).await["status"], "submitted");
}

on_both_backends!(
    reports_empty_of_content_are_marked_for_the_bulk_archive_and_never_archived_alone,
    five_spam_reports_are_archived_at_once_with_reason_spam,
    duplicates_are_archived_pointing_at_the_original,
    several_reports_are_dispatched_to_one_agency,
    a_report_the_staff_member_may_not_act_on_is_reported_as_failed,
    the_bulk_form_needs_its_csrf_token,
);

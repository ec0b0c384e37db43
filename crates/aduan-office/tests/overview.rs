//! Each agency's overview (`/kantor/ikhtisar`) without a browser: open reports by age and
//! phase, breaches with links, the reporter's confirmation with its rating after a whole
//! lifecycle, SLA figures equal to `/api/v1/stats/sla`, and who may open it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

#[path = "../../aduan-portal/tests/support/mod.rs"]
mod support;

use aduan_testkit::{As, TestApp, on_both_backends};
use axum::http::StatusCode;
use chrono::Duration;
use serde_json::{Value, json};
use support::{Page, Visitor};

async fn staff<'a>(app: &'a TestApp, key: &str) -> Visitor<'a> {
    let mut v = Visitor::new(app);
    let res = v.login(key).await;
    assert!(res.status.is_redirection(), "{key} logs in: {}", res.html);
    v
}

/// The text of the element with this id (up to its first tag).
fn text_of(page: &Page, id: &str) -> String {
    let start = format!("id=\"{id}\">");
    let from = page
        .html
        .find(&start)
        .unwrap_or_else(|| panic!("#{id} on the page"))
        + start.len();
    let len = page.html[from..].find('<').unwrap();
    page.html[from..from + len].to_owned()
}

/// The part of the page inside the element with this id (up to the list's end).
fn section<'p>(page: &'p Page, id: &str) -> &'p str {
    let from = page.html.find(&format!("id=\"{id}\"")).unwrap();
    let len = page.html[from..].find("</ul>").unwrap();
    &page.html[from..from + len]
}

/// A report requested for Surabaya, verified and dispatched by the national admin, dispatched
/// to a unit by the agency admin, followed up and completed by the officer, then confirmed by
/// its reporter with a rating of 4 (acting by access code). Returns its tracking id.
async fn lifecycle(app: &TestApp) -> String {
    let (id, code) = app
        .submit(json!({"title": "Lampu jalan mati di Jl. Darmo"}))
        .await;
    let national = app.login("national").await;
    let surabaya = app.login("surabaya").await;
    let officer = app.login("dinas-pu").await;
    let steps = [
        (
            national.as_str(),
            json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"}),
        ),
        (
            surabaya.as_str(),
            json!({"action": "dispatch_unit", "unit": "kota-surabaya/dinas-pu"}),
        ),
        (
            officer.as_str(),
            json!({"action": "follow_up", "body": "Petugas memeriksa lampu besok."}),
        ),
        (
            officer.as_str(),
            json!({"action": "complete", "body": "Lampu sudah diganti."}),
        ),
    ];
    for (token, step) in steps {
        app.act_ok(&id, As::Token(token), step).await;
    }
    let confirm = json!({"action": "confirm", "rating": 4, "resolved": true});
    app.act_ok(&id, As::Code(&code), confirm).await;
    id
}

async fn the_overview_shows_ages_phases_breaches_the_reporters_rating_and_the_api_figures(
    app: TestApp,
) {
    let confirmed = lifecycle(&app).await;
    let (waiting, _) = app
        .submit(json!({"title": "Trotoar rusak di Jl. Tunjungan"}))
        .await;
    let (dispatched, _) = app.submit(json!({"title": "Saluran air meluap"})).await;
    let national = app.login("national").await;
    let dispatch = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    app.act_ok(&dispatched, As::Token(&national), dispatch)
        .await;
    // Monday 2 March → Tuesday 10 March: six working days later, past the verification limit
    // (3) of the waiting report and the first follow-up limit (5) of the dispatched one.
    app.clock.advance(Duration::days(8));
    let (fresh, _) = app
        .submit(json!({"title": "Pohon tumbang di Jl. Diponegoro"}))
        .await;

    let mut surabaya = staff(&app, "surabaya").await;
    let page = surabaya.get("/kantor/ikhtisar").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert!(page.html.contains("Ikhtisar Kota Surabaya"));
    for (bucket, count) in [
        ("0-2", "1"),
        ("3-5", "0"),
        ("6-10", "2"),
        ("11-30", "0"),
        ("31-", "0"),
    ] {
        assert_eq!(
            text_of(&page, &format!("age-{bucket}")),
            count,
            "age {bucket}"
        );
    }
    for (phase, count) in [
        ("verification", "2"),
        ("awaiting_reporter", "0"),
        ("first_follow_up", "1"),
        ("completion", "0"),
    ] {
        assert_eq!(
            text_of(&page, &format!("phase-{phase}")),
            count,
            "phase {phase}"
        );
    }
    assert!(page.html.contains("2 laporan melewati batas waktu"));
    let breaches = section(&page, "overview-breaches");
    for id in [&waiting, &dispatched] {
        assert!(
            breaches.contains(&format!("href=\"/kantor/laporan/{id}\"")),
            "{id} is a breach"
        );
    }
    assert!(!breaches.contains(&fresh) && !breaches.contains(&confirmed));

    let feedback = section(&page, "overview-feedback");
    assert!(feedback.contains(&format!("href=\"/kantor/laporan/{confirmed}\"")));
    assert!(feedback.contains("Pelapor mengonfirmasi"));
    assert!(feedback.contains("nilai 4 dari 5") && feedback.contains("masalah selesai"));
    assert!(
        feedback.contains("2 Maret 2026"),
        "with its date: {feedback}"
    );
    assert!(
        !page.html.contains("Siti Rahmawati"),
        "no reporter's name on the overview"
    );

    let api = app
        .get("/api/v1/stats/sla?agency=kota-surabaya", As::Anon)
        .await;
    let figures = api.body["figures"].as_array().unwrap();
    assert!(!figures.is_empty());
    for f in figures {
        let phase = f["phase"].as_str().unwrap();
        for (field, key) in [
            ("decided", "decided"),
            ("within", "within_limit"),
            ("missed", "missed"),
            ("open-past-due", "open_past_due"),
        ] {
            let shown = text_of(&page, &format!("sla-{phase}-{field}"));
            assert_eq!(shown, f[key].to_string(), "{phase} {field}");
        }
        if phase == "completion" {
            // Completions shown apart by kind, and auto-closes before the limit in their own
            // column (issue 12 item 12).
            for (field, key) in [
                ("auto-closed-before-due", "auto_closed_before_due"),
                ("confirmed", "confirmed"),
                ("agency-closed", "agency_closed"),
                ("auto-closed", "auto_closed"),
            ] {
                let shown = text_of(&page, &format!("sla-{phase}-{field}"));
                assert_eq!(shown, f[key].to_string(), "{phase} {field}");
            }
            assert_eq!(f["confirmed"], 1, "the confirmed report: {f}");
        }
        let compliance = match &f["compliance"] {
            Value::Null => "—".to_owned(),
            v => format!("{}%", (v.as_f64().unwrap() * 100.0).round() as i64),
        };
        assert_eq!(
            text_of(&page, &format!("sla-{phase}-compliance")),
            compliance
        );
    }

    let mut national = staff(&app, "national").await;
    let chosen = national
        .get("/kantor/ikhtisar?instansi=kota-surabaya")
        .await;
    assert_eq!(
        text_of(&chosen, "age-6-10"),
        "2",
        "the national admin sees the same"
    );
    let picker = national.get("/kantor/ikhtisar").await;
    assert_eq!(picker.status, StatusCode::OK);
    assert!(picker.html.contains("value=\"kota-makassar\""));
}

async fn only_admins_open_an_overview_and_an_agency_admin_only_its_own(app: TestApp) {
    let mut makassar = staff(&app, "makassar").await;
    let own = makassar.get("/kantor/ikhtisar").await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.html.contains("Ikhtisar Kota Makassar"));
    let other = makassar
        .get("/kantor/ikhtisar?instansi=kota-surabaya")
        .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    for key in ["dinas-pu", "ombudsman"] {
        let mut v = staff(&app, key).await;
        assert_eq!(
            v.get("/kantor/ikhtisar").await.status,
            StatusCode::FORBIDDEN,
            "{key}"
        );
    }
    let mut national = staff(&app, "national").await;
    let unknown = national
        .get("/kantor/ikhtisar?instansi=kota-atlantis")
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

on_both_backends!(
    the_overview_shows_ages_phases_breaches_the_reporters_rating_and_the_api_figures,
    only_admins_open_an_overview_and_an_agency_admin_only_its_own,
);

//! The back office in a real browser at a phone's size: a report from the portal verified,
//! dispatched to a unit, followed up and completed by staff, and confirmed by its reporter;
//! intake at the counter; the Ombudsman's oversight; accessibility of the staff pages.

use crate::flows::fill_report;
use crate::harness::Browser;
use aduan_i18n::Lang;
use aduan_testkit::{As, TestApp};
use serde_json::json;

/// Logs a fixture account in through the portal's login form.
pub async fn log_in(b: &Browser, key: &str) {
    b.goto("/akun/masuk").await;
    b.fill("#login-id", &format!("{key}@uji.go.id")).await;
    b.fill("#login-password", &format!("rahasia-{key}")).await;
    b.click("form[action='/akun/masuk'] button[type=submit]")
        .await;
}

/// A staff member's browser, logged in.
pub async fn staff(app: &TestApp, key: &str, test: &str) -> Option<Browser> {
    let b = Browser::open(app, Lang::Id, true, &format!("{test}-{key}")).await?;
    log_in(&b, key).await;
    Some(b)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: run with --include-ignored"]
async fn a_portal_report_goes_through_every_office_role_and_the_confirmation_reaches_the_overview()
{
    let app = TestApp::sqlite().await;
    let test = "office_whole_path";
    let Some(citizen) = Browser::open(&app, Lang::Id, true, &format!("{test}-citizen")).await
    else {
        return;
    };
    citizen.goto("/lapor").await;
    fill_report(&citizen, None).await;
    citizen.click("#submit-button").await;
    let id = citizen.wait_for("#tracking-id").await.text().await.unwrap();
    citizen.screenshot("submitted").await;

    let Some(national) = staff(&app, "national", test).await else {
        return;
    };
    national.goto("/kantor").await;
    assert!(
        national.text("main").await.contains(&id),
        "the report waits in the national queue"
    );
    national.screenshot("queue").await;
    national.axe("office-queue").await;
    national.goto(&format!("/kantor/laporan/{id}")).await;
    national.screenshot("verification").await;
    national.axe("office-verification").await;
    crate::language::assert_all_in(&national, Lang::Id).await;
    national.click("#lang-switch").await;
    crate::language::assert_all_in(&national, Lang::En).await;
    national.screenshot("verification-in-english").await;
    national.click("#lang-switch").await;
    national.select("#verify-class", "ordinary").await;
    national.select("#verify-agency", "kota-surabaya").await;
    national.press("#verify-button").await;
    national.screenshot("dispatched").await;
    let status = national.text("#report-status").await;
    assert!(
        status.contains("Diteruskan"),
        "{status}: {}",
        national.text("main").await
    );
    national.close().await;

    let Some(admin) = staff(&app, "surabaya", test).await else {
        return;
    };
    admin.goto(&format!("/kantor/laporan/{id}")).await;
    admin.select("#unit-target", "kota-surabaya/dinas-pu").await;
    admin.screenshot("to-unit").await;
    admin.press("#unit-button").await;
    assert!(
        admin
            .text("#report-unit")
            .await
            .contains("Dinas Pekerjaan Umum")
    );
    admin.close().await;

    let Some(officer) = staff(&app, "dinas-pu", test).await else {
        return;
    };
    officer.goto("/kantor").await;
    assert!(
        officer.text("main").await.contains(&id),
        "the unit's queue holds it"
    );
    officer.goto(&format!("/kantor/laporan/{id}")).await;
    officer
        .fill(
            "#follow_up-body",
            "Petugas sudah meninjau; penambalan dijadwalkan besok.",
        )
        .await;
    officer.press("#follow_up-button").await;
    officer
        .fill(
            "#complete-body",
            "Lubang sudah ditambal dan jalan dapat dilalui.",
        )
        .await;
    officer.screenshot("final-answer").await;
    officer.press("#complete-button").await;
    assert!(officer.text("#report-status").await.contains("Selesai"));
    officer.screenshot("completed").await;
    officer.axe("office-report").await;
    officer.close().await;

    citizen.goto(&format!("/laporan/{id}")).await;
    assert!(
        citizen
            .text("#timeline")
            .await
            .contains("penambalan dijadwalkan")
    );
    citizen.select("#rating", "4").await;
    citizen.click("#confirm-button").await;
    citizen.screenshot("confirmed").await;
    citizen.close().await;

    let Some(admin) = staff(&app, "surabaya", &format!("{test}-after")).await else {
        return;
    };
    admin.goto("/kantor/ikhtisar").await;
    let feedback = admin.text("#overview-feedback").await;
    assert!(
        feedback.contains("Jalan berlubang di depan SDN 12") && feedback.contains("nilai 4 dari 5"),
        "the reporter's confirmation and rating are on the overview: {feedback}"
    );
    admin.screenshot("overview").await;
    admin.goto(&format!("/kantor/laporan/{id}")).await;
    assert!(
        admin
            .text("#history")
            .await
            .contains("Pelapor mengonfirmasi")
    );
    admin.screenshot("history").await;
    admin.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: run with --include-ignored"]
async fn a_walk_in_report_is_filed_by_staff_and_the_code_is_handed_over() {
    let app = TestApp::sqlite().await;
    let Some(b) = staff(&app, "surabaya", "office_walk_in").await else {
        return;
    };
    b.goto("/kantor/lapor").await;
    b.click("input[name=channel][value=walk_in]").await;
    b.fill("#title", "Antrean KTP elektronik tidak dilayani")
        .await;
    b.fill(
        "#body",
        "Warga datang ke loket sejak pukul 07.00 tetapi loket baru buka pukul 11.00.",
    )
    .await;
    b.fill("#location_text", "Kantor Kecamatan Genteng, Surabaya")
        .await;
    b.fill("#name", "Wahyu Hidayat").await;
    b.fill("#phone", "081377788899").await;
    b.screenshot("intake-filled").await;
    b.press("#intake-button").await;
    let id = b.wait_for("#tracking-id").await.text().await.unwrap();
    let code = b.text("#access-code").await;
    assert_eq!(code.len(), 19);
    b.screenshot("receipt").await;
    b.axe("office-intake-receipt").await;
    let report = app
        .store
        .get_report(&id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.channel.as_string(), "walk_in");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: run with --include-ignored"]
async fn the_ombudsman_acknowledges_an_escalated_case_and_records_a_finding() {
    let app = TestApp::sqlite().await;
    let (id, code) = app.submit(json!({"kind": "aspiration"})).await;
    let national = app.login("national").await;
    app.act_ok(
        &id,
        As::Token(&national),
        json!({"action": "verify_dispatch", "agency": "kota-surabaya"}),
    )
    .await;
    app.clock.advance(chrono::Duration::days(10));
    let res = app
        .act(&id, As::Code(&code), json!({"action": "escalate"}))
        .await;
    assert_eq!(res.body["escalation_level"], "ombudsman", "{}", res.text);

    let Some(b) = staff(&app, "ombudsman", "office_ombudsman").await else {
        return;
    };
    b.goto("/kantor").await;
    assert!(
        b.text("main").await.contains(&id),
        "the escalated case is in the queue"
    );
    b.goto(&format!("/kantor/laporan/{id}")).await;
    b.fill(
        "#ombudsman_acknowledge-body",
        "Ombudsman RI menerima pengaduan ini untuk diperiksa.",
    )
    .await;
    b.press("#ombudsman_acknowledge-button").await;
    b.fill(
        "#record_finding-body",
        "Terdapat penundaan berlarut oleh instansi.",
    )
    .await;
    b.screenshot("finding").await;
    b.press("#record_finding-button").await;
    let history = b.text("#history").await;
    assert!(
        history.contains("Temuan Ombudsman") || history.contains("penundaan berlarut"),
        "{history}"
    );
    b.screenshot("recorded").await;
    b.close().await;
    let events = app.store.list_events(&id.parse().unwrap()).await.unwrap();
    assert!(events.iter().any(|e| e.action.as_str() == "record_finding"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: run with --include-ignored"]
async fn the_national_admin_archives_five_spam_reports_at_once() {
    let app = TestApp::sqlite().await;
    let mut spam = Vec::new();
    for n in 0..5 {
        let (id, _) = app
            .submit(json!({"title": format!("PROMO PINJAMAN ONLINE {n}"), "body": "Klik tautan ini untuk pinjaman cepat tanpa agunan!"}))
            .await;
        spam.push(id);
    }
    let (genuine, _) = app.submit(json!({})).await;
    let Some(b) = staff(&app, "national", "office_bulk_spam").await else {
        return;
    };
    b.goto("/kantor").await;
    for id in &spam {
        b.click(&format!("#bulk input[name=id][value='{id}']"))
            .await;
    }
    b.click("#bulk-spam").await;
    b.screenshot("five-picked").await;
    b.press("#bulk button[type=submit]").await;
    b.screenshot("bulk-result").await;
    assert!(
        b.text("main")
            .await
            .contains("5 laporan diarsipkan sebagai spam")
    );
    for id in &spam {
        let r = app
            .store
            .get_report(&id.parse().unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(r.state.status.as_str(), "archived", "{id}");
        assert_eq!(
            r.state.archive_reason.map(|a| a.code.as_str()),
            Some("spam")
        );
    }
    let g = app
        .store
        .get_report(&genuine.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        g.state.status.as_str(),
        "submitted",
        "the unpicked report is untouched"
    );
    b.close().await;
}

/// The agency type-ahead of the verification form reads the API's pages (`items` and
/// `next_cursor`): typing narrows the dispatch picker to the matching agencies.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: run with --include-ignored"]
async fn typing_in_the_agency_search_narrows_the_dispatch_picker_to_the_matching_agencies() {
    let app = TestApp::sqlite().await;
    let test = "office_agency_type_ahead";
    let (id, _) = app.submit(json!({})).await;
    let Some(national) = staff(&app, "national", test).await else {
        return;
    };
    national.goto(&format!("/kantor/laporan/{id}")).await;
    let choices = || async {
        national
            .run(
                "return Array.from(document.querySelectorAll('#verify-agency option'))\
                 .map(function (o) { return o.value; }).filter(function (v) { return v; });",
                vec![],
            )
            .await
    };
    assert!(
        choices().await.as_array().unwrap().len() > 1,
        "every agency is offered before typing"
    );
    national.fill("#agency-search", "sura").await;
    let mut offered = choices().await;
    for _ in 0..100 {
        if offered == json!(["kota-surabaya"]) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        offered = choices().await;
    }
    national.screenshot("type-ahead").await;
    assert_eq!(
        offered,
        json!(["kota-surabaya"]),
        "only the match is left to pick"
    );
    national.close().await;
}

/// The verification form's triage suggestions in a browser: nothing chosen at first, the `1`
/// key chooses the first suggested agency in place, a click chooses a suggested category, and
/// the report is verified with them; the form stays free of accessibility violations.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: run with --include-ignored"]
async fn the_admin_takes_the_first_suggested_agency_by_keyboard_and_verifies() {
    let app = TestApp::sqlite().await;
    let test = "office_triage_suggestions";
    for target in [
        aduan_store::TriageTarget::Agency,
        aduan_store::TriageTarget::Category,
    ] {
        aduan_testkit::triage::active_model(&app, target).await;
    }
    let (id, _) = app
        .submit(json!({"requested_agency": null, "category": null}))
        .await;
    let Some(national) = staff(&app, "national", test).await else {
        return;
    };
    national.goto(&format!("/kantor/laporan/{id}")).await;
    let value = |css: &'static str| {
        let national = &national;
        async move {
            national
                .run(
                    &format!("return document.querySelector('{css}').value;"),
                    vec![],
                )
                .await
        }
    };
    assert_eq!(
        value("#verify-agency").await,
        json!(""),
        "nothing is chosen"
    );
    national.screenshot("suggestions").await;
    national.axe("office-verification-suggestions").await;
    national.find("body").await.send_keys("1").await.unwrap();
    assert_eq!(
        value("#verify-agency").await,
        json!("kota-surabaya"),
        "the first suggestion is chosen in place"
    );
    assert_eq!(
        national.path().await,
        format!("/kantor/laporan/{id}"),
        "without leaving the page"
    );
    // Enter on the link, as a keyboard user (a pointer click can land elsewhere on a page
    // still scrolling).
    national
        .press("#category-suggestions a[data-value='infrastruktur/jalan']")
        .await;
    assert_eq!(
        value("#verify-category").await,
        json!("infrastruktur/jalan")
    );
    national.screenshot("chosen").await;
    national.press("#verify-button").await;
    let status = national.text("#report-status").await;
    assert!(status.contains("Diteruskan"), "{status}");
    national.close().await;
    let counts = app
        .store
        .triage_pick_counts(aduan_store::TriageTarget::Agency)
        .await
        .unwrap();
    assert_eq!(counts.len(), 1);
    assert_eq!(
        (counts[0].rank, counts[0].count),
        (1, 1),
        "the first suggestion taken"
    );
}

//! The citizen's whole path in a real browser at a phone's size: submit with a photo, follow,
//! reply, confirm and rate; the same without JavaScript; every page in both languages, under
//! the size budget, and without serious accessibility violations.

use crate::harness::Browser;
use crate::language::assert_all_in;
use aduan_i18n::Lang;
use aduan_testkit::{As, TestApp};
use serde_json::json;
use std::path::PathBuf;

/// A small JPEG photo on disk, for the file input.
fn photo_file(dir: &std::path::Path) -> PathBuf {
    let img = image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 5) as u8, 120])
    });
    let path = dir.join("jalan-berlubang.jpg");
    image::DynamicImage::ImageRgb8(img)
        .save_with_format(&path, image::ImageFormat::Jpeg)
        .unwrap();
    path
}

/// Fills the submit form as a citizen would.
pub async fn fill_report(b: &Browser, photo: Option<&std::path::Path>) {
    b.fill("#title", "Jalan berlubang di depan SDN 12").await;
    b.fill(
        "#body",
        "Lubang besar di tengah jalan sudah sebulan, dua pengendara motor jatuh.",
    )
    .await;
    b.fill("#location_text", "Jl. Raya Darmo 12, Surabaya")
        .await;
    b.select("#agency", "kota-surabaya").await;
    b.fill("#name", "Sari Wulandari").await;
    b.fill("#email", "sari.wulandari@contoh.id").await;
    if let Some(p) = photo {
        b.upload("#files", p).await;
    }
}

async fn dispatch_and_follow_up(app: &TestApp, id: &str) {
    let national = app.login("national").await;
    let surabaya = app.login("surabaya").await;
    app.act_ok(id, As::Token(&national), json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"}))
        .await;
    app.act_ok(id, As::Token(&surabaya), json!({"action": "follow_up", "body": "Tim akan menambal lubang. Apakah lubangnya di lajur kiri?"}))
        .await;
}

async fn complete(app: &TestApp, id: &str) {
    let surabaya = app.login("surabaya").await;
    app.act_ok(
        id,
        As::Token(&surabaya),
        json!({"action": "complete", "body": "Lubang sudah ditambal pada 3 Maret."}),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: run with --include-ignored"]
async fn a_citizen_without_an_account_submits_with_a_photo_follows_replies_confirms_and_rates() {
    let app = TestApp::sqlite().await;
    let Some(b) = Browser::open(&app, Lang::Id, true, "citizen_flow").await else {
        return;
    };
    let photo = photo_file(b.artifacts());
    b.goto("/").await;
    b.screenshot("home").await;
    b.click("a[href='/lapor']").await;
    b.screenshot("submit-form").await;
    fill_report(&b, Some(&photo)).await;
    b.screenshot("submit-filled").await;
    b.click("#submit-button").await;
    let id = b.wait_for("#tracking-id").await.text().await.unwrap();
    let code = b.text("#access-code").await;
    assert_eq!(id.len(), 10, "a tracking id is shown: {id}");
    assert_eq!(code.len(), 19, "an access code is shown: {code}");
    b.screenshot("confirmation").await;
    let files = app
        .store
        .list_attachments(&id.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(files.len(), 1, "the photo arrived with the report");

    b.click("#follow-link").await;
    assert_eq!(b.path().await, format!("/laporan/{id}"));
    assert!(b.text("#report-title").await.contains("Jalan berlubang"));
    assert!(b.exists("#report-clock").await, "the live clock is shown");
    b.screenshot("following").await;

    dispatch_and_follow_up(&app, &id).await;
    b.goto(&format!("/laporan/{id}")).await;
    assert!(b.text("#timeline").await.contains("lajur kiri"));
    b.fill("#reply-body", "Ya, lajur kiri, dekat gerbang sekolah.")
        .await;
    b.screenshot("reply-written").await;
    b.click("#reply-button").await;
    assert!(
        b.text("#flash")
            .await
            .contains("Balasan Anda sudah terkirim")
    );
    assert!(b.text("#timeline").await.contains("dekat gerbang sekolah"));
    b.screenshot("replied").await;

    complete(&app, &id).await;
    b.goto(&format!("/laporan/{id}")).await;
    b.select("#rating", "5").await;
    b.screenshot("rating").await;
    b.click("#confirm-button").await;
    assert!(b.text("#report-status").await.contains("Selesai"));
    b.screenshot("confirmed").await;
    let report = app
        .store
        .get_report(&id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        report.state.completion_kind.map(|k| k.as_str()),
        Some("reporter_confirmed")
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: run with --include-ignored"]
async fn without_javascript_submit_confirmation_and_follow_work_end_to_end() {
    let app = TestApp::sqlite().await;
    let Some(b) = Browser::open(&app, Lang::Id, false, "citizen_flow_without_javascript").await
    else {
        return;
    };
    let photo = photo_file(b.artifacts());
    b.goto("/lapor").await;
    fill_report(&b, Some(&photo)).await;
    b.screenshot("submit-filled").await;
    b.click("#submit-button").await;
    let id = b.text("#tracking-id").await;
    let code = b.text("#access-code").await;
    b.screenshot("confirmation").await;
    assert_eq!(
        app.store
            .list_attachments(&id.parse().unwrap())
            .await
            .unwrap()
            .len(),
        1
    );

    // Follow from a fresh start: the tracking page with the code.
    b.client().delete_all_cookies().await.unwrap();
    b.goto("/lacak").await;
    b.fill("#open-id", &id).await;
    b.fill("#open-code", &code).await;
    b.screenshot("track-form").await;
    b.click("#open-button").await;
    assert_eq!(b.path().await, format!("/laporan/{id}"));
    assert!(b.text("#report-title").await.contains("Jalan berlubang"));
    b.screenshot("following").await;

    dispatch_and_follow_up(&app, &id).await;
    b.goto(&format!("/laporan/{id}")).await;
    b.fill("#reply-body", "Ya, lajur kiri.").await;
    b.click("#reply-button").await;
    assert!(b.text("#timeline").await.contains("Ya, lajur kiri."));
    b.screenshot("replied").await;
    b.close().await;
}

/// A dispatched public report, for the report page.
async fn public_report(app: &TestApp) -> String {
    let (id, _) = app.submit(json!({"anonymous": true})).await;
    let national = app.login("national").await;
    app.act_ok(&id, As::Token(&national), json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"}))
        .await;
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: run with --include-ignored"]
async fn the_switch_turns_every_visible_string_of_the_submit_and_report_pages_english() {
    let app = TestApp::sqlite().await;
    let id = public_report(&app).await;
    let Some(b) = Browser::open(&app, Lang::Id, true, "submit_and_report_languages").await else {
        return;
    };
    b.goto("/lapor").await;
    assert_eq!(b.html_lang().await, "id");
    assert_all_in(&b, Lang::Id).await;
    b.screenshot("submit-id").await;
    b.click("#lang-switch").await;
    assert_eq!(b.html_lang().await, "en");
    assert_all_in(&b, Lang::En).await;
    b.screenshot("submit-en").await;

    b.goto(&format!("/laporan/{id}")).await;
    assert_all_in(&b, Lang::En).await;
    b.screenshot("report-en").await;
    b.click("#lang-switch").await;
    assert_all_in(&b, Lang::Id).await;
    assert!(b.text("#report-reporter").await.contains("Anonim"));
    b.screenshot("report-id").await;

    // The reporter's own view, with its action forms, in both languages.
    b.goto("/lapor").await;
    fill_report(&b, None).await;
    b.click("#submit-button").await;
    let own = b.wait_for("#tracking-id").await.text().await.unwrap();
    b.goto(&format!("/laporan/{own}")).await;
    assert_all_in(&b, Lang::Id).await;
    b.click("#lang-switch").await;
    assert_all_in(&b, Lang::En).await;
    b.screenshot("own-report-en").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: run with --include-ignored"]
async fn every_page_first_loads_under_the_budget_and_axe_finds_nothing_serious() {
    let app = TestApp::sqlite().await;
    let id = public_report(&app).await;
    let Some(b) = Browser::open(&app, Lang::Id, true, "pages_budget_and_axe").await else {
        return;
    };
    let pages = [
        ("home", "/".to_owned()),
        ("submit", "/lapor".to_owned()),
        ("track", "/lacak".to_owned()),
        ("feed", "/laporan".to_owned()),
        ("report", format!("/laporan/{id}")),
        ("agencies", "/instansi".to_owned()),
        ("agency", "/instansi/kota-surabaya".to_owned()),
        ("topics", "/kategori".to_owned()),
        ("statistics", "/statistik".to_owned()),
        ("login", "/akun/masuk".to_owned()),
        ("register", "/akun/daftar".to_owned()),
        ("recover", "/pulihkan".to_owned()),
    ];
    for (name, path) in &pages {
        b.goto(path).await;
        b.transfer_bytes().await;
        b.screenshot(name).await;
        b.axe(name).await;
    }
    // The account pages of a logged-in citizen.
    b.goto("/akun/masuk").await;
    b.fill("#login-id", "citizen@uji.go.id").await;
    b.fill("#login-password", "rahasia-citizen").await;
    b.click("form[action='/akun/masuk'] button[type=submit]")
        .await;
    for (name, path) in [
        ("account", "/akun"),
        ("preferences", "/akun/preferensi"),
        ("erase", "/akun/hapus"),
    ] {
        b.goto(path).await;
        b.transfer_bytes().await;
        b.screenshot(name).await;
        b.axe(name).await;
    }
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: run with --include-ignored"]
async fn with_the_whole_national_directory_the_longest_pages_stay_under_the_budget() {
    let app = TestApp::sqlite().await;
    // 626 agencies and 958 topics: the submit form lists them all for choosing without JS.
    use aduan_domain::TimeSource;
    aduan_directory::load_into(app.store.as_ref(), "test", app.clock.now())
        .await
        .unwrap();
    let Some(b) = Browser::open(&app, Lang::Id, true, "budget_with_national_directory").await
    else {
        return;
    };
    for path in ["/lapor", "/laporan", "/instansi", "/kategori"] {
        b.goto(path).await;
        b.transfer_bytes().await;
    }
    b.goto("/lapor").await;
    b.screenshot("submit-with-national-directory").await;
    b.close().await;
}

async fn reports_filed(app: &TestApp) -> usize {
    app.store
        .list_reports(&aduan_store::ListScope::All, &Default::default(), None, 10)
        .await
        .unwrap()
        .len()
}

/// Fills the form with a photo and presses send while the browser is offline.
async fn queue_offline(b: &Browser, photo: &std::path::Path) {
    b.goto("/lapor").await;
    fill_report(b, Some(photo)).await;
    let offline =
        json!({"offline": true, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0});
    b.cdp("Network.enable", json!({})).await;
    b.cdp("Network.emulateNetworkConditions", offline).await;
    b.click("#submit-button").await;
    b.wait_for("#queued-note:not([hidden])").await;
    b.wait_for("#queued-files-note:not([hidden])").await;
    let online =
        json!({"offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1});
    b.cdp("Network.emulateNetworkConditions", online).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: run with --include-ignored"]
async fn a_report_written_offline_is_sent_only_when_the_person_clicks_and_can_be_discarded() {
    let app = TestApp::sqlite().await;
    let Some(b) = Browser::open(&app, Lang::Id, true, "offline_queue").await else {
        return;
    };
    let photo = photo_file(b.artifacts());
    queue_offline(&b, &photo).await;
    b.screenshot("queued-offline").await;
    assert_eq!(
        reports_filed(&app).await,
        0,
        "nothing is sent while offline"
    );

    // Back online, a later visit sends nothing by itself and shows no access code.
    b.goto("/").await;
    b.wait_for("#queued-banner:not([hidden])").await;
    b.wait_for("#queued-banner-files:not([hidden])").await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(reports_filed(&app).await, 0, "a visit alone sends nothing");
    assert!(!b.exists("#access-code").await);
    b.screenshot("queued-banner").await;
    b.click("#queued-send").await;
    let id = b.wait_for("#tracking-id").await.text().await.unwrap();
    b.screenshot("sent-on-click").await;
    assert!(
        app.store
            .get_report(&id.parse().unwrap())
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(reports_filed(&app).await, 1);
    b.goto("/").await;
    assert!(
        b.exists("#queued-banner[hidden]").await,
        "sent reports leave the device"
    );

    // Another queued report is discarded: gone from the device, never filed.
    queue_offline(&b, &photo).await;
    b.goto("/laporan").await;
    b.wait_for("#queued-banner:not([hidden])").await;
    b.click("#queued-discard").await;
    b.wait_for("#queued-banner[hidden]").await;
    b.goto("/").await;
    assert!(b.exists("#queued-banner[hidden]").await);
    let kept = b
        .run("return localStorage.getItem('aduan-queued-report')", vec![])
        .await;
    assert!(kept.is_null(), "{kept}");
    assert_eq!(
        reports_filed(&app).await,
        1,
        "a discarded report is never filed"
    );
    b.close().await;
}

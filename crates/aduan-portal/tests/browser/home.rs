//! The home page and the language switch, in a real browser.

use crate::harness::Browser;
use crate::language::assert_all_in;
use crate::measure::PAGE_BUDGET;
use aduan_i18n::Lang;
use aduan_testkit::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: run with --include-ignored"]
async fn a_browser_in_indonesian_gets_indonesian_and_the_switch_turns_every_string_english() {
    let app = TestApp::sqlite().await;
    let Some(b) = Browser::open(&app, Lang::Id, true, "home_switch_id_to_en").await else {
        return;
    };
    b.goto("/").await;
    b.screenshot("home-in-indonesian").await;
    assert_all_in(&b, Lang::Id).await;

    b.click("#lang-switch").await;
    assert_eq!(
        b.path().await,
        "/",
        "the switch comes back to the same page"
    );
    b.screenshot("home-switched-to-english").await;
    assert_all_in(&b, Lang::En).await;

    b.goto("/").await;
    b.screenshot("next-load-still-english").await;
    assert_all_in(&b, Lang::En).await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: run with --include-ignored"]
async fn a_browser_in_english_gets_english_and_the_switch_turns_every_string_indonesian() {
    let app = TestApp::sqlite().await;
    let Some(b) = Browser::open(&app, Lang::En, true, "home_switch_en_to_id").await else {
        return;
    };
    b.goto("/").await;
    b.screenshot("home-in-english").await;
    assert_all_in(&b, Lang::En).await;

    b.click("#lang-switch").await;
    b.screenshot("home-switched-to-indonesian").await;
    assert_all_in(&b, Lang::Id).await;

    b.goto("/").await;
    b.screenshot("next-load-still-indonesian").await;
    assert_all_in(&b, Lang::Id).await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: run with --include-ignored"]
async fn the_home_page_first_loads_under_the_budget_and_axe_finds_nothing_serious() {
    let app = TestApp::sqlite().await;
    let Some(b) = Browser::open(&app, Lang::Id, true, "home_budget_and_axe").await else {
        return;
    };
    b.goto("/").await;
    b.screenshot("home").await;
    let bytes = b.transfer_bytes().await;
    assert!(bytes < PAGE_BUDGET);
    b.axe("home-id").await;

    b.click("#lang-switch").await;
    b.screenshot("home-in-english").await;
    b.transfer_bytes().await;
    b.axe("home-en").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: run with --include-ignored"]
async fn without_javascript_the_home_page_renders_and_the_switch_still_works() {
    let app = TestApp::sqlite().await;
    let Some(b) = Browser::open(&app, Lang::Id, false, "home_without_javascript").await else {
        return;
    };
    b.goto("/").await;
    b.screenshot("home-without-javascript").await;
    assert_all_in(&b, Lang::Id).await;
    assert!(b.exists("form[action='/lacak'] input[name=id]").await);

    b.click("#lang-switch").await;
    assert_eq!(b.path().await, "/");
    b.screenshot("switched-without-javascript").await;
    assert_all_in(&b, Lang::En).await;
    b.goto("/").await;
    assert_all_in(&b, Lang::En).await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: run with --include-ignored"]
async fn the_language_check_notices_a_page_in_the_other_language() {
    let app = TestApp::sqlite().await;
    let Some(b) = Browser::open(&app, Lang::En, true, "language_check_notices").await else {
        return;
    };
    b.goto("/").await;
    let checked = tokio::spawn(async move { assert_all_in(&b, Lang::Id).await }).await;
    let message = match checked {
        Err(e) if e.is_panic() => e.into_panic().downcast::<String>().map(|s| *s),
        _ => panic!("an English page passed as Indonesian"),
    };
    let message = message.unwrap_or_default();
    assert!(message.contains("<html lang=\"en\">"), "{message}");
    let nav_submit = aduan_i18n::Tr::new(Lang::En).t("nav-submit");
    assert!(
        message.contains(&format!(
            "{nav_submit:?} is the English message `nav-submit`"
        )),
        "{message}"
    );
}

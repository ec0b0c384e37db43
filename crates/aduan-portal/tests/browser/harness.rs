//! [`Browser`]: a headless phone-sized Chromium, in one language, with or without JavaScript,
//! looking at a [`TestApp`] served on a loopback port. Every method fails the test with what
//! it was doing (and a screenshot named `failed-…`) when the page does not cooperate.

use crate::driver::{self, Cdp, Chromedriver};
use aduan_i18n::Lang;
use aduan_testkit::TestApp;
use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU32;
use std::time::{Duration, Instant};

/// The longest a browser command may take before the test fails.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(45);

/// A browser driven by one test.
pub struct Browser {
    pub(crate) client: Client,
    base: String,
    /// The language Chromium was started in.
    pub lang: Lang,
    /// Whether JavaScript runs.
    pub js: bool,
    pub(crate) artifacts: PathBuf,
    pub(crate) steps: AtomicU32,
    // Dropped after the client: ends the session, then chromedriver.
    driver: Chromedriver,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts Chromium in `lang` (`--lang`, Accept-Language), with JavaScript when `js`, on
    /// `app` served at a fresh loopback port; screenshots go to
    /// `target/browser-artifacts/<test_name>/`. `None` when Chromium is missing and not
    /// required (the test has then said loudly that it is skipped and should return).
    pub async fn open(app: &TestApp, lang: Lang, js: bool, test_name: &str) -> Option<Browser> {
        if !driver::browser_available(test_name) {
            return None;
        }
        let artifacts = driver::artifacts_dir(test_name);
        let mut chromedriver = Chromedriver::start(&artifacts.join("chromedriver.log"));
        let profile = tempfile::tempdir().unwrap_or_else(|e| panic!("profile folder: {e}"));
        let caps = driver::capabilities(lang, js, profile.path());
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&chromedriver.url())
            .await
            .unwrap_or_else(|e| panic!("starting Chromium through chromedriver: {e}"));
        chromedriver.session = client.session_id().await.ok().flatten();
        if !js {
            assert_scripts_off(&client).await;
        }
        Some(Browser {
            client,
            base: app.serve().await,
            lang,
            js,
            artifacts,
            steps: AtomicU32::new(0),
            driver: chromedriver,
            _profile: profile,
        })
    }

    /// Quits Chromium and chromedriver (dropping the browser does too, less politely).
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        self.driver.session = None;
    }

    /// The WebDriver client, for anything the helpers below do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The served app's base URL (`http://127.0.0.1:PORT`).
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// This test's artifacts folder.
    pub fn artifacts(&self) -> &Path {
        &self.artifacts
    }

    /// Fails the test: saves a screenshot of the page as it is, then panics with `what`.
    pub async fn fail(&self, what: &str, error: impl std::fmt::Display) -> ! {
        let at = tokio::time::timeout(Duration::from_secs(5), self.client.current_url())
            .await
            .map(|u| u.map(|u| u.to_string()).unwrap_or_default());
        let shot = self.screenshot_named("failed").await;
        panic!(
            "{what}: {error}\n  page: {}\n  screenshot: {}",
            at.unwrap_or_default(),
            shot.map(|p| p.display().to_string())
                .unwrap_or_else(|e| format!("none ({e})"))
        );
    }

    /// Awaits a WebDriver command for at most [`COMMAND_TIMEOUT`]; fails the test on an
    /// error or when time runs out.
    async fn must<T>(
        &self,
        what: impl FnOnce() -> String,
        command: impl Future<Output = Result<T, CmdError>>,
    ) -> T {
        match tokio::time::timeout(COMMAND_TIMEOUT, command).await {
            Ok(Ok(v)) => v,
            Ok(Err(e)) => self.fail(&what(), e).await,
            Err(_) => self.fail(&what(), "no answer from the browser").await,
        }
    }

    /// Opens `path` (`/lapor`, `/laporan/ABCD?x=1`) and waits for it to load.
    pub async fn goto(&self, path: &str) {
        let url = format!("{}{path}", self.base);
        self.must(|| format!("opening {path}"), self.client.goto(&url))
            .await;
    }

    /// The current path and query.
    pub async fn path(&self) -> String {
        let url = self
            .must(|| "reading the URL".into(), self.client.current_url())
            .await;
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// The element `css` (it must exist).
    pub async fn find(&self, css: &str) -> Element {
        self.must(
            || format!("finding `{css}`"),
            self.client.find(Locator::Css(css)),
        )
        .await
    }

    /// Whether an element matches `css`.
    pub async fn exists(&self, css: &str) -> bool {
        let all = self.client.find_all(Locator::Css(css));
        !self
            .must(|| format!("looking for `{css}`"), all)
            .await
            .is_empty()
    }

    /// Waits (up to 30 s) until an element matches `css`, for pages that change by script.
    pub async fn wait_for(&self, css: &str) -> Element {
        let wait = self
            .client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css(css));
        self.must(|| format!("waiting for `{css}`"), wait).await
    }

    /// Replaces the value of the field `css` with `text`, by typing.
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        self.must(|| format!("clearing `{css}`"), field.clear())
            .await;
        self.must(|| format!("typing into `{css}`"), field.send_keys(text))
            .await;
    }

    /// Clicks `css` and, if that navigates, waits for the new page to load. Without
    /// JavaScript, buttons and links are activated with the Enter key, as a keyboard user
    /// would (chromedriver's click hangs when it navigates a page without scripts).
    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        let by_key = !self.js && {
            let tag = self
                .must(|| format!("reading `{css}`"), element.tag_name())
                .await;
            let kind = self
                .must(|| format!("reading `{css}`"), element.attr("type"))
                .await;
            match tag.to_ascii_lowercase().as_str() {
                "a" | "button" => true,
                "input" => matches!(kind.as_deref(), Some("submit" | "image" | "button")),
                _ => false,
            }
        };
        if by_key {
            let enter = element.send_keys("\u{E007}");
            self.must(|| format!("pressing Enter on `{css}`"), enter)
                .await;
        } else {
            self.must(|| format!("clicking `{css}`"), element.click())
                .await;
        }
        self.settle().await;
    }

    /// Activates the button or link `css` with the Enter key, as a keyboard user would, and
    /// waits for what it loads. (On very long pages a pointer click can land elsewhere while
    /// the page is still scrolling.)
    pub async fn press(&self, css: &str) {
        let element = self.find(css).await;
        self.must(
            || format!("pressing Enter on `{css}`"),
            element.send_keys("\u{E007}"),
        )
        .await;
        self.settle().await;
    }

    /// Chooses the option with `value` in the `<select>` `css`.
    pub async fn select(&self, css: &str, value: &str) {
        self.must(
            || format!("choosing `{value}` in `{css}`"),
            self.find(css).await.select_by_value(value),
        )
        .await;
    }

    /// Puts the file at `path` into the file input `css`.
    pub async fn upload(&self, css: &str, path: &Path) {
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        self.must(
            || format!("uploading {path:?} into `{css}`"),
            self.find(css)
                .await
                .send_keys(&absolute.display().to_string()),
        )
        .await;
    }

    /// The rendered text of `css` (as a person reads it; whitespace collapsed).
    pub async fn text(&self, css: &str) -> String {
        self.must(|| format!("reading `{css}`"), self.find(css).await.text())
            .await
    }

    /// The attribute `name` of `css`.
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.must(
            || format!("reading `{css}`[{name}]"),
            self.find(css).await.attr(name),
        )
        .await
    }

    /// `<html lang>`.
    pub async fn html_lang(&self) -> String {
        self.attr("html", "lang").await.unwrap_or_default()
    }

    /// Runs `script` in the page (`arguments[i]` are `args`) and returns its result.
    pub async fn run(&self, script: &str, args: Vec<Value>) -> Value {
        self.must(
            || "running a script in the page".into(),
            self.client.execute(script, args),
        )
        .await
    }

    /// Sends a Chrome DevTools Protocol command.
    pub async fn cdp(&self, cmd: &'static str, params: Value) -> Value {
        self.must(
            || format!("DevTools {cmd}"),
            self.client.issue_cmd(Cdp { cmd, params }),
        )
        .await
    }

    /// Waits until the document has finished loading.
    pub async fn settle(&self) {
        let ready = "return document.readyState";
        let deadline = Instant::now() + COMMAND_TIMEOUT;
        while Instant::now() < deadline {
            let asked = self.client.execute(ready, vec![]);
            match tokio::time::timeout(Duration::from_secs(5), asked).await {
                Ok(Ok(Value::String(s))) if s == "complete" => return self.painted().await,
                // A navigation in progress can swallow the script; ask again.
                _ => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
        self.fail("waiting for the page to load", "it did not finish")
            .await
    }
}

/// Proves that a browser started without JavaScript runs no page script.
async fn assert_scripts_off(client: &Client) {
    let page = "data:text/html,<title>off</title><script>document.title='on'</script>";
    client
        .goto(page)
        .await
        .unwrap_or_else(|e| panic!("opening a test page: {e}"));
    let title = client.title().await.unwrap_or_default();
    assert_eq!(
        title, "off",
        "JavaScript still runs in a browser started without it"
    );
}

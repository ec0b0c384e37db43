//! The browser's machinery: whether Debian's chromium and chromedriver are here (and whether
//! `ADUAN_REQUIRE` demands them), one chromedriver process per browser on a free port, the
//! capabilities of a phone-sized headless Chromium in one language, Chrome DevTools commands
//! through chromedriver, and the folder where a test's screenshots are kept.

use aduan_i18n::Lang;
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Debian's Chromium, or the program `ADUAN_CHROMIUM` names.
pub fn chromium() -> PathBuf {
    std::env::var_os("ADUAN_CHROMIUM").map_or_else(|| "/usr/bin/chromium".into(), PathBuf::from)
}

/// Debian's chromedriver (package chromium-driver), or the program `ADUAN_CHROMEDRIVER` names.
pub fn chromedriver() -> PathBuf {
    std::env::var_os("ADUAN_CHROMEDRIVER")
        .map_or_else(|| "/usr/bin/chromedriver".into(), PathBuf::from)
}
/// The viewport: a common phone, 390 × 844 CSS pixels at twice the density.
pub const PHONE: (u32, u32, u32) = (390, 844, 2);
/// A phone's user agent (Chromium on Android).
const PHONE_UA: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 \
(KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36";

/// Whether `ADUAN_REQUIRE` (a comma list, as in `scripts/test`) names `browser`.
pub fn browser_required() -> bool {
    std::env::var("ADUAN_REQUIRE")
        .unwrap_or_default()
        .split(',')
        .any(|c| c.trim() == "browser")
}

/// What is missing for the browser tests, if anything.
pub fn missing_browser() -> Option<String> {
    let missing: Vec<String> = [chromium(), chromedriver()]
        .into_iter()
        .filter(|p| !p.is_file())
        .map(|p| p.display().to_string())
        .collect();
    (!missing.is_empty()).then(|| {
        format!(
            "{} not found (install Debian's packages: apt-get install chromium chromium-driver)",
            missing.join(" and ")
        )
    })
}

/// Whether this test can run: `true` when Chromium is here. When it is missing, a test that
/// `ADUAN_REQUIRE=browser` demands fails; otherwise it says loudly that it is skipped.
pub fn browser_available(test_name: &str) -> bool {
    let Some(problem) = missing_browser() else {
        return true;
    };
    if browser_required() {
        panic!(
            "the browser tests are required (ADUAN_REQUIRE={}) but {problem}",
            std::env::var("ADUAN_REQUIRE").unwrap_or_default()
        );
    }
    // Straight to the process's stderr: the test harness captures `eprintln!` of tests that
    // pass, and a skip must not go unseen.
    let bar = "!".repeat(78);
    let banner = format!(
        "\n{bar}\n!!! SKIPPED: chromium missing: browser test `{test_name}` did not run: \
         {problem}\n!!! Set ADUAN_REQUIRE=browser to make this a failure.\n{bar}\n\n"
    );
    let _ = std::io::stderr().write_all(banner.as_bytes());
    false
}

/// The workspace's `target/` folder: `CARGO_TARGET_DIR` when set, else the `target/` beside
/// the workspace's `Cargo.lock`.
pub fn target_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest
        .ancestors()
        .find(|d| d.join("Cargo.lock").is_file())
        .unwrap_or(manifest);
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

/// `target/browser-artifacts/<test_name>/`, emptied for this run.
pub fn artifacts_dir(test_name: &str) -> PathBuf {
    let dir = target_dir().join("browser-artifacts").join(test_name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("clearing {dir:?}: {e}"));
    }
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("creating {dir:?}: {e}"));
    dir
}

/// The WebDriver capabilities of a headless phone-sized Chromium speaking `lang`, with or
/// without JavaScript, using `profile` as its profile folder.
pub fn capabilities(lang: Lang, js: bool, profile: &Path) -> serde_json::Map<String, Value> {
    let accept = match lang {
        Lang::Id => "id-ID,id",
        Lang::En => "en-US,en",
    };
    let mut prefs = json!({ "intl.accept_languages": accept });
    if !js {
        prefs["profile.managed_default_content_settings.javascript"] = json!(2);
    }
    let (width, height, ratio) = PHONE;
    let caps = json!({
        "browserName": "chrome",
        "pageLoadStrategy": "normal",
        "timeouts": { "script": 60_000, "pageLoad": 30_000, "implicit": 0 },
        "goog:chromeOptions": {
            "binary": chromium(),
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                "--hide-scrollbars",
                format!("--lang={}", lang.code()),
                format!("--user-data-dir={}", profile.display()),
            ],
            "mobileEmulation": {
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": ratio },
                "userAgent": PHONE_UA,
            },
            "prefs": prefs,
        },
    });
    match caps {
        Value::Object(map) => map,
        _ => unreachable!("a JSON object literal"),
    }
}

/// A chromedriver process on a free loopback port; it and its Chromium are killed when
/// dropped.
pub struct Chromedriver {
    child: Child,
    port: u16,
    /// The WebDriver session to end before the process, so that Chromium quits with it.
    pub session: Option<String>,
}

impl Chromedriver {
    /// Starts chromedriver (its output goes to `log`) and waits until it accepts connections.
    pub fn start(log: &Path) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or_else(|e| panic!("no free port for chromedriver: {e}"));
        let out = std::fs::File::create(log).unwrap_or_else(|e| panic!("{log:?}: {e}"));
        let err = out.try_clone().unwrap_or_else(|e| panic!("{log:?}: {e}"));
        // Its own process group, so that Chromium's processes end with it.
        let child = Command::new(chromedriver())
            .process_group(0)
            .arg(format!("--port={port}"))
            .arg("--log-level=WARNING")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", chromedriver().display()));
        let mut driver = Self {
            child,
            port,
            session: None,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = driver.child.try_wait() {
                let text = std::fs::read_to_string(log).unwrap_or_default();
                panic!("chromedriver exited ({status}) before answering:\n{text}");
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not answer on port {port} within 20 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }

    /// The WebDriver URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Ends the session with a plain blocking HTTP request (Chromium quits with it); used on
    /// drop, when no async runtime can be relied on (a test that panicked).
    fn end_session(&self, id: &str) {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let request = format!(
            "DELETE /session/{id} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        );
        if stream.write_all(request.as_bytes()).is_ok() {
            let mut answer = Vec::new();
            let _ = stream.read_to_end(&mut answer);
        }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        if let Some(id) = self.session.take() {
            self.end_session(&id);
        }
        // Whatever is left of chromedriver and Chromium (a session that hung, a test that
        // panicked) goes with the group.
        if let Some(group) = rustix::process::Pid::from_raw(self.child.id() as i32) {
            let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A Chrome DevTools Protocol command sent through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
pub struct Cdp {
    /// The method, such as `Network.setCacheDisabled`.
    pub cmd: &'static str,
    /// Its parameters.
    pub params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

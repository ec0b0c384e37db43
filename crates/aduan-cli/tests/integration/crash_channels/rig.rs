//! The server under test: its settings (every limit lifted, SMS, X and e-mail intake on), its
//! first accounts, and starting and killing it on a fixed port.

use super::http;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

pub const SMS_SECRET: &str = "uji-rahasia-sms-kannel";
pub const X_SECRET: &str = "uji-rahasia-x-webhook";
const STAFF: (&str, &str) = ("admin.uji@aduan.id", "sandi-admin-uji");
pub fn settings(dir: &Path) -> PathBuf {
    let mut toml = String::from("trusted_proxies = [\"127.0.0.1/32\"]\n");
    for limit in [
        "submit_address",
        "write_address",
        "write_account",
        "write_partner",
        "chat_sender",
        "chat_submit",
    ] {
        toml.push_str(&format!(
            "[limits.{limit}]\nattempts = 1000000000\nwindow_seconds = 600\n"
        ));
    }
    // An e-mail whose process was killed is taken again at its next delivery, not after the
    // claim's usual 15 minutes: the test sees the message filed before the kill replayed.
    toml.push_str(&format!(
        "[sms]\nenabled = true\nsecret = \"{SMS_SECRET}\"\nrate_limit = 1000000\n\
         [x]\nenabled = true\nconsumer_secret = \"{X_SECRET}\"\naccount = \"lapor1708\"\n\
         access_token = \"uji\"\napi_base_url = \"http://127.0.0.1:9\"\n\
         [mail_in]\ndomain = \"aduan.contoh.id\"\naddresses = [\"lapor@aduan.contoh.id\"]\n\
         stale_minutes = 0\n"
    ));
    let path = dir.join("aduan.toml");
    std::fs::write(&path, toml).unwrap();
    path
}

/// The server on a fixed port (Kannel's get-url names it), restarted after each kill.
pub struct Server {
    pub db_url: String,
    pub config: PathBuf,
    pub data: PathBuf,
    pub addr: String,
    pub child: Option<Child>,
    pub log: PathBuf,
}

impl Server {
    pub fn start(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap();
        let child = super::super::aduan(&self.db_url)
            .arg("--config")
            .arg(&self.config)
            .arg("--data-dir")
            .arg(&self.data)
            .args(["serve", "--no-worker"])
            .env("ADUAN_LISTEN", &self.addr)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        self.child = Some(child);
        let start = Instant::now();
        while http::send(&self.addr, "GET", "/healthz", "", b"").is_none_or(|a| a.status != 200) {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "the server did not come up:\n{}",
                std::fs::read_to_string(&self.log).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGKILL: no shutdown, no flush.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }
}

/// A staff account, a partner and its key, before the server first starts.
pub fn prepare(db_url: &str, config: &Path, data: &Path) -> String {
    super::super::add_national_admin(db_url, STAFF.0, STAFF.1);
    let run = |args: &[&str]| {
        let out = super::super::aduan(db_url)
            .arg("--config")
            .arg(config)
            .arg("--data-dir")
            .arg(data)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    run(&[
        "partner",
        "add",
        "mitra-uji",
        "--name",
        "Mitra Uji",
        "--region",
        "35",
    ]);
    let key = run(&["partner", "key", "mitra-uji"]);
    key.lines()
        .find(|l| l.starts_with("apk_"))
        .unwrap()
        .trim()
        .to_owned()
}

pub fn login(addr: &str) -> String {
    let body = serde_json::json!({"login": STAFF.0, "password": STAFF.1}).to_string();
    let answer = http::json(addr, "POST", "/api/v1/auth/login", "", &body).unwrap();
    http::field(&answer, "token").unwrap_or_else(|| panic!("login: {}", answer.body))
}

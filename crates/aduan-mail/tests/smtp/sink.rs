//! A real SMTP server on loopback for the tests: Debian's python3-aiosmtpd running
//! `tests/smtp_sink.py`, which writes each message it accepts to a folder. Whether it can run
//! (and whether `ADUAN_REQUIRE=smtp` demands it) is decided as for the browser tests: required
//! and missing fails; missing otherwise says so loudly and the test returns.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// Debian's Python (the one python3-aiosmtpd installs into), or `ADUAN_PYTHON3`.
pub fn python() -> PathBuf {
    std::env::var_os("ADUAN_PYTHON3").map_or_else(|| "/usr/bin/python3".into(), PathBuf::from)
}

fn required() -> bool {
    std::env::var("ADUAN_REQUIRE")
        .unwrap_or_default()
        .split(',')
        .any(|c| c.trim() == "smtp")
}

/// What is missing for the SMTP tests, if anything.
pub fn missing() -> Option<String> {
    let ok = Command::new(python())
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    (!ok).then(|| {
        format!(
            "{} cannot import aiosmtpd (install Debian's package: apt-get install python3-aiosmtpd)",
            python().display()
        )
    })
}

/// Whether this test can run; see the module docs.
pub fn available(test_name: &str) -> bool {
    let Some(problem) = missing() else {
        return true;
    };
    if required() {
        panic!(
            "the SMTP tests are required (ADUAN_REQUIRE={}) but {problem}",
            std::env::var("ADUAN_REQUIRE").unwrap_or_default()
        );
    }
    let bar = "!".repeat(78);
    let banner = format!(
        "\n{bar}\n!!! SKIPPED: aiosmtpd missing: SMTP test `{test_name}` did not run: {problem}\n\
         !!! Set ADUAN_REQUIRE=smtp to make this a failure.\n{bar}\n\n"
    );
    let _ = std::io::stderr().write_all(banner.as_bytes());
    false
}

/// A free loopback port (nothing listens on it once this returns).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running SMTP server and the folder it writes to; killed when dropped.
pub struct Sink {
    child: Child,
    /// Where the messages land.
    pub dir: PathBuf,
}

impl Sink {
    /// Starts the server on `port` (0: any free one), writing to `dir`.
    pub fn start(dir: &Path, port: u16) -> Sink {
        // From the crate that includes this file, aduan-mail or another beside it.
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../aduan-mail/tests/smtp_sink.py");
        let mut child = Command::new(python())
            .arg(&script)
            .args([
                "--dir",
                &dir.display().to_string(),
                "--port",
                &port.to_string(),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", script.display()));
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let listening: Option<u16> = line
            .trim()
            .strip_prefix("listening on ")
            .and_then(|p| p.parse().ok());
        assert!(
            listening.is_some_and(|p| port == 0 || p == port),
            "the SMTP sink did not start on port {port}: {line:?}"
        );
        Sink {
            child,
            dir: dir.to_owned(),
        }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

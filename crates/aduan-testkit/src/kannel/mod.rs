//! A real Kannel for one test: `docs/kannel.conf` with this test's ports, folders and secrets
//! put in, bearerbox and smsbox started from Debian's package, and phones played by Kannel's
//! fakesmsc (package kannel-extras). Whether Kannel is here, and whether `ADUAN_REQUIRE`
//! demands it, decides between running, failing and a loud skip, as for the browser tests.

mod phone;

pub use phone::{Phone, Sms};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BEARERBOX: &str = "/usr/sbin/bearerbox";
const SMSBOX: &str = "/usr/sbin/smsbox";
pub const FAKESMSC: &str = "/usr/lib/kannel/test/fakesmsc";

/// The password of the test's sendsms user.
pub const SENDSMS_PASSWORD: &str = "uji-sendsms-rahasia";
/// The short code phones write to.
pub const SHORT_CODE: &str = "1708";

/// Whether `ADUAN_REQUIRE` (a comma list, as in `scripts/test`) names `kannel`.
pub fn kannel_required() -> bool {
    std::env::var("ADUAN_REQUIRE")
        .unwrap_or_default()
        .split(',')
        .any(|c| c.trim() == "kannel")
}

/// What is missing for the Kannel tests, if anything.
pub fn missing_kannel() -> Option<String> {
    let missing: Vec<&str> = [BEARERBOX, SMSBOX, FAKESMSC]
        .into_iter()
        .filter(|p| !Path::new(p).is_file())
        .collect();
    (!missing.is_empty()).then(|| {
        format!(
            "{} not found (install Debian's packages: apt-get install kannel kannel-extras)",
            missing.join(" and ")
        )
    })
}

/// Whether this test can run: `true` when Kannel is here. When it is missing, a test that
/// `ADUAN_REQUIRE=kannel` demands fails; otherwise it says loudly that it is skipped.
pub fn kannel_available(test_name: &str) -> bool {
    let Some(problem) = missing_kannel() else {
        return true;
    };
    if kannel_required() {
        panic!(
            "the Kannel tests are required (ADUAN_REQUIRE={}) but {problem}",
            std::env::var("ADUAN_REQUIRE").unwrap_or_default()
        );
    }
    let bar = "!".repeat(78);
    let banner = format!(
        "\n{bar}\n!!! SKIPPED: kannel missing: test `{test_name}` did not run: {problem}\n\
         !!! Set ADUAN_REQUIRE=kannel to make this a failure.\n{bar}\n\n"
    );
    let _ = std::io::stderr().write_all(banner.as_bytes());
    false
}

/// A free port on the loopback interface.
pub fn free_port() -> u16 {
    free_ports::<1>()[0]
}

/// `N` free ports on the loopback interface, all different: each listener is held until all
/// are chosen (free ports picked one after another may repeat once the first is let go, and
/// Kannel then fails to open its second listener on the same port).
pub fn free_ports<const N: usize>() -> [u16; N] {
    let listeners: Vec<TcpListener> = (0..N)
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    std::array::from_fn(|i| listeners[i].local_addr().unwrap().port())
}

/// A plain HTTP GET on the loopback interface: (status, body).
pub fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut raw = String::new();
    s.read_to_string(&mut raw).ok()?;
    let status = raw.split_whitespace().nth(1)?.parse().ok()?;
    let body = raw.split_once("\r\n\r\n").map(|(_, b)| b.to_owned())?;
    Some((status, body))
}

/// bearerbox and smsbox, killed when dropped.
pub struct Kannel {
    dir: tempfile::TempDir,
    children: Vec<Child>,
    /// The fake SMSC's port (fakesmsc connects here).
    pub smsc_port: u16,
    /// smsbox's sendsms port.
    pub sendsms_port: u16,
    admin_port: u16,
}

fn replace_once(conf: &mut String, from: &str, to: &str) {
    assert!(
        conf.contains(from),
        "docs/kannel.conf no longer contains `{from}`: update the Kannel test harness"
    );
    *conf = conf.replace(from, to);
}

fn spawn(program: &str, args: &[&str], dir: &Path, log: &str) -> Child {
    let out = std::fs::File::create(dir.join(log)).unwrap();
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program}: {e}"))
}

impl Kannel {
    /// Starts Kannel with the shipped sample configuration, its get-url pointing at `aduan`
    /// (`http://127.0.0.1:PORT`) with `secret`, smsbox retrying a failed request after a
    /// second; waits until smsbox is connected.
    pub fn start(aduan: &str, secret: &str) -> Self {
        Self::start_with_retry_delay(aduan, secret, 1)
    }

    /// As [`Kannel::start`], smsbox waiting `seconds` before each retry of a request Aduan did
    /// not answer (the shipped configuration waits 5).
    pub fn start_with_retry_delay(aduan: &str, secret: &str, seconds: u32) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let [admin_port, box_port, sendsms_port, smsc_port] = free_ports::<4>();
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/kannel.conf");
        let mut conf = std::fs::read_to_string(&sample).unwrap();
        let folder = dir.path().display().to_string();
        replace_once(
            &mut conf,
            "admin-port = 13000",
            &format!("admin-port = {admin_port}"),
        );
        replace_once(&mut conf, "13001", &box_port.to_string());
        replace_once(
            &mut conf,
            "sendsms-port = 13013",
            &format!("sendsms-port = {sendsms_port}"),
        );
        replace_once(
            &mut conf,
            "\nport = 10000",
            &format!("\nport = {smsc_port}"),
        );
        replace_once(&mut conf, "/var/log/kannel", &folder);
        replace_once(
            &mut conf,
            "/var/spool/kannel/store",
            &format!("{folder}/store"),
        );
        replace_once(&mut conf, "http://127.0.0.1:8080", aduan);
        replace_once(&mut conf, "CHANGE-ME-shared-secret", secret);
        replace_once(&mut conf, "CHANGE-ME-sendsms-password", SENDSMS_PASSWORD);
        replace_once(
            &mut conf,
            "http-queue-delay = 5",
            &format!("http-queue-delay = {seconds}"),
        );
        replace_once(&mut conf, "log-level = 1", "log-level = 0");
        std::fs::create_dir_all(dir.path().join("store")).unwrap();
        let path = dir.path().join("kannel.conf");
        std::fs::write(&path, conf).unwrap();
        let conf_arg = path.display().to_string();
        let mut kannel = Kannel {
            children: vec![spawn(BEARERBOX, &[&conf_arg], dir.path(), "bearerbox.out")],
            dir,
            smsc_port,
            sendsms_port,
            admin_port,
        };
        kannel.wait("bearerbox's admin port", |k| k.status().is_some());
        let smsbox = spawn(SMSBOX, &[&conf_arg], kannel.dir.path(), "smsbox.out");
        kannel.children.push(smsbox);
        kannel.wait("smsbox to connect to bearerbox", |k| {
            k.status()
                .is_some_and(|s| s.contains("smsbox:") && s.contains("on-line"))
                && TcpStream::connect(("127.0.0.1", k.sendsms_port)).is_ok()
        });
        kannel
    }

    /// bearerbox's status page.
    fn status(&self) -> Option<String> {
        http_get(
            self.admin_port,
            "/status.txt?password=CHANGE-ME-admin-password",
        )
        .map(|(_, body)| body)
    }

    fn wait(&self, what: &str, ready: impl Fn(&Self) -> bool) {
        let start = Instant::now();
        while !ready(self) {
            assert!(
                start.elapsed() < Duration::from_secs(40),
                "Kannel: gave up waiting for {what}\n{}",
                self.logs()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The end of Kannel's logs, for a failing assertion.
    pub fn logs(&self) -> String {
        let mut out = String::new();
        for name in ["bearerbox.out", "smsbox.out", "smsbox.log", "bearerbox.log"] {
            let text = std::fs::read_to_string(self.dir.path().join(name)).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            let tail = lines[lines.len().saturating_sub(30)..].join("\n");
            out.push_str(&format!("--- {name}\n{tail}\n"));
        }
        out
    }

    /// smsbox's sendsms URL.
    pub fn sendsms_url(&self) -> String {
        format!("http://127.0.0.1:{}/cgi-bin/sendsms", self.sendsms_port)
    }

    /// A phone `from` sending `text` to the short code (plain text).
    pub fn send(&self, from: &str, text: &str) -> Phone {
        Phone::dial(self, &format!("{from} {SHORT_CODE} text {text}"), 1)
    }

    /// A phone `from` sending `text` as UCS-2, as a phone does for characters outside GSM.
    pub fn send_ucs2(&self, from: &str, text: &str) -> Phone {
        let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let data: String = bytes.iter().map(|b| format!("%{b:02X}")).collect();
        Phone::dial(self, &format!("{from} {SHORT_CODE} ucs2 {data}"), 1)
    }

    /// A phone `from` sending part `seq` of `total` of a long SMS (concatenation reference
    /// `reference`), as the operator delivers each part with its user data header.
    pub fn send_part(&self, from: &str, reference: u8, total: u8, seq: u8, text: &str) -> Phone {
        let udh = format!("%05%00%03%{reference:02X}%{total:02X}%{seq:02X}");
        Phone::dial(
            self,
            &format!("{from} {SHORT_CODE} udh-text {udh} {text}"),
            1,
        )
    }

    /// The operator's side, connected without sending: it receives what Kannel sends out.
    pub fn listen(&self) -> Phone {
        Phone::dial(self, &format!("0 {SHORT_CODE} text -"), 0)
    }
}

impl Drop for Kannel {
    fn drop(&mut self) {
        for child in self.children.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

//! The `aduan` binary as the harness runs it: `generate` for the data set, `user add` for the
//! staff account, `serve` for the server under test. Always the executable that runs the
//! harness (`std::env::current_exe()`), so a release harness measures a release server.

use anyhow::{Context, bail};
use std::path::Path;
use std::process::Stdio;
use tokio::io::AsyncWriteExt;
use tokio::process::Command;

/// The staff account the queue page and the note scenario log in as.
pub const STAFF_LOGIN: &str = "bench-national@bench.aduan.invalid";
/// Its password (a benchmark account on a generated data set).
pub const STAFF_PASSWORD: &str = "bench-national-password";
/// The seed of the generated data set.
pub const SEED: u64 = 1;
/// The last day of the generated history, as in BENCHMARKS.md.
pub const UNTIL: &str = "2026-06-30";

/// This process's standard error, for a child's output (standard output carries the table).
fn to_stderr() -> Stdio {
    use std::os::fd::AsFd;
    std::io::stderr()
        .as_fd()
        .try_clone_to_owned()
        .map_or_else(|_| Stdio::null(), Stdio::from)
}

/// The key material of the bench's data sets: they are generated, never anyone's, so their
/// key is published here and the cached sets open in every run (`aduan generate` seals the
/// generated identities with it as a deployment would).
pub const BENCH_KEY: &str = "YWR1YW4gYmVuY2g6IHN5bnRoZXRpYyBkYXRhIG9ubHk=";

/// `exe` with the database named, the bench's key material, and no `ADUAN_*` setting
/// inherited from the environment (the harness says which database and settings the child
/// uses).
pub fn aduan(exe: &Path, database_url: &str) -> Command {
    let mut cmd = Command::new(exe);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("ADUAN_") {
            cmd.env_remove(&key);
        }
    }
    cmd.env("ADUAN_LOG", "warn")
        .env("ADUAN_SECRET_KEY", BENCH_KEY)
        .arg("--database-url")
        .arg(database_url)
        .kill_on_drop(true);
    cmd
}

/// `aduan generate --reports N --seed 1 --until 2026-06-30` into `database_url`; its progress
/// bar and summary go to this terminal.
pub async fn generate(exe: &Path, database_url: &str, reports: u64) -> anyhow::Result<()> {
    let status = aduan(exe, database_url)
        .args(["generate", "--reports", &reports.to_string()])
        .args(["--seed", &SEED.to_string(), "--until", UNTIL])
        .stdout(to_stderr())
        .stderr(Stdio::inherit())
        .status()
        .await
        .context("running aduan generate")?;
    if !status.success() {
        bail!("aduan generate failed ({status})");
    }
    Ok(())
}

/// Whether `aduan user list` on `database_url` shows an account with `login`.
pub async fn has_account(exe: &Path, database_url: &str, login: &str) -> anyhow::Result<bool> {
    let out = aduan(exe, database_url)
        .args(["user", "list"])
        .stderr(Stdio::piped())
        .output()
        .await
        .context("running aduan user list")?;
    if !out.status.success() {
        bail!(
            "aduan user list failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|line| line.split_whitespace().any(|word| word == login)))
}

/// `aduan user add` of the benchmark's national admin, password on standard input.
pub async fn add_staff(exe: &Path, database_url: &str) -> anyhow::Result<()> {
    let mut child = aduan(exe, database_url)
        .args([
            "user",
            "add",
            "--email",
            STAFF_LOGIN,
            "--name",
            "Bench Nasional",
        ])
        .args(["--role", "national_admin", "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("running aduan user add")?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(STAFF_PASSWORD.as_bytes()).await?;
    }
    let out = child.wait_with_output().await?;
    if !out.status.success() {
        bail!(
            "aduan user add failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

//! The server under test: the real `aduan serve` as a child process on a free loopback port,
//! against the data set, without the in-process worker (background jobs would compete for the
//! same cores at moments the harness does not choose). Loopback is its trusted proxy, so that
//! each submitting client is limited under an address of its own; the login limit per address
//! and the write limit of the one staff account every client writes as are lifted.

use crate::http::{Call, HttpClient, send};
use crate::proc_stat::{self, ProcSample};
use anyhow::{Context, bail};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::Child;

/// How long the first start may take: it applies pending migrations to the data set.
const START_TIMEOUT: Duration = Duration::from_secs(900);

/// The settings file of the server under test.
const SETTINGS: &str = "\
# Written by aduan bench. Every client connects from 127.0.0.1, as behind a reverse proxy:
# loopback is trusted and each submitting client sends its own X-Forwarded-For address, so
# submissions are limited per address as in production. Logins all come from one address.
log = \"error\"
trusted_proxies = [\"127.0.0.1/32\"]

[limits.login_address]
attempts = 1000000000
window_seconds = 900
delay_seconds = 0
max_delay_seconds = 0

# Every client writes notes as the one staff account the harness logs in: its writes are not
# limited here (one person could not write that fast).
[limits.write_account]
attempts = 1000000000
window_seconds = 600
";

/// A running `aduan serve`.
#[derive(Debug)]
pub struct Server {
    child: Child,
    pid: u32,
    /// `127.0.0.1:PORT`.
    pub addr: String,
}

fn free_port() -> anyhow::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

impl Server {
    /// Starts `exe serve` on `database_url`, with its settings and data dir (the deployment
    /// key) in `dir`, and waits until `/healthz` answers.
    pub async fn start(
        exe: &Path,
        database_url: &str,
        dir: &Path,
        client: &HttpClient,
    ) -> anyhow::Result<Server> {
        let config = dir.join("bench-server.toml");
        std::fs::write(&config, SETTINGS)
            .with_context(|| format!("writing {}", config.display()))?;
        let addr = format!("127.0.0.1:{}", free_port()?);
        let mut child = crate::cli::aduan(exe, database_url)
            .arg("--config")
            .arg(&config)
            .arg("--data-dir")
            .arg(dir.join("server-data"))
            .args(["serve", "--no-worker", "--listen", &addr])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .context("starting aduan serve")?;
        let pid = child.id().context("aduan serve has no process id")?;
        let started = Instant::now();
        let health = Call::get("/healthz");
        loop {
            if let Some(status) = child.try_wait()? {
                bail!("aduan serve exited ({status}) before answering");
            }
            if let Ok((status, _)) = send(client, &addr, &health).await
                && status.is_success()
            {
                break;
            }
            if started.elapsed() > START_TIMEOUT {
                bail!("aduan serve did not answer /healthz within {START_TIMEOUT:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        eprintln!(
            "aduan bench: aduan serve (pid {pid}) answers at http://{addr}/ after {:.1} s",
            started.elapsed().as_secs_f64()
        );
        Ok(Server { child, pid, addr })
    }

    /// Its memory and CPU time now.
    pub fn sample(&self) -> Option<ProcSample> {
        proc_stat::sample(&self.pid.to_string())
    }

    /// Asks it to stop (SIGTERM: it finishes what it serves), killing it after 15 s.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        let _ = tokio::process::Command::new("kill")
            .args(["-TERM", &self.pid.to_string()])
            .status()
            .await;
        if tokio::time::timeout(Duration::from_secs(15), self.child.wait())
            .await
            .is_err()
        {
            self.child.kill().await?;
        }
        Ok(())
    }
}

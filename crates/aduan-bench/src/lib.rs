//! `aduan bench`: Aduan's benchmark harness with its own baseline.
//!
//! It finds or generates a data set of N reports (`aduan generate`, cached outside the
//! repository, see [`dataset`]), starts the real `aduan serve` on it as a child process
//! ([`server`]), logs in a staff account and runs each scenario ([`scenarios::ALL`]) from N
//! concurrent keep-alive HTTP/1.1 clients for a fixed time ([`load`]), reading the server's
//! memory and CPU time and its own from `/proc` ([`proc_stat`]). Then, in the same run, it runs
//! the same work through a bare sqlx loop with the same durability and concurrency
//! ([`baseline`]) and prints one markdown table ([`table`]): each scenario's throughput,
//! latency percentiles, errors, server memory, CPU split, and its ratio to the baseline.

pub mod baseline;
pub mod cli;
pub mod dataset;
pub mod db;
pub mod http;
pub mod load;
pub mod machine;
pub mod proc_stat;
pub mod scenarios;
pub mod server;
pub mod table;
pub mod template;

use anyhow::{Context, bail};
use scenarios::{Ctx, Scenario};
use serde_json::json;
use std::fmt::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use table::{Report, Row};

/// Which database the run uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in the cache directory.
    Sqlite,
    /// A database on this PostgreSQL server (the URL names any database on it).
    Postgres {
        /// The server's URL.
        server_url: String,
    },
}

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The `aduan` executable (the one running the harness).
    pub exe: PathBuf,
    /// The backend.
    pub backend: Backend,
    /// Reports in the data set.
    pub reports: u64,
    /// Time per scenario.
    pub duration: Duration,
    /// Concurrent clients (and baseline tasks).
    pub clients: usize,
    /// The scenarios to run.
    pub scenarios: Vec<&'static Scenario>,
    /// Where the SQLite data set, the server's settings and its key file live.
    pub cache_dir: PathBuf,
    /// PostgreSQL: the data set's database instead of `aduan_bench_<N>`.
    pub pg_database: Option<String>,
}

/// The default cache: `$XDG_CACHE_HOME/aduan-bench`, else `~/.cache/aduan-bench`.
pub fn default_cache_dir() -> PathBuf {
    std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir)
        .join("aduan-bench")
}

const PUBLIC: &str = "status IN ('dispatched', 'in_progress', 'completed') AND NOT confidential";

/// Ids to read and to write notes on, what to submit, and the database's version.
type Picked = (Vec<String>, Vec<String>, [Option<String>; 3], String);

async fn pick_ids(url: &str) -> anyhow::Result<Picked> {
    let db = db::Db::open(url).await?;
    let public = db
        .strings(&format!(
            "SELECT tracking_id FROM reports WHERE {PUBLIC} ORDER BY random() LIMIT 10000"
        ))
        .await?;
    let open = db
        .strings(
            "SELECT tracking_id FROM reports WHERE status IN ('dispatched', 'in_progress') \
             ORDER BY random() LIMIT 10000",
        )
        .await?;
    let mut where_what = [None, None, None];
    // A category open whatever the day: a generated report's may have closed since.
    where_what[0] = db
        .strings(
            "SELECT id FROM categories WHERE active_from IS NULL AND active_until IS NULL \
             ORDER BY id LIMIT 1",
        )
        .await?
        .pop();
    for (i, col) in [(1, "requested_agency"), (2, "region_code")] {
        let sql = format!("SELECT {col} FROM reports WHERE {col} IS NOT NULL LIMIT 1");
        where_what[i] = db.strings(&sql).await?.pop();
    }
    let version = match &db {
        db::Db::Sqlite(_) => db.strings("SELECT 'SQLite ' || sqlite_version()").await?,
        db::Db::Pg(_) => {
            db.strings("SELECT 'PostgreSQL ' || current_setting('server_version')")
                .await?
        }
    };
    db.close().await;
    if public.is_empty() || open.is_empty() {
        bail!("the data set has no public or no open reports: generate more reports");
    }
    Ok((public, open, where_what, version.concat()))
}

async fn login(client: &http::HttpClient, addr: &str) -> anyhow::Result<String> {
    let body = json!({"login": cli::STAFF_LOGIN, "password": cli::STAFF_PASSWORD});
    let (status, answer) = http::send(
        client,
        addr,
        &http::Call::post_json("/api/v1/auth/login", &body),
    )
    .await?;
    if !status.is_success() {
        bail!(
            "logging in as {} answered {status}: {}",
            cli::STAFF_LOGIN,
            String::from_utf8_lossy(&answer)
        );
    }
    let v: serde_json::Value = serde_json::from_slice(&answer)?;
    v["token"]
        .as_str()
        .map(str::to_owned)
        .context("the login answer has no token")
}

/// Submits the report whose rows the write baseline copies; its tracking id.
async fn submit_template(ctx: &Ctx) -> anyhow::Result<String> {
    let call = scenarios::ALL[0].call(ctx, 0, u64::MAX);
    let (status, answer) = http::send(&ctx.client, &ctx.addr, &call).await?;
    if !status.is_success() {
        bail!(
            "the template submission answered {status}: {}",
            String::from_utf8_lossy(&answer)
        );
    }
    let v: serde_json::Value = serde_json::from_slice(&answer)?;
    v["tracking_id"]
        .as_str()
        .map(str::to_owned)
        .context("no tracking_id in the answer")
}

/// Runs the whole benchmark.
pub async fn run(options: &Options) -> anyhow::Result<Report> {
    let machine = machine::Machine::read();
    std::fs::create_dir_all(&options.cache_dir)?;
    let set = dataset::prepare(options).await?;
    let (public, open, [category, agency, region], version) = pick_ids(&set.url).await?;
    let client = http::client(options.clients);
    let server = server::Server::start(&options.exe, &set.url, &options.cache_dir, &client).await?;
    let run_id = format!("{:x}", chrono::Utc::now().timestamp_millis());
    let public = Arc::new(public);
    let token = login(&client, &server.addr).await?;
    let ctx = Arc::new(Ctx {
        addr: server.addr.clone(),
        client,
        clients: options.clients,
        public_ids: public.as_ref().clone(),
        open_ids: open,
        token,
        run: run_id.clone(),
        where_what: (category, agency, region),
    });
    let template = submit_template(&ctx).await?;
    let tps = proc_stat::ticks_per_second();
    let mut rows = Vec::new();
    for scenario in &options.scenarios {
        let (s0, me0) = (
            server.sample().unwrap_or_default(),
            proc_stat::sample("self").unwrap_or_default(),
        );
        let outcome = scenario.run(ctx.clone(), options.duration).await?;
        let (s1, me1) = (
            server.sample().unwrap_or_default(),
            proc_stat::sample("self").unwrap_or_default(),
        );
        eprintln!(
            "aduan bench: {:<12} {} requests, {:.1}/s, {} errors",
            scenario.name,
            outcome.requests,
            outcome.throughput(),
            outcome.errors
        );
        rows.push(Row {
            scenario,
            server_rss_mib: s1.rss_kib as f64 / 1024.0,
            server_cpu: proc_stat::cpu_percent(s0, s1, outcome.elapsed, tps),
            loadgen_cpu: proc_stat::cpu_percent(me0, me1, outcome.elapsed, tps),
            outcome,
        });
    }
    let server_peak_mib = server.sample().unwrap_or_default().hwm_kib as f64 / 1024.0;
    server.stop().await?;
    let baselines = baseline::run(options, &set.url, public, &template, &run_id).await?;
    let mut header = String::from("## aduan bench\n\n");
    header.push_str(&machine.describe());
    let backend = match &options.backend {
        Backend::Sqlite => format!("{version} (WAL, synchronous=FULL)"),
        Backend::Postgres { .. } => format!("{version} (synchronous_commit on)"),
    };
    let _ = writeln!(
        header,
        "- backend: {backend}; data set: {} reports ({})",
        options.reports, set.place
    );
    let _ = writeln!(
        header,
        "- {} clients, {:.1} s per scenario, build: {}",
        options.clients,
        options.duration.as_secs_f64(),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    Ok(Report {
        header,
        rows,
        baselines,
        server_peak_mib,
    })
}

//! `aduan bench`: the benchmark harness of `aduan-bench` on the command line (BENCHMARKS.md,
//! "The harness: `aduan bench`").

use aduan_bench::{Backend, Options, default_cache_dir, scenarios};
use anyhow::Context;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Options of `aduan bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// `sqlite`, `postgres` (the server of --postgres-url) or a postgres:// URL.
    #[arg(long, default_value = "sqlite")]
    backend: String,
    /// The PostgreSQL server for `--backend postgres` (any database on it; the data set gets
    /// its own database `aduan_bench_<N>` there).
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
    postgres_url: String,
    /// PostgreSQL: use this database for the data set instead of `aduan_bench_<N>`.
    #[arg(long)]
    pg_database: Option<String>,
    /// Reports in the data set (default 1,000,000; 2,000 with --smoke).
    #[arg(long)]
    reports: Option<u64>,
    /// Seconds per scenario (default 10; 1 with --smoke).
    #[arg(long)]
    duration: Option<f64>,
    /// Concurrent clients, and tasks of the baseline (default 32; 4 with --smoke).
    #[arg(long)]
    clients: Option<usize>,
    /// Comma list of scenarios (default: all): submit, status, report-json, report-page, feed,
    /// queue, note, stats-page, stats-sla.
    #[arg(long, value_delimiter = ',')]
    scenarios: Vec<String>,
    /// A quick check: a small data set (2,000 reports), 4 clients, about a second per scenario.
    #[arg(long)]
    smoke: bool,
    /// Where the data set and the server's files are kept (default
    /// $XDG_CACHE_HOME/aduan-bench or ~/.cache/aduan-bench).
    #[arg(long)]
    cache_dir: Option<PathBuf>,
}

/// Runs the harness and prints its table on standard output.
pub async fn run(args: BenchArgs) -> anyhow::Result<ExitCode> {
    let backend = match args.backend.as_str() {
        "sqlite" => Backend::Sqlite,
        "postgres" | "postgresql" => Backend::Postgres {
            server_url: args.postgres_url,
        },
        url if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            Backend::Postgres {
                server_url: url.to_owned(),
            }
        }
        other => {
            anyhow::bail!("--backend must be sqlite, postgres or a postgres:// URL, not `{other}`")
        }
    };
    let options = Options {
        exe: std::env::current_exe().context("finding the aduan executable")?,
        backend,
        reports: args
            .reports
            .unwrap_or(if args.smoke { 2_000 } else { 1_000_000 }),
        duration: Duration::from_secs_f64(
            args.duration
                .unwrap_or(if args.smoke { 1.0 } else { 10.0 })
                .max(0.1),
        ),
        clients: args
            .clients
            .unwrap_or(if args.smoke { 4 } else { 32 })
            .max(1),
        scenarios: scenarios::select(&args.scenarios)?,
        cache_dir: args.cache_dir.unwrap_or_else(default_cache_dir),
        pg_database: args.pg_database,
    };
    let report = aduan_bench::run(&options).await?;
    print!("{}", report.markdown());
    Ok(ExitCode::SUCCESS)
}

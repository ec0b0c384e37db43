//! The data set: generated once with `aduan generate` (seed 1, history until 2026-06-30) and
//! cached outside the repository, reused by every later run of the same size. SQLite: the file
//! `<cache>/sqlite-<N>.db`, complete once `<cache>/sqlite-<N>.ready` exists. PostgreSQL: the
//! database `aduan_bench_<N>` on the given server, complete once its comment says so. An
//! incomplete one (an interrupted generation) is discarded and generated again.
//!
//! The submit and note scenarios add to it (reports and internal notes): it grows a little with
//! every run, which the read scenarios do not notice at a million reports.

use crate::db::{Db, literal, with_database};
use crate::{Backend, Options, cli};
use anyhow::{Context, bail};
use sqlx::Connection;
use std::path::Path;

/// Disk a generated report takes, with its events, clocks and indexes (BENCHMARKS.md: about
/// 5.8 GB per million on PostgreSQL, 4 GB on SQLite; rounded up).
pub const BYTES_PER_REPORT: u64 = 6_000;

/// A ready data set.
#[derive(Debug, Clone)]
pub struct DataSet {
    /// Its database URL.
    pub url: String,
    /// Where it is, for the header.
    pub place: String,
}

fn marker(reports: u64) -> String {
    format!(
        "aduan-bench data set: {reports} reports, seed {}, until {}",
        cli::SEED,
        cli::UNTIL
    )
}

/// Finds or generates the data set of `options`, with the benchmark's staff account.
pub async fn prepare(options: &Options) -> anyhow::Result<DataSet> {
    let set = match &options.backend {
        Backend::Sqlite => sqlite(options).await?,
        Backend::Postgres { server_url } => postgres(options, server_url).await?,
    };
    // Accounts' logins are sealed (issue 20): the service lists them, SQL cannot.
    if !cli::has_account(&options.exe, &set.url, cli::STAFF_LOGIN).await? {
        cli::add_staff(&options.exe, &set.url).await?;
    }
    Ok(set)
}

async fn sqlite(options: &Options) -> anyhow::Result<DataSet> {
    let dir = &options.cache_dir;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(format!("sqlite-{}.db", options.reports));
    let ready = dir.join(format!("sqlite-{}.ready", options.reports));
    let set = DataSet {
        url: format!("sqlite://{}", path.display()),
        place: path.display().to_string(),
    };
    let want = marker(options.reports);
    if std::fs::read_to_string(&ready).is_ok_and(|m| m == want) {
        eprintln!("aduan bench: reusing the data set {}", path.display());
        return Ok(set);
    }
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{}{suffix}", path.display());
        match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(e).with_context(|| format!("removing {file}"));
            }
            _ => {}
        }
    }
    check_disk(dir, options.reports)?;
    eprintln!(
        "aduan bench: generating {} reports into {} (once; later runs reuse it)",
        options.reports,
        path.display()
    );
    cli::generate(&options.exe, &set.url, options.reports).await?;
    std::fs::write(&ready, want).with_context(|| format!("writing {}", ready.display()))?;
    Ok(set)
}

/// A database name the harness may put in SQL unquoted.
fn plain_name(name: &str) -> anyhow::Result<&str> {
    let ok = !name.is_empty()
        && name.len() < 64
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !ok {
        bail!("database name `{name}`: use lowercase letters, digits and _ only");
    }
    Ok(name)
}

async fn postgres(options: &Options, server: &str) -> anyhow::Result<DataSet> {
    let default = format!("aduan_bench_{}", options.reports);
    let name = plain_name(options.pg_database.as_deref().unwrap_or(&default))?.to_owned();
    let url = with_database(server, &name);
    let set = DataSet {
        url: url.clone(),
        place: format!("PostgreSQL database {name}"),
    };
    let mut admin = sqlx::PgConnection::connect(server)
        .await
        .with_context(|| format!("connecting to the PostgreSQL server {server}"))?;
    let comment: Option<Option<String>> = sqlx::query_scalar(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1",
    )
    .bind(&name)
    .fetch_optional(&mut admin)
    .await?;
    let want = marker(options.reports);
    if comment.flatten().as_deref() == Some(want.as_str()) {
        eprintln!("aduan bench: reusing the data set in database {name}");
        return Ok(set);
    }
    let data_dir: String = sqlx::query_scalar("SHOW data_directory")
        .fetch_one(&mut admin)
        .await
        .unwrap_or_default();
    if Path::new(&data_dir).is_dir() {
        check_disk(Path::new(&data_dir), options.reports)?;
    } else {
        eprintln!(
            "aduan bench: cannot see the PostgreSQL server's disk from here; make sure it has \
             about {:.1} GB free",
            gb(options.reports * BYTES_PER_REPORT)
        );
    }
    for sql in [
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        format!("CREATE DATABASE {name}"),
    ] {
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut admin)
            .await?;
    }
    eprintln!(
        "aduan bench: generating {} reports into database {name} (once; later runs reuse it)",
        options.reports
    );
    cli::generate(&options.exe, &url, options.reports).await?;
    // Statistics and a visibility map now, as autovacuum would later: without them the first
    // runs would measure a freshly loaded database's plans (BENCHMARKS.md, the queue section).
    eprintln!("aduan bench: VACUUM ANALYZE on {name}");
    let db = Db::open(&url).await?;
    db.execute("VACUUM ANALYZE").await?;
    db.close().await;
    let sql = format!("COMMENT ON DATABASE {name} IS {}", literal(&want));
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .execute(&mut admin)
        .await?;
    admin.close().await?;
    Ok(set)
}

fn gb(bytes: u64) -> f64 {
    bytes as f64 / 1e9
}

/// Refuses to start a generation that would fill the disk holding `dir`.
fn check_disk(dir: &Path, reports: u64) -> anyhow::Result<()> {
    let need = reports * BYTES_PER_REPORT + 100_000_000;
    let Some(free) = free_bytes(dir) else {
        eprintln!(
            "aduan bench: cannot read the free space of {} (df); going on",
            dir.display()
        );
        return Ok(());
    };
    if free < need {
        bail!(
            "not enough free disk for {reports} reports: about {:.1} GB needed in {}, {:.1} GB \
             free. Free some space, choose another --cache-dir, or use fewer --reports.",
            gb(need),
            dir.display(),
            gb(free)
        );
    }
    Ok(())
}

/// Free bytes on the file system of `dir`, from POSIX `df -Pk`.
fn free_bytes(dir: &Path) -> Option<u64> {
    let out = std::process::Command::new("df")
        .arg("-Pk")
        .arg(dir)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let kib: u64 = text
        .lines()
        .nth(1)?
        .split_whitespace()
        .nth(3)?
        .parse()
        .ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_free_space_of_the_temporary_directory_can_be_read() {
        assert!(free_bytes(&std::env::temp_dir()).is_some_and(|b| b > 0));
    }

    #[test]
    fn a_database_name_with_quotes_is_refused() {
        assert!(plain_name("aduan_bench_1000").is_ok());
        assert!(plain_name("x; DROP DATABASE y").is_err());
    }
}

//! PostgreSQL's own tools, `pg_dump` and `pg_restore` (Debian's `postgresql-client`), run on
//! the deployment's database URL with its password passed in `PGPASSWORD`, never on the
//! command line where any local user could read it.

use anyhow::{Context, bail};
use std::path::Path;
use tokio::process::Command;

/// `program` connected to `url`: `--dbname` is the URL without its password.
fn command(program: &str, url: &str) -> anyhow::Result<Command> {
    let mut parsed = url::Url::parse(url).context("the PostgreSQL URL")?;
    let password = parsed.password().map(|p| {
        percent_encoding::percent_decode_str(p)
            .decode_utf8_lossy()
            .into_owned()
    });
    // Infallible for a URL with a host, which a PostgreSQL URL has.
    let _ = parsed.set_password(None);
    // A password in the query (`?password=`) goes the same way.
    let mut query_password = None;
    let kept: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(k, v)| {
            let secret = k.eq_ignore_ascii_case("password");
            if secret {
                query_password = Some(v.to_string());
            }
            !secret
        })
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if query_password.is_some() {
        parsed.query_pairs_mut().clear().extend_pairs(kept);
        if parsed.query() == Some("") {
            parsed.set_query(None);
        }
    }
    let password = password.or(query_password);
    let mut cmd = Command::new(program);
    cmd.arg(format!("--dbname={parsed}"));
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    cmd.kill_on_drop(true);
    Ok(cmd)
}

/// Runs `cmd`, failing with its standard error when it fails or cannot be started.
async fn run(program: &str, mut cmd: Command) -> anyhow::Result<()> {
    let out = cmd.output().await.map_err(|e| {
        anyhow::anyhow!(
            "cannot run {program} ({e}): install PostgreSQL's client tools \
             (apt-get install postgresql-client)"
        )
    })?;
    if !out.status.success() {
        bail!(
            "{program} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// Dumps the database at `url` as it is in the exported snapshot `snapshot`, in pg_dump's
/// custom format, to `out`.
pub async fn dump(url: &str, snapshot: &str, out: &Path) -> anyhow::Result<()> {
    let mut cmd = command("pg_dump", url)?;
    cmd.args(["--format=custom", "--no-owner", "--no-privileges"])
        .arg(format!("--snapshot={snapshot}"))
        .arg(format!("--file={}", out.display()));
    run("pg_dump", cmd).await
}

/// Restores the dump `from` into the (empty) database at `url`, all of it or nothing.
pub async fn restore(url: &str, from: &Path) -> anyhow::Result<()> {
    let mut cmd = command("pg_restore", url)?;
    cmd.args([
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
    ])
    .arg(from);
    run("pg_restore", cmd).await
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_the_query_goes_to_the_environment_too() {
        let cmd = command(
            "pg_dump",
            "postgres://aduan@db/aduan?sslmode=require&password=s3",
        )
        .unwrap();
        let std = cmd.as_std();
        let args: Vec<_> = std.get_args().map(|a| a.to_string_lossy()).collect();
        assert_eq!(args, ["--dbname=postgres://aduan@db/aduan?sslmode=require"]);
        let env: Vec<_> = std
            .get_envs()
            .map(|(k, v)| (k.to_owned(), v.map(|v| v.to_owned())))
            .collect();
        assert_eq!(env, [("PGPASSWORD".into(), Some("s3".into()))]);
    }

    #[test]
    fn the_password_goes_to_the_environment_and_not_to_the_command_line() {
        let cmd = command("pg_dump", "postgres://aduan:s%40cret@db.local:5432/aduan").unwrap();
        let std = cmd.as_std();
        let args: Vec<_> = std.get_args().map(|a| a.to_string_lossy()).collect();
        assert_eq!(args, ["--dbname=postgres://aduan@db.local:5432/aduan"]);
        let env: Vec<_> = std.get_envs().collect();
        assert_eq!(
            env,
            [(
                std::ffi::OsStr::new("PGPASSWORD"),
                Some(std::ffi::OsStr::new("s@cret"))
            )]
        );
    }
}

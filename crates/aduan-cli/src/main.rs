//! `aduan`: the one binary of Aduan, the national public-service complaint system.
//! Subcommands serve the web service, migrate the database and verify its history.

mod attachment_settings;
mod audit;
mod backend;
mod backup_cmd;
mod bench;
mod calendar;
mod demo;
mod directory;
mod generate;
mod holidays;
mod import_cmd;
mod ingest_email;
mod jobs_cmd;
mod keys_cmd;
mod partner_cmd;
mod search_cmd;
mod secret_key;
mod serve;
mod settings;
mod stats_cmd;
mod triage_cmd;
mod triage_csv;
mod triage_db;
mod triage_report;
mod user;
mod worker;

use clap::{Parser, Subcommand};

/// mimalloc instead of the C library's allocator: serving a request allocates and frees many
/// small objects from several threads, where glibc's malloc took about a tenth of the server's
/// CPU (BENCHMARKS.md, issue 15).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use settings::Settings;
use std::path::PathBuf;
use std::process::ExitCode;

/// Aduan: national public-service complaint system.
#[derive(Debug, Parser)]
#[command(name = "aduan", version, about)]
struct Cli {
    /// TOML settings file (settings also come from ADUAN_* environment variables).
    #[arg(long, global = true, env = "ADUAN_CONFIG")]
    config: Option<PathBuf>,
    /// Where the embedded database, the key file and attachments live (overrides `data_dir`
    /// and ADUAN_DATA_DIR), for every command.
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// PostgreSQL (or SQLite) URL instead of the embedded database (overrides `database_url`
    /// and ADUAN_DATABASE_URL), for every command.
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web service (migrates the database and loads the directory first).
    Serve(serve::ServeArgs),
    /// Run background jobs (notifications, retention, ...) without serving, until SIGTERM.
    Worker(worker::WorkerArgs),
    /// The background job queue: counts, listing, requeueing a dead job.
    Jobs {
        #[command(subcommand)]
        command: jobs_cmd::JobsCommand,
    },
    /// Load the demo (directory, generated reports, demo accounts) without serving.
    Demo,
    /// The key material that seals reporters' identities: a new key, status, rotation.
    Keys {
        #[command(subcommand)]
        command: keys_cmd::KeysCommand,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Write a consistent copy of the database and the attachments into a new directory while
    /// the service runs (never the key material: keep it apart).
    Backup(backup_cmd::BackupArgs),
    /// Restore a backup into a new database and blob store, checking every file, every
    /// table's rows and every hash chain; or only check a backup (--check).
    Restore(backup_cmd::RestoreArgs),
    /// The hash-chained history.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// The agency directory: import a CSV file, list agencies and units.
    Directory {
        #[command(subcommand)]
        command: directory::DirectoryCommand,
    },
    /// The report categories: list them, change one.
    Category {
        #[command(subcommand)]
        command: directory::CategoryCommand,
    },
    /// Fill the database with realistic generated reports (deterministic for a seed).
    Generate(generate::GenerateArgs),
    /// Import reports with their whole histories from a legacy system's JSON Lines export
    /// (docs/import.md); run again to resume an interrupted import.
    Import(import_cmd::ImportArgs),
    /// Benchmark the real server on a generated data set against a bare database baseline (it
    /// uses its own cached data set: --data-dir and --database-url do not apply).
    Bench(bench::BenchArgs),
    /// The working-day calendar: list, add and remove national holidays and cuti bersama.
    Calendar {
        #[command(subcommand)]
        command: calendar::CalendarCommand,
    },
    /// The SLA figures' running counts: rebuild them from the clocks, or verify them.
    Stats {
        #[command(subcommand)]
        command: stats_cmd::StatsCommand,
    },
    /// The full-text search index: rebuild it from every report's text, or verify it.
    Search {
        #[command(subcommand)]
        command: search_cmd::SearchCommand,
    },
    /// Partner systems: add, list, issue, rotate and revoke keys (docs/partners.md).
    Partner {
        /// What to do.
        #[command(subcommand)]
        command: partner_cmd::PartnerCommand,
    },
    /// Triage suggestions: train, apply and measure the models on a labelled CSV file or the
    /// database's verified reports; list the stored versions and switch between them.
    Triage {
        /// What to do.
        #[command(subcommand)]
        command: triage_cmd::TriageCommand,
    },
    /// Accounts: add, list, disable, enable.
    User {
        #[command(subcommand)]
        command: user::UserCommand,
    },
    /// Take in one e-mail message from standard input (an MTA's pipe transport): file it as a
    /// report or as the reporter's reply; exit 75 (EX_TEMPFAIL) when the MTA should retry.
    IngestEmail(ingest_email::IngestArgs),
    /// Print the OpenAPI document of every JSON route (what GET /api/openapi.json answers).
    Openapi,
    /// Settings.
    Config {
        /// Print every setting with its default value and meaning, as TOML.
        #[arg(long)]
        print_default: bool,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Recompute every report's event chain and the audit log; name whatever was altered.
    Verify,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Config {
        print_default: true,
    } = &cli.command
    {
        print!("{}", Settings::default_toml());
        return ExitCode::SUCCESS;
    }
    let settings = match Settings::load(cli.config.as_deref()) {
        // The command line wins over the file and the environment, whichever command runs.
        Ok(s) => s.with_storage(cli.data_dir, cli.database_url),
        Err(e) => {
            eprintln!("aduan: invalid settings: {e}");
            return ExitCode::from(2);
        }
    };
    let logs = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(&settings.log))
        .with_writer(std::io::stderr);
    match settings.log_format {
        settings::LogFormat::Text => logs.init(),
        settings::LogFormat::Json => {
            backend::JSON_LOGS.store(true, std::sync::atomic::Ordering::Relaxed);
            logs.json().init()
        }
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("aduan: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(run(cli.command, settings));
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("aduan: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, settings: Settings) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve(args) => serve::serve(settings, args)
            .await
            .map(|()| ExitCode::SUCCESS),
        Command::Worker(args) => worker::run(&settings, args)
            .await
            .map(|()| ExitCode::SUCCESS),
        Command::Jobs { command } => jobs_cmd::run(command, &settings).await,
        Command::Keys { command } => keys_cmd::run(command, &settings)
            .await
            .map(|()| ExitCode::SUCCESS),
        Command::Demo => {
            let store = backend::open_store(&settings, true).await?;
            let done = demo::load(
                store.as_ref(),
                aduan_domain::TimeSource::now(&serve::SystemTimeSource),
            )
            .await?;
            println!(
                "demo loaded: {} accounts and {} reports added",
                done.accounts, done.reports
            );
            print!("{}", demo::banner(&format!("http://{}/", settings.listen)));
            Ok(ExitCode::SUCCESS)
        }
        Command::User { command } => user::run(&settings, command)
            .await
            .map(|()| ExitCode::SUCCESS),
        Command::Migrate => {
            let store = backend::open_store(&settings, true).await?;
            println!("migrated the {} database", store.backend());
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup(args) => backup_cmd::backup(&settings, args).await,
        Command::Restore(args) => backup_cmd::restore(&settings, args).await,
        Command::Audit {
            command: AuditCommand::Verify,
        } => audit::verify(&settings).await,
        Command::Directory { command } => directory::run_directory(command, &settings).await,
        Command::Category { command } => directory::run_category(command, &settings).await,
        Command::Generate(args) => generate::generate(&settings, args).await,
        Command::Import(args) => import_cmd::run(&settings, args).await,
        // The harness starts its own server, on its own data set: no settings apply.
        Command::Bench(args) => bench::run(args).await,
        Command::Calendar { command } => calendar::run(command, &settings).await,
        Command::Stats { command } => stats_cmd::run(command, &settings).await,
        Command::Search { command } => search_cmd::run(command, &settings).await,
        Command::Partner { command } => partner_cmd::run(command, &settings).await,
        Command::Triage { command } => triage_cmd::run(command, &settings).await,
        Command::IngestEmail(args) => Ok(ingest_email::run(&settings, args).await),
        Command::Openapi => {
            println!(
                "{}",
                serde_json::to_string_pretty(&aduan_web::openapi_document())?
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Config { .. } => {
            print!("{}", toml::to_string(&settings)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::{CommandFactory, Parser};

    /// Every subcommand, nested ones too, with its full name.
    fn every_command(cmd: &clap::Command, prefix: &str, out: &mut Vec<(String, clap::Command)>) {
        // clap's generated `help` subcommands take no options.
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let name = format!("{prefix} {}", sub.get_name()).trim().to_owned();
            out.push((name.clone(), sub.clone()));
            every_command(sub, &name, out);
        }
    }

    #[test]
    fn every_command_takes_data_dir_and_database_url() {
        let mut cli = Cli::command();
        cli.build();
        let mut all = Vec::new();
        every_command(&cli, "", &mut all);
        assert!(all.len() > 20, "{} commands", all.len());
        for (name, cmd) in &all {
            for option in ["data_dir", "database_url"] {
                assert!(
                    cmd.get_arguments().any(|a| a.get_id() == option),
                    "`aduan {name}` lacks --{}",
                    option.replace('_', "-")
                );
            }
        }
    }

    #[test]
    fn the_storage_options_may_come_before_or_after_the_command() {
        for args in [
            &["aduan", "user", "list", "--data-dir", "/srv/aduan"][..],
            &["aduan", "--data-dir", "/srv/aduan", "user", "list"][..],
        ] {
            let cli = Cli::try_parse_from(args).unwrap();
            assert_eq!(
                cli.data_dir.as_deref(),
                Some(std::path::Path::new("/srv/aduan"))
            );
        }
        let cli = Cli::try_parse_from([
            "aduan",
            "calendar",
            "list",
            "--database-url",
            "postgres://aduan@db/aduan",
        ])
        .unwrap();
        assert_eq!(
            cli.database_url.as_deref(),
            Some("postgres://aduan@db/aduan")
        );
    }
}

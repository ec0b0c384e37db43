//! `aduan directory …` and `aduan category …`: the agency directory and the categories.
//! Each command first loads the built-in directory into an empty database, as `serve` does.

use crate::backend::open_store;
use crate::serve::SystemTimeSource;
use crate::settings::Settings;
use aduan_directory::{LoadError, ensure_loaded, import_csv, load_into};
use aduan_domain::directory::{AgencyKind, CategoryChanges};
use aduan_domain::{AgencyId, CategoryId, TimeSource};
use aduan_store::{AgencyFilter, ImportCounts, Store, UpsertCounts};
use anyhow::Context;
use chrono::NaiveDate;
use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;
use std::str::FromStr;
use std::sync::Arc;

/// The audit actor of changes made from the command line.
const ACTOR: &str = "cli";

/// `aduan directory …`.
#[derive(Debug, Subcommand)]
pub enum DirectoryCommand {
    /// Import agencies and units from a CSV file (docs/directory-csv.md): upsert by id, never
    /// delete; prints what changed.
    Import {
        /// The CSV file.
        file: PathBuf,
    },
    /// Upsert the built-in directory shipped with this binary (restores its shipped values).
    Load,
    /// List agencies, by name.
    List {
        /// Only this kind: kementerian, lembaga, provinsi, kabupaten, kota or other.
        #[arg(long)]
        kind: Option<AgencyKind>,
        /// Only agencies under this one (a province's id).
        #[arg(long)]
        parent: Option<String>,
        /// Type-ahead text: each word must begin a word of the name or abbreviation.
        #[arg(long)]
        search: Option<String>,
        /// At most this many.
        #[arg(long)]
        limit: Option<u32>,
    },
    /// List an agency's units as a tree.
    Units {
        /// The agency's id, e.g. kota-surabaya.
        agency: String,
    },
}

/// `aduan category …`.
#[derive(Debug, Subcommand)]
pub enum CategoryCommand {
    /// List the categories with their flags.
    List {
        /// Only sensitive categories.
        #[arg(long)]
        sensitive: bool,
    },
    /// Change a category (recorded in the audit log as `category.update` by `cli`).
    Set {
        /// The category id, e.g. corona-virus or ekonomi-dan-keuangan/perbankan.
        id: String,
        /// Make reports in it confidential by default (true) or not (false).
        #[arg(long)]
        sensitive: Option<bool>,
        /// First day it can be chosen (YYYY-MM-DD), or `none`.
        #[arg(long)]
        active_from: Option<DateOrNone>,
        /// Last day it can be chosen (YYYY-MM-DD), or `none`.
        #[arg(long)]
        active_until: Option<DateOrNone>,
        /// A new name.
        #[arg(long)]
        name: Option<String>,
    },
}

/// A date given on the command line, or `none` to remove one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateOrNone(Option<NaiveDate>);

impl FromStr for DateOrNone {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("none") {
            return Ok(Self(None));
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(|d| Self(Some(d)))
            .map_err(|_| format!("{s:?} is not a date like 2023-06-21 or `none`"))
    }
}

async fn open(settings: &Settings) -> anyhow::Result<Arc<dyn Store>> {
    let store = open_store(settings, true).await?;
    ensure_loaded(store.as_ref(), SystemTimeSource.now())
        .await
        .context("loading the built-in directory")?;
    Ok(store)
}

fn describe(c: &UpsertCounts) -> String {
    format!(
        "{} new, {} updated, {} unchanged",
        c.inserted, c.updated, c.unchanged
    )
}

fn print_counts(what: &str, counts: &ImportCounts) {
    println!("{what}");
    println!("  agencies:   {}", describe(&counts.agencies));
    println!("  units:      {}", describe(&counts.units));
    println!("  categories: {}", describe(&counts.categories));
}

/// Runs a `directory` subcommand.
pub async fn run_directory(
    command: DirectoryCommand,
    settings: &Settings,
) -> anyhow::Result<ExitCode> {
    let store = open(settings).await?;
    match command {
        DirectoryCommand::Import { file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let name = file.display().to_string();
            match import_csv(store.as_ref(), &text, &name, ACTOR, SystemTimeSource.now()).await {
                Ok(counts) => print_counts(&format!("imported {name}"), &counts),
                Err(LoadError::File(errors)) => {
                    eprintln!("{errors}");
                    eprintln!("nothing was imported");
                    return Ok(ExitCode::from(1));
                }
                Err(e) => return Err(e.into()),
            }
        }
        DirectoryCommand::Load => {
            let counts = load_into(store.as_ref(), ACTOR, SystemTimeSource.now()).await?;
            print_counts("loaded the built-in directory", &counts);
        }
        DirectoryCommand::List {
            kind,
            parent,
            search,
            limit,
        } => {
            let filter = AgencyFilter {
                kind,
                parent: parent.map(AgencyId::new),
                search,
                limit,
                after: None,
            };
            let agencies = store.list_agencies(&filter).await?;
            for a in &agencies {
                let kind = a.kind.as_str();
                println!(
                    "{:<48} {kind:<11} {:<4} {}",
                    a.id.as_str(),
                    a.zone.code(),
                    a.name
                );
            }
            let total = store.count_agencies(&filter).await?;
            println!("{} of {total} agencies", agencies.len());
        }
        DirectoryCommand::Units { agency } => {
            let units = store.list_units(&AgencyId::new(agency.as_str())).await?;
            for u in &units {
                let depth = u.id.as_str().matches('/').count().saturating_sub(1);
                let mark = if u.inspectorate {
                    "  [inspektorat]"
                } else {
                    ""
                };
                println!("{}{}  ({}){mark}", "  ".repeat(depth), u.name, u.id);
            }
            println!("{} units", units.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs a `category` subcommand.
pub async fn run_category(
    command: CategoryCommand,
    settings: &Settings,
) -> anyhow::Result<ExitCode> {
    let store = open(settings).await?;
    let today = SystemTimeSource.now().date_naive();
    match command {
        CategoryCommand::List { sensitive } => {
            let all = store.list_categories().await?;
            let shown: Vec<_> = all.iter().filter(|c| !sensitive || c.sensitive).collect();
            for c in &shown {
                let mut flags = Vec::new();
                if c.sensitive {
                    flags.push("sensitive".to_owned());
                }
                if c.active_from.is_some() || c.active_until.is_some() {
                    let from = c.active_from.map_or("…".into(), |d| d.to_string());
                    let until = c.active_until.map_or("…".into(), |d| d.to_string());
                    flags.push(format!("{from}..{until}"));
                }
                if !c.is_active(today) {
                    flags.push("inactive".to_owned());
                }
                let flags = if flags.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", flags.join(", "))
                };
                println!("{}  {}{flags}", c.id, c.name);
            }
            println!("{} of {} categories", shown.len(), all.len());
        }
        CategoryCommand::Set {
            id,
            sensitive,
            active_from,
            active_until,
            name,
        } => {
            let changes = CategoryChanges {
                name,
                sensitive,
                active_from: active_from.map(|d| d.0),
                active_until: active_until.map(|d| d.0),
            };
            if changes.is_empty() {
                anyhow::bail!(
                    "nothing to change: give --sensitive, --active-from, --active-until or --name"
                );
            }
            let id = CategoryId::new(id);
            let current = store
                .get_category(&id)
                .await?
                .with_context(|| format!("no category {id}"))?;
            changes.apply(&current).context("refused")?;
            let c = store
                .update_category(&id, &changes, ACTOR, SystemTimeSource.now())
                .await?;
            let dates = format!(
                "{}..{}",
                c.active_from.map_or("…".into(), |d| d.to_string()),
                c.active_until.map_or("…".into(), |d| d.to_string())
            );
            println!(
                "{}  {}  sensitive={} active={dates}{}",
                c.id,
                c.name,
                c.sensitive,
                if c.is_active(today) {
                    ""
                } else {
                    " (inactive today)"
                }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

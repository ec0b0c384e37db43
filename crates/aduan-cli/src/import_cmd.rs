//! `aduan import FILE`: reports with their whole histories from a legacy system's JSON Lines
//! export (docs/import.md), with a progress bar showing the rate and the time left. Rejected
//! lines go to a JSON Lines file beside the input with their line numbers and reasons; an
//! interrupted import, run again, resumes after its last committed batch.

use crate::backend::open_store_keyed;
use crate::serve::SystemTimeSource;
use crate::settings::Settings;
use aduan_app::import::{ImportOptions, Progress, Rejected, import};
use aduan_directory::ensure_loaded;
use aduan_domain::time::TimeSource;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

/// Arguments of `aduan import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The JSON Lines file (one report per line, as docs/import.md describes).
    file: PathBuf,
    /// The name the import's progress is kept under (default: the file's name); run again
    /// with the same name to resume.
    #[arg(long)]
    source: Option<String>,
    /// Where rejected lines are written (default: FILE.rejects.jsonl); appended to.
    #[arg(long)]
    rejects: Option<PathBuf>,
    /// Reports written per transaction.
    #[arg(long, default_value_t = 5_000)]
    batch: usize,
    /// Stop after reading this many lines (the rest is imported by running again).
    #[arg(long)]
    max_lines: Option<u64>,
}

/// The bar and the rejects file.
struct Shown {
    bar: ProgressBar,
    started: Instant,
    rejects: Mutex<std::io::BufWriter<std::fs::File>>,
    write_failed: Mutex<Option<std::io::Error>>,
}

impl Progress for Shown {
    fn start(&self, total_bytes: u64, from_byte: u64) {
        self.bar.set_length(total_bytes);
        self.bar.set_position(from_byte);
        self.bar.reset_eta();
    }

    fn advance(&self, byte: u64, imported: u64, rejected: u64) {
        // The batch committed: its rejects are on disk before the next one, so an interrupted
        // import never loses the reasons of lines it will not read again.
        if let Ok(mut out) = self.rejects.lock() {
            let written = out.flush().and_then(|()| out.get_ref().sync_data());
            if let (Err(e), Ok(mut failed)) = (written, self.write_failed.lock()) {
                failed.get_or_insert(e);
            }
        }
        let secs = self.started.elapsed().as_secs_f64().max(1e-9);
        self.bar.set_position(byte);
        self.bar.set_message(format!(
            "{imported} imported, {rejected} rejected, {:.0} reports/s",
            imported as f64 / secs
        ));
    }

    fn rejected(&self, r: &Rejected) {
        let line = serde_json::to_string(r).unwrap_or_default();
        if let Ok(mut out) = self.rejects.lock()
            && let Err(e) = writeln!(out, "{line}")
            && let Ok(mut failed) = self.write_failed.lock()
        {
            failed.get_or_insert(e);
        }
    }
}

/// Imports the file into the configured database.
pub async fn run(settings: &Settings, args: ImportArgs) -> anyhow::Result<ExitCode> {
    let source = match args.source {
        Some(s) => s,
        None => args
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .context("the input has no file name; give --source")?,
    };
    let rejects_path = args.rejects.unwrap_or_else(|| {
        let mut p = args.file.clone().into_os_string();
        p.push(".rejects.jsonl");
        PathBuf::from(p)
    });
    let (store, ring) = open_store_keyed(settings, true).await?;
    let now = SystemTimeSource.now();
    ensure_loaded(store.as_ref(), now)
        .await
        .context("loading the built-in directory")?;
    let calendar = crate::holidays::load(store.as_ref(), now).await?;
    let state = crate::serve::app_state(settings, store, calendar, &ring)?;
    let rejects = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&rejects_path)
        .with_context(|| format!("opening {}", rejects_path.display()))?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {percent}% of the file, {msg}, ETA {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let shown = Shown {
        bar,
        started: Instant::now(),
        rejects: Mutex::new(std::io::BufWriter::new(rejects)),
        write_failed: Mutex::new(None),
    };
    let opts = ImportOptions {
        input: args.file.clone(),
        source: source.clone(),
        batch: args.batch,
        max_lines: args.max_lines,
    };
    let result = import(&state, &opts, &shown).await;
    shown.bar.finish_and_clear();
    if let Ok(mut out) = shown.rejects.lock() {
        out.flush()
            .with_context(|| format!("writing {}", rejects_path.display()))?;
    }
    if let Some(e) = shown.write_failed.lock().ok().and_then(|mut f| f.take()) {
        return Err(e).with_context(|| format!("writing {}", rejects_path.display()));
    }
    let summary = result.with_context(|| format!("importing {}", args.file.display()))?;
    let secs = summary.elapsed.as_secs_f64().max(1e-9);
    if summary.resumed_after_line > 0 {
        println!(
            "resumed {source} after line {} (imported by an earlier run)",
            summary.resumed_after_line
        );
    }
    println!(
        "read {} lines: imported {} reports ({} events), rejected {} in {secs:.1} s ({:.0} reports/s)",
        summary.lines,
        summary.imported,
        summary.events,
        summary.rejected,
        summary.imported as f64 / secs
    );
    if let Some(mark) = &summary.mark {
        println!(
            "{source} so far: {} lines, {} reports imported, {} lines rejected",
            mark.line, mark.imported, mark.rejected
        );
    }
    if summary.rejected > 0 {
        println!("rejected lines, with reasons: {}", rejects_path.display());
    }
    Ok(ExitCode::SUCCESS)
}

//! `aduan generate`: fills the configured database with realistic generated reports, streamed
//! in batches (one transaction each) while the next batch is being generated, with a progress
//! bar, and prints what it made.

use crate::backend::open_store;
use crate::serve::SystemTimeSource;
use crate::settings::Settings;
use aduan_directory::ensure_loaded;
use aduan_domain::time::TimeSource;
use aduan_gen::{GenConfig, Generator, Totals, World};
use aduan_store::History;
use anyhow::Context;
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `aduan generate`.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// How many reports to generate.
    #[arg(long)]
    reports: u64,
    /// The seed: the same seed and dates always give the same reports.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The last day (WIB) of the generated history, e.g. 2026-06-30.
    #[arg(long)]
    until: NaiveDate,
    /// The first day reports arrive (default: about 1,100 reports a day, at least 120 days).
    #[arg(long)]
    since: Option<NaiveDate>,
    /// Reports written per transaction.
    #[arg(long, default_value_t = 5_000)]
    batch: u64,
    /// Write the reports to this file as a legacy system's export for `aduan import`
    /// (docs/import.md; legacy ids `GEN-<seed>-<n>`) instead of into the database.
    #[arg(long)]
    jsonl: Option<std::path::PathBuf>,
    /// Write the reports to this file as a labelled corpus for `aduan triage` instead of into
    /// the database: `title`, `body`, `region`, `channel`, and the `agency` and `category` the
    /// (last) verification chose; reports never verified are left out. Generated text: a smoke
    /// test of the triage commands, not evidence of how well they do on real complaints.
    #[arg(long, value_name = "FILE", conflicts_with = "jsonl")]
    triage_csv: Option<std::path::PathBuf>,
}

/// Batches generated ahead of the writer.
const AHEAD: usize = 2;

/// Runs the generator against the configured database.
pub async fn generate(settings: &Settings, args: GenerateArgs) -> anyhow::Result<ExitCode> {
    let batch = args.batch.max(1);
    let config = GenConfig {
        reports: args.reports,
        seed: args.seed,
        until: args.until,
        since: args.since,
    };
    let world = World::builtin().context("reading the built-in directory")?;
    let generator = Generator::new(world, config).context("starting the generator")?;
    if let Some(path) = &args.jsonl {
        return export(&generator, &args, path);
    }
    if let Some(path) = &args.triage_csv {
        return export_corpus(&generator, &args, path);
    }
    let store = open_store(settings, true).await?;
    ensure_loaded(store.as_ref(), SystemTimeSource.now())
        .await
        .context("loading the built-in directory")?;
    // The figures' running counts count working days on the calendar the service will use.
    let calendar = crate::holidays::load(store.as_ref(), SystemTimeSource.now())
        .await?
        .get();
    println!(
        "generating {} reports from {} to {} (seed {}) into the {} database",
        args.reports,
        generator.config.first_day(),
        args.until,
        args.seed,
        store.backend()
    );
    let bar = ProgressBar::new(args.reports);
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} reports, {per_sec}, ETA {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let (tx, mut rx) = tokio::sync::mpsc::channel::<anyhow::Result<Vec<History>>>(AHEAD);
    let total = args.reports;
    let producer = std::thread::spawn(move || {
        let mut start = 0;
        while start < total {
            let end = (start + batch).min(total);
            let made = generator.reports(start..end).map_err(anyhow::Error::from);
            let failed = made.is_err();
            if tx.blocking_send(made).is_err() || failed {
                break;
            }
            start = end;
        }
    });
    let started = Instant::now();
    let mut totals = Totals::default();
    while let Some(made) = rx.recv().await {
        let histories = made.context("generating reports")?;
        store
            .insert_histories(&histories, &calendar)
            .await
            .context("writing a batch of reports")?;
        for h in &histories {
            totals.add(h);
        }
        bar.inc(histories.len() as u64);
    }
    bar.finish_and_clear();
    producer
        .join()
        .map_err(|_| anyhow::anyhow!("the generator thread panicked"))?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "wrote {} reports and {} events in {secs:.1} s ({:.0} reports/s)",
        totals.reports,
        totals.events,
        totals.reports as f64 / secs.max(1e-9)
    );
    print!("{totals}");
    Ok(ExitCode::SUCCESS)
}

/// Writes the generated reports as import lines, with a progress bar.
fn export(
    generator: &Generator,
    args: &GenerateArgs,
    path: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    use std::io::Write;
    let file =
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let bar = ProgressBar::new(args.reports);
    bar.set_style(
        ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} reports, ETA {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let started = Instant::now();
    let mut start = 0;
    while start < args.reports {
        let end = (start + args.batch.max(1)).min(args.reports);
        for (i, h) in (start..end).zip(generator.reports(start..end)?) {
            let legacy_id = format!("GEN-{}-{i:08}", args.seed);
            let line = aduan_gen::export::import_line(&h, &legacy_id, &generator.roster);
            serde_json::to_writer(&mut out, &line)?;
            out.write_all(b"\n")?;
        }
        bar.set_position(end);
        start = end;
    }
    out.flush()?;
    bar.finish_and_clear();
    println!(
        "wrote {} reports as import lines to {} in {:.1} s",
        args.reports,
        path.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes the verified reports as a labelled corpus (see `--triage-csv`).
fn export_corpus(
    generator: &Generator,
    args: &GenerateArgs,
    path: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    use aduan_domain::lifecycle::ActionKind;
    let mut out =
        csv::Writer::from_path(path).with_context(|| format!("creating {}", path.display()))?;
    out.write_record(["title", "body", "region", "channel", "agency", "category"])?;
    let mut written = 0u64;
    let mut start = 0;
    while start < args.reports {
        let end = (start + args.batch.max(1)).min(args.reports);
        for h in generator.reports(start..end)? {
            let Some(verified) = h
                .steps
                .iter()
                .rev()
                .find(|s| s.event.action == ActionKind::VerifyDispatch)
            else {
                continue;
            };
            let Some(agency) = &verified.state.agency else {
                continue;
            };
            let report = &h.report;
            out.write_record([
                report.state.title.as_deref().unwrap_or(""),
                report.body.as_str(),
                report
                    .location
                    .as_ref()
                    .and_then(|l| l.region_code.as_deref())
                    .unwrap_or(""),
                &report.channel.as_string(),
                agency.as_str(),
                verified.state.category.as_ref().map_or("", |c| c.as_str()),
            ])?;
            written += 1;
        }
        start = end;
    }
    out.flush()?;
    println!(
        "wrote {written} verified reports of {} as a labelled corpus to {}",
        args.reports,
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

//! `aduan triage`: train, apply and measure the triage model on any labelled CSV file, so that a
//! deployment can measure it on its own data before switching it on.

use aduan_triage::corpus::{self, Corpus};
use aduan_triage::metrics::evaluate;
use aduan_triage::{Input, Model, TrainOptions};
use anyhow::Context;
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// `aduan triage …`.
#[derive(Debug, Subcommand)]
pub enum TriageCommand {
    /// Train a model on a labelled CSV file and write it to a file.
    Train(TrainArgs),
    /// Rank the labels of every data row of a CSV file: JSON Lines on standard output,
    /// `{"row": n, "labels": [..], "scores": [..]}` (row 0 is the first after the header).
    Predict(PredictArgs),
    /// Measure a model on a labelled CSV file: top-1, top-3, macro-F1, calibration error,
    /// per-label precision and recall, the most confused pairs.
    Eval(EvalArgs),
    /// Train Aduan's model and the TF-IDF + linear SVM baseline on the same split of a labelled
    /// CSV file, and measure both on the held-out part.
    Compare(CompareArgs),
}

/// Which file and columns.
#[derive(Debug, Args)]
pub struct Source {
    /// The CSV file (a header row; UTF-8, with or without a byte-order mark).
    #[arg(long, value_name = "FILE")]
    csv: PathBuf,
    /// A column holding text; repeat it to join several (a title and a body).
    #[arg(long = "text-col", value_name = "COL", required = true)]
    text_cols: Vec<String>,
    /// A column holding each row's kabupaten/kota or province code (`35.78`), if the file has
    /// one.
    #[arg(long, value_name = "COL")]
    region_col: Option<String>,
    /// A column holding each row's channel (`web`, `sms`), if the file has one.
    #[arg(long, value_name = "COL")]
    channel_col: Option<String>,
    /// A column holding the reporter's name, phone, e-mail or NIK; repeat it for each. Their
    /// words never become features (numbers and addresses in the text are masked anyway).
    #[arg(long = "identity-col", value_name = "COL")]
    identity_cols: Vec<String>,
}

/// `aduan triage train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    #[command(flatten)]
    source: Source,
    /// The column holding each row's label (free text: an agency, a category, anything).
    #[arg(long, value_name = "COL")]
    label_col: String,
    /// Where to write the model.
    #[arg(long, value_name = "MODEL")]
    out: PathBuf,
    /// Passes over the data.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    epochs: usize,
}

/// `aduan triage predict`.
#[derive(Debug, Args)]
pub struct PredictArgs {
    #[command(flatten)]
    source: Source,
    /// The model file (`aduan triage train --out`).
    #[arg(long, value_name = "MODEL")]
    model: PathBuf,
    /// Labels per row.
    #[arg(long, default_value_t = 5)]
    top: usize,
}

/// `aduan triage eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(flatten)]
    source: Source,
    /// The column holding the right label.
    #[arg(long, value_name = "COL")]
    label_col: String,
    /// The model file (`aduan triage train --out`).
    #[arg(long, value_name = "MODEL")]
    model: PathBuf,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
}

/// `aduan triage compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    source: Source,
    /// The column holding the right label.
    #[arg(long, value_name = "COL")]
    label_col: String,
    /// The share of rows held out for measuring (the rest trains both models).
    #[arg(long, default_value_t = 0.2)]
    test_share: f64,
    /// The split comes from this seed.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `aduan triage …`.
pub fn run(command: TriageCommand) -> anyhow::Result<ExitCode> {
    match command {
        TriageCommand::Train(args) => train(args),
        TriageCommand::Predict(args) => predict(args),
        TriageCommand::Eval(args) => eval(args),
        TriageCommand::Compare(args) => compare(args),
    }
    .map(|()| ExitCode::SUCCESS)
}

fn bar(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{msg:12} {wide_bar} {pos}/{len} ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(what.to_owned());
    bar
}

fn read(source: &Source, label_col: Option<&str>) -> anyhow::Result<Corpus> {
    let file = std::fs::File::open(&source.csv)
        .with_context(|| format!("cannot open {}", source.csv.display()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let progress = bar(size, "reading");
    let columns = corpus::Columns {
        text: &source.text_cols,
        label: label_col,
        region: source.region_col.as_deref(),
        channel: source.channel_col.as_deref(),
        identity: &source.identity_cols,
    };
    let corpus = corpus::read(file, &columns, &mut |b| progress.set_position(b))
        .with_context(|| format!("{}", source.csv.display()))?;
    progress.finish_and_clear();
    Ok(corpus)
}

/// This process's resident memory in bytes (Linux), for the memory a loaded model takes.
fn resident() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

fn load(path: &Path) -> anyhow::Result<Model> {
    let before = resident();
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let stored = bytes.len();
    let model = Model::from_bytes(&bytes).with_context(|| format!("{}", path.display()))?;
    drop(bytes);
    eprintln!(
        "model: {} labels, {} weights, {:.1} MB stored, {:.1} MB resident once loaded",
        model.labels().len(),
        model.weight_count(),
        stored as f64 / 1e6,
        resident().saturating_sub(before) as f64 / 1e6
    );
    Ok(model)
}

fn labels_of(corpus: &Corpus) -> &[String] {
    corpus.labels.as_deref().unwrap_or_default()
}

/// Row `i` of `corpus` as the model reads it.
fn input(corpus: &Corpus, i: usize) -> Input<'_> {
    fn at(column: &Option<Vec<String>>, i: usize) -> Option<&str> {
        column
            .as_ref()
            .and_then(|v| v.get(i))
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
    Input {
        text: &corpus.texts[i],
        region: at(&corpus.regions, i),
        channel: at(&corpus.channels, i),
        identity: corpus
            .identities
            .as_ref()
            .and_then(|v| v.get(i))
            .map_or(&[], Vec::as_slice),
    }
}

/// Every row of `corpus` as the model reads it.
fn inputs(corpus: &Corpus) -> Vec<Input<'_>> {
    (0..corpus.texts.len()).map(|i| input(corpus, i)).collect()
}

fn train_model(
    inputs: &[Input],
    labels: &[String],
    options: &TrainOptions,
) -> anyhow::Result<Model> {
    let progress = bar(0, "training");
    let model = aduan_triage::train_on(inputs, labels, options, &mut |done, total| {
        progress.set_length(total as u64);
        progress.set_position(done as u64);
    })?;
    progress.finish_and_clear();
    Ok(model)
}

fn train(args: TrainArgs) -> anyhow::Result<()> {
    let corpus = read(&args.source, Some(&args.label_col))?;
    let options = TrainOptions {
        epochs: args.epochs,
        ..TrainOptions::default()
    };
    let started = Instant::now();
    let model = train_model(&inputs(&corpus), labels_of(&corpus), &options)?;
    std::fs::write(&args.out, model.to_bytes())
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    eprintln!(
        "trained on {} rows, {} labels, {} weights in {:.1} s; written to {}",
        corpus.texts.len(),
        model.labels().len(),
        model.weight_count(),
        started.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(())
}

/// The ranking of every input, with a progress bar; the time each took goes to standard error
/// (median and 99th percentile, one thread).
fn rank_all(model: &Model, inputs: &[Input], top: usize) -> Vec<Vec<(String, f32)>> {
    let progress = bar(inputs.len() as u64, "ranking");
    let mut took = Vec::with_capacity(inputs.len());
    let ranked = inputs
        .iter()
        .map(|input| {
            progress.inc(1);
            let started = Instant::now();
            let ranked = model
                .predict(input, top)
                .into_iter()
                .map(|s| (s.label.to_owned(), s.probability))
                .collect();
            took.push(started.elapsed());
            ranked
        })
        .collect();
    progress.finish_and_clear();
    took.sort_unstable();
    if let (Some(median), Some(p99)) = (took.get(took.len() / 2), took.get(took.len() * 99 / 100)) {
        eprintln!(
            "ranked {} rows: {} µs median, {} µs at the 99th percentile per report",
            took.len(),
            median.as_micros(),
            p99.as_micros()
        );
    }
    ranked
}

fn predict(args: PredictArgs) -> anyhow::Result<()> {
    let model = load(&args.model)?;
    let corpus = read(&args.source, None)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (row, ranked) in rank_all(&model, &inputs(&corpus), args.top.max(1))
        .into_iter()
        .enumerate()
    {
        let (labels, scores): (Vec<String>, Vec<f32>) = ranked.into_iter().unzip();
        let line = serde_json::json!({"row": row, "labels": labels, "scores": scores});
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(())
}

fn eval(args: EvalArgs) -> anyhow::Result<()> {
    let model = load(&args.model)?;
    let corpus = read(&args.source, Some(&args.label_col))?;
    let figures = evaluate(labels_of(&corpus), &rank_all(&model, &inputs(&corpus), 3));
    if args.json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        print!("{}", crate::triage_report::render(&figures));
    }
    Ok(())
}

fn compare(args: CompareArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.test_share > 0.0 && args.test_share < 1.0,
        "--test-share must be between 0 and 1"
    );
    let corpus = read(&args.source, Some(&args.label_col))?;
    let labels = labels_of(&corpus);
    let mut order: Vec<usize> = (0..corpus.texts.len()).collect();
    order.shuffle(&mut rand::rngs::StdRng::seed_from_u64(args.seed));
    let held = ((order.len() as f64) * args.test_share).round() as usize;
    let (test, fit) = order.split_at(held);
    anyhow::ensure!(
        !test.is_empty() && !fit.is_empty(),
        "too few rows to hold out {} of them",
        args.test_share
    );
    let pick = |idx: &[usize]| -> (Vec<Input>, Vec<String>) {
        idx.iter()
            .map(|&i| (input(&corpus, i), labels[i].clone()))
            .unzip()
    };
    let (fit_inputs, fit_labels) = pick(fit);
    let (test_inputs, test_labels) = pick(test);
    let options = TrainOptions::default();
    let started = Instant::now();
    let aduan = train_model(&fit_inputs, &fit_labels, &options)?;
    let aduan_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let texts: Vec<String> = fit_inputs.iter().map(|i| i.text.to_owned()).collect();
    let baseline = aduan_triage::train_baseline(&texts, &fit_labels, &options, &mut |_, _| {})?;
    let baseline_secs = started.elapsed().as_secs_f64();
    let ours = evaluate(&test_labels, &rank_all(&aduan, &test_inputs, 3));
    let theirs = evaluate(&test_labels, &rank_all(&baseline, &test_inputs, 3));
    if args.json {
        let both = serde_json::json!({
            "train_rows": fit.len(), "test_rows": test.len(), "seed": args.seed,
            "aduan": {"train_seconds": aduan_secs, "figures": ours},
            "baseline": {"train_seconds": baseline_secs, "figures": theirs},
        });
        println!("{}", serde_json::to_string_pretty(&both)?);
    } else {
        println!(
            "{} rows trained, {} held out (seed {})\n",
            fit.len(),
            test.len(),
            args.seed
        );
        print!(
            "{}",
            crate::triage_report::side_by_side((&ours, aduan_secs), (&theirs, baseline_secs))
        );
    }
    Ok(())
}

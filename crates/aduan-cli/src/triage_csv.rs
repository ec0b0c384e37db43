//! `aduan triage train | predict | eval | compare` on labelled CSV files: reading the file with
//! progress bars, training to a file (or into the database through `triage_db`), ranking every
//! row as JSON Lines, and the figures, with the time per report and the memory a loaded model
//! takes on standard error.

use crate::settings::Settings;
use crate::triage_cmd::{CompareArgs, EvalArgs, PredictArgs, Source, TrainArgs};
use crate::triage_db::{self, Target};
use aduan_app::triage::train::Examples;
use aduan_triage::corpus::{self, Corpus};
use aduan_triage::metrics::evaluate;
use aduan_triage::{Input, Model, TrainOptions};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

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
    let csv = source
        .csv
        .as_ref()
        .context("name the CSV file: --csv FILE")?;
    anyhow::ensure!(
        !source.text_cols.is_empty(),
        "name the column holding the text: --text-col COL"
    );
    let file =
        std::fs::File::open(csv).with_context(|| format!("cannot open {}", csv.display()))?;
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
        .with_context(|| format!("{}", csv.display()))?;
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

/// The model in the file `path`, or the database's active model of `target`.
async fn load(path: Option<&Path>, target: Target, settings: &Settings) -> anyhow::Result<Model> {
    let before = resident();
    let (bytes, what) = match path {
        Some(path) => (
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?,
            path.display().to_string(),
        ),
        None => (
            triage_db::active(settings, target).await?,
            "the stored model".to_owned(),
        ),
    };
    let stored = bytes.len();
    let model = Model::from_bytes(&bytes).context(what)?;
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

/// A labelled corpus as the database's models learn from it.
fn examples_of(corpus: Corpus) -> Examples {
    let n = corpus.texts.len();
    let column = |c: Option<Vec<String>>| -> Vec<Option<String>> {
        c.map_or_else(
            || vec![None; n],
            |v| {
                v.into_iter()
                    .map(|s| Some(s).filter(|s| !s.is_empty()))
                    .collect()
            },
        )
    };
    Examples {
        regions: column(corpus.regions),
        channels: column(corpus.channels)
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect(),
        identities: corpus.identities.unwrap_or_else(|| vec![Vec::new(); n]),
        labels: corpus.labels.unwrap_or_default(),
        texts: corpus.texts,
    }
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

pub(crate) async fn train(args: TrainArgs, settings: &Settings) -> anyhow::Result<()> {
    let options = TrainOptions {
        epochs: args.epochs,
        ..TrainOptions::default()
    };
    if args.from_history {
        return triage_db::from_history(settings, args.target, options).await;
    }
    let source = &args.source;
    let (Some(csv), Some(label_col)) = (&source.csv, &args.label_col) else {
        anyhow::bail!(
            "name the labelled file (--csv FILE --text-col COL --label-col COL), or train on \
             the database's verified reports (--from-history)"
        );
    };
    let corpus = read(source, Some(label_col))?;
    let Some(out) = &args.out else {
        let state = triage_db::state(settings).await?;
        let file = csv.file_name().map_or_else(
            || csv.display().to_string(),
            |f| f.to_string_lossy().into_owned(),
        );
        return triage_db::store(
            &state,
            examples_of(corpus),
            args.target,
            format!("csv:{file}"),
            options,
        )
        .await;
    };
    let started = Instant::now();
    let model = train_model(&inputs(&corpus), labels_of(&corpus), &options)?;
    std::fs::write(out, model.to_bytes())
        .with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!(
        "trained on {} rows, {} labels, {} weights in {:.1} s; written to {}",
        corpus.texts.len(),
        model.labels().len(),
        model.weight_count(),
        started.elapsed().as_secs_f64(),
        out.display()
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

pub(crate) async fn predict(args: PredictArgs, settings: &Settings) -> anyhow::Result<()> {
    let model = load(args.model.as_deref(), args.target, settings).await?;
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

pub(crate) async fn eval(args: EvalArgs, settings: &Settings) -> anyhow::Result<()> {
    let model = load(args.model.as_deref(), args.target, settings).await?;
    let corpus = read(&args.source, Some(&args.label_col))?;
    let figures = evaluate(labels_of(&corpus), &rank_all(&model, &inputs(&corpus), 3));
    if args.json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        print!("{}", crate::triage_report::render(&figures));
    }
    Ok(())
}

pub(crate) fn compare(args: CompareArgs) -> anyhow::Result<()> {
    let corpus = read(&args.source, Some(&args.label_col))?;
    let labels = labels_of(&corpus);
    let held = aduan_triage::holdout::split(corpus.texts.len(), args.test_share, args.seed)?;
    let (test, fit) = (&held.test, &held.fit);
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

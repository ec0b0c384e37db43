//! Trains on 80% of a labelled CSV (`title`, `body`, `region`, `channel`, `agency`) and measures
//! on the rest: `cargo run --release -p aduan-triage --example split -- FILE [ROWS]`.
//! `aduan triage compare` is the command for deployments; this is for tuning the model.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use aduan_triage::corpus::{Columns, read};
use aduan_triage::metrics::evaluate;
use aduan_triage::{Input, TrainOptions, train_on};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let file = args.next().expect("a CSV file");
    let rows: usize = args.next().map_or(usize::MAX, |r| r.parse().unwrap());
    let text = ["title".to_owned(), "body".to_owned()];
    let columns = Columns {
        text: &text,
        label: Some("agency"),
        region: Some("region"),
        channel: Some("channel"),
        identity: &[],
    };
    let c = read(std::fs::File::open(file).unwrap(), &columns, &mut |_| {}).unwrap();
    let labels = c.labels.clone().unwrap();
    let n = c.texts.len().min(rows);
    let input = |i: usize| Input {
        text: &c.texts[i],
        region: c
            .regions
            .as_ref()
            .map(|r| r[i].as_str())
            .filter(|r| !r.is_empty()),
        channel: c
            .channels
            .as_ref()
            .map(|r| r[i].as_str())
            .filter(|r| !r.is_empty()),
        identity: &[],
    };
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut rand::rngs::StdRng::seed_from_u64(42));
    let (test, fit) = order.split_at(n / 5);
    let fit_in: Vec<Input> = fit.iter().map(|&i| input(i)).collect();
    let fit_labels: Vec<String> = fit.iter().map(|&i| labels[i].clone()).collect();
    let epochs = std::env::var("EPOCHS").map_or(10, |e| e.parse().unwrap());
    let options = TrainOptions {
        epochs,
        ..TrainOptions::default()
    };
    let started = Instant::now();
    let model = train_on(&fit_in, &fit_labels, &options, &mut |_, _| {}).unwrap();
    let secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let ranked: Vec<Vec<(String, f32)>> = test
        .iter()
        .map(|&i| {
            model
                .predict(&input(i), 3)
                .into_iter()
                .map(|s| (s.label.to_owned(), s.probability))
                .collect()
        })
        .collect();
    let per = started.elapsed().as_micros() as f64 / test.len() as f64;
    let gold: Vec<String> = test.iter().map(|&i| labels[i].clone()).collect();
    let e = evaluate(&gold, &ranked);
    println!(
        "{} fit, {} test, {} labels, {} weights: top-1 {:.3} top-3 {:.3} macro-F1 {:.3} ECE {:.3}; train {secs:.1} s, {per:.0} µs per report",
        fit.len(),
        test.len(),
        model.labels().len(),
        model.weight_count(),
        e.top1,
        e.top3,
        e.macro_f1,
        e.ece
    );
}

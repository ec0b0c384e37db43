//! The figures of `aduan triage eval` and `compare` as text.

use aduan_triage::metrics::Evaluation;
use std::fmt::Write;

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// One model's figures: the summary, every label, the most confused pairs.
pub fn render(e: &Evaluation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "examples      {}", e.examples);
    let _ = writeln!(out, "top-1         {}", pct(e.top1));
    let _ = writeln!(out, "top-3         {}", pct(e.top3));
    let _ = writeln!(out, "macro-F1      {:.3}", e.macro_f1);
    let _ = writeln!(out, "ECE (15 bins) {:.3}", e.ece);
    let _ = writeln!(
        out,
        "\nlabel                                      support  precision  recall"
    );
    for l in &e.labels {
        let _ = writeln!(
            out,
            "{:<42} {:>7}  {:>9}  {:>6}",
            l.label,
            l.support,
            pct(l.precision),
            pct(l.recall)
        );
    }
    if !e.confused.is_empty() {
        let _ = writeln!(out, "\nmost confused (right → ranked first instead)");
        for c in &e.confused {
            let _ = writeln!(out, "{:>6}  {} → {}", c.count, c.gold, c.predicted);
        }
    }
    out
}

/// Aduan's model and the baseline, side by side, each with its training time.
pub fn side_by_side(aduan: (&Evaluation, f64), baseline: (&Evaluation, f64)) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "                      aduan   TF-IDF + linear SVM");
    let row = |out: &mut String, name: &str, a: String, b: String| {
        let _ = writeln!(out, "{name:<20} {a:>7}   {b:>7}");
    };
    row(&mut out, "top-1", pct(aduan.0.top1), pct(baseline.0.top1));
    row(&mut out, "top-3", pct(aduan.0.top3), pct(baseline.0.top3));
    row(
        &mut out,
        "macro-F1",
        format!("{:.3}", aduan.0.macro_f1),
        format!("{:.3}", baseline.0.macro_f1),
    );
    row(
        &mut out,
        "ECE (15 bins)",
        format!("{:.3}", aduan.0.ece),
        format!("{:.3}", baseline.0.ece),
    );
    row(
        &mut out,
        "training seconds",
        format!("{:.1}", aduan.1),
        format!("{:.1}", baseline.1),
    );
    out
}

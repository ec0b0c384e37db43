//! How good a model's rankings are on labelled data.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Bins of top-1 confidence for the expected calibration error.
pub const ECE_BINS: usize = 15;

/// One label's figures.
#[derive(Debug, Clone, Serialize)]
pub struct LabelFigures {
    /// The label.
    pub label: String,
    /// Examples whose gold label it is.
    pub support: usize,
    /// Of the examples ranked first as this label, the share that were.
    pub precision: f64,
    /// Of the examples that were this label, the share ranked first as it.
    pub recall: f64,
    /// Their harmonic mean.
    pub f1: f64,
}

/// A gold label and the label ranked first in its place, with how often.
#[derive(Debug, Clone, Serialize)]
pub struct Confusion {
    /// The right label.
    pub gold: String,
    /// The label ranked first instead.
    pub predicted: String,
    /// How many times.
    pub count: usize,
}

/// The figures of a model on labelled data.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// Examples.
    pub examples: usize,
    /// Share whose first-ranked label is right.
    pub top1: f64,
    /// Share whose right label is among the first three.
    pub top3: f64,
    /// Mean F1 over the labels (each label counts once, whatever its size).
    pub macro_f1: f64,
    /// Expected calibration error over [`ECE_BINS`] equal-width bins of top-1 confidence.
    pub ece: f64,
    /// Per label, largest support first.
    pub labels: Vec<LabelFigures>,
    /// The most frequent confusions, most frequent first (at most ten).
    pub confused: Vec<Confusion>,
}

/// Evaluates rankings (`ranked[i]`: labels with probabilities, most likely first) against the
/// gold labels.
pub fn evaluate(gold: &[String], ranked: &[Vec<(String, f32)>]) -> Evaluation {
    let n = gold.len().min(ranked.len());
    let mut top1 = 0;
    let mut top3 = 0;
    let mut bins = vec![(0usize, 0f64, 0usize); ECE_BINS];
    let mut predicted_as: BTreeMap<&str, usize> = BTreeMap::new();
    let mut right_as: BTreeMap<&str, usize> = BTreeMap::new();
    let mut support: BTreeMap<&str, usize> = BTreeMap::new();
    let mut confusions: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (g, r) in gold.iter().zip(ranked).take(n) {
        *support.entry(g).or_default() += 1;
        let Some((first, confidence)) = r.first() else {
            continue;
        };
        let hit = first == g;
        top1 += usize::from(hit);
        top3 += usize::from(r.iter().take(3).any(|(l, _)| l == g));
        *predicted_as.entry(first).or_default() += 1;
        if hit {
            *right_as.entry(g).or_default() += 1;
        } else {
            *confusions.entry((g, first)).or_default() += 1;
        }
        let bin = ((f64::from(*confidence) * ECE_BINS as f64) as usize).min(ECE_BINS - 1);
        bins[bin].0 += 1;
        bins[bin].1 += f64::from(*confidence);
        bins[bin].2 += usize::from(hit);
    }
    let share = |k: usize, of: usize| if of == 0 { 0.0 } else { k as f64 / of as f64 };
    let names: BTreeSet<&str> = support.keys().chain(predicted_as.keys()).copied().collect();
    let mut labels: Vec<LabelFigures> = names
        .into_iter()
        .map(|l| {
            let right = right_as.get(l).copied().unwrap_or(0);
            let precision = share(right, predicted_as.get(l).copied().unwrap_or(0));
            let recall = share(right, support.get(l).copied().unwrap_or(0));
            let f1 = if precision + recall > 0.0 {
                2.0 * precision * recall / (precision + recall)
            } else {
                0.0
            };
            LabelFigures {
                label: l.to_owned(),
                support: support.get(l).copied().unwrap_or(0),
                precision,
                recall,
                f1,
            }
        })
        .collect();
    let macro_f1 = labels.iter().map(|l| l.f1).sum::<f64>() / labels.len().max(1) as f64;
    labels.sort_by(|a, b| b.support.cmp(&a.support).then(a.label.cmp(&b.label)));
    let ece = bins
        .iter()
        .filter(|(count, _, _)| *count > 0)
        .map(|(count, conf, hits)| {
            let c = *count as f64;
            (c / n.max(1) as f64) * (conf / c - *hits as f64 / c).abs()
        })
        .sum();
    let mut confused: Vec<Confusion> = confusions
        .into_iter()
        .map(|((g, p), count)| Confusion {
            gold: g.to_owned(),
            predicted: p.to_owned(),
            count,
        })
        .collect();
    confused.sort_by_key(|c| std::cmp::Reverse(c.count));
    confused.truncate(10);
    Evaluation {
        examples: n,
        top1: share(top1, n),
        top3: share(top3, n),
        macro_f1,
        ece,
        labels,
        confused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(pairs: &[(&str, f32)]) -> Vec<(String, f32)> {
        pairs.iter().map(|(l, p)| ((*l).to_owned(), *p)).collect()
    }

    #[test]
    fn figures_count_what_was_right_first_and_among_three() {
        let gold: Vec<String> = ["a", "a", "b", "c"].map(String::from).to_vec();
        let ranked = vec![
            r(&[("a", 0.9), ("b", 0.1)]),
            r(&[("b", 0.6), ("a", 0.4)]),
            r(&[("b", 0.8), ("a", 0.2)]),
            r(&[("a", 0.5), ("b", 0.3), ("d", 0.1), ("c", 0.1)]),
        ];
        let e = evaluate(&gold, &ranked);
        assert_eq!((e.top1, e.top3), (0.5, 0.75));
        // a: precision 1/2, recall 1/2; b: 1/2, 1; c: 0, 0.
        let f1 = (0.5 + 2.0 / 3.0 + 0.0) / 3.0;
        assert!((e.macro_f1 - f1).abs() < 1e-9, "{}", e.macro_f1);
        assert_eq!(e.confused[0].count, 1);
        // Confidences 0.9 (right), 0.6 (wrong), 0.8 (right), 0.5 (wrong), each alone in a bin.
        let ece = (0.1 + 0.6 + 0.2 + 0.5) / 4.0;
        assert!((e.ece - ece).abs() < 1e-6, "{}", e.ece);
    }
}

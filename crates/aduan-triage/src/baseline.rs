//! The baseline Aduan's model is judged against: TF-IDF of plain words and word pairs
//! (lowercased, split on anything not a letter or digit; no slang folding, no stemming, no
//! character n-grams, no region or channel), scaled to unit length, and a linear SVM: the
//! same multiclass hinge loss and trainer as Aduan's model, so that the comparison measures
//! what the features and the analysis add.

use crate::features::{Vector, counted, id, unit};
use crate::learner::{TrainError, TrainOptions, train};
use crate::model::{FeatureKind, Model};
use fnv::FnvHashMap;

/// The plain words and pairs of a text, as feature ids (repeats kept); addresses and long
/// numbers are masked first, as for Aduan's model.
fn terms(text: &str) -> Vec<u32> {
    let words: Vec<String> = crate::masked(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut ids: Vec<u32> = words.iter().map(|w| id("w", w)).collect();
    ids.extend(
        words
            .windows(2)
            .map(|p| id("b", &format!("{} {}", p[0], p[1]))),
    );
    ids
}

/// The TF-IDF vector of `text`, with `idf` by feature id (sorted); terms the training data
/// never had are left out.
pub fn vector(text: &str, idf: &[(u32, f32)]) -> Vector {
    let mut out = counted(terms(text));
    out.retain_mut(|(f, tf)| match idf.binary_search_by_key(f, |(k, _)| *k) {
        Ok(i) => {
            *tf *= idf[i].1;
            true
        }
        Err(_) => false,
    });
    unit(&mut out);
    out
}

/// Trains the baseline on texts and their labels.
pub fn train_baseline(
    texts: &[String],
    labels: &[String],
    options: &TrainOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Model, TrainError> {
    let mut df: FnvHashMap<u32, u32> = FnvHashMap::default();
    for text in texts {
        let mut ids = terms(text);
        ids.sort_unstable();
        ids.dedup();
        for f in ids {
            *df.entry(f).or_default() += 1;
        }
    }
    let n = texts.len() as f32;
    // The smoothed idf of scikit-learn's TfidfVectorizer: ln((1 + n) / (1 + df)) + 1.
    let mut idf: Vec<(u32, f32)> = df
        .into_iter()
        .map(|(f, d)| (f, ((1.0 + n) / (1.0 + d as f32)).ln() + 1.0))
        .collect();
    idf.sort_unstable_by_key(|(f, _)| *f);
    let vectors: Vec<Vector> = texts.iter().map(|t| vector(t, &idf)).collect();
    train(
        FeatureKind::Baseline,
        &vectors,
        labels,
        idf,
        options,
        progress,
    )
}

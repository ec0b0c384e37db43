//! Training: averaged passive-aggressive updates on the multiclass hinge loss, then a softmax
//! temperature fitted on a held-out tenth.

use crate::calibrate;
use crate::features::Vector;
use crate::model::{FeatureKind, Model};
use fnv::FnvHashMap;
use rand::SeedableRng;
use rand::seq::SliceRandom;

/// How a model is trained.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// The largest step of one update (PA-I's `C`): smaller is steadier on noisy labels.
    pub aggressiveness: f32,
    /// The order of the passes and the held-out tenth come from this seed.
    pub seed: u64,
    /// The share held out to fit the calibration.
    pub calibration_share: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            epochs: 8,
            aggressiveness: 0.5,
            seed: 20_261_207,
            calibration_share: 0.1,
        }
    }
}

/// Why a model could not be trained.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TrainError {
    /// Nothing to learn from.
    #[error("no labelled examples to train on")]
    Empty,
    /// One label only: there is nothing to choose between.
    #[error("only one label ({0}) in the training data: a model needs at least two")]
    OneLabel(String),
    /// More labels than a model holds.
    #[error("{0} labels: a model holds at most 65,535")]
    TooManyLabels(usize),
    /// Vectors and labels differ in number.
    #[error("{vectors} examples but {labels} labels")]
    Mismatch {
        /// Vectors given.
        vectors: usize,
        /// Labels given.
        labels: usize,
    },
}

/// Trains a model of `kind` on vectors (already in that kind's features) and their labels:
/// on all but a held-out share, which then fits the calibration. `progress` is told each
/// finished pass as (passes done, passes in all).
pub fn train(
    kind: FeatureKind,
    vectors: &[Vector],
    labels: &[String],
    idf: Vec<(u32, f32)>,
    options: &TrainOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Model, TrainError> {
    if vectors.len() != labels.len() {
        return Err(TrainError::Mismatch {
            vectors: vectors.len(),
            labels: labels.len(),
        });
    }
    if vectors.is_empty() {
        return Err(TrainError::Empty);
    }
    let mut names: Vec<String> = labels.to_vec();
    names.sort();
    names.dedup();
    if names.len() == 1 {
        return Err(TrainError::OneLabel(names[0].clone()));
    }
    if names.len() > u16::MAX as usize {
        return Err(TrainError::TooManyLabels(names.len()));
    }
    let y: Vec<u16> = labels
        .iter()
        .map(|l| names.binary_search(l).unwrap_or_default() as u16)
        .collect();
    let mut order: Vec<usize> = (0..vectors.len()).collect();
    let mut rng = rand::rngs::StdRng::seed_from_u64(options.seed);
    order.shuffle(&mut rng);
    // The held-out share fits the calibration only: the model learns from the rest (training
    // again on everything would double the time for a tenth more data).
    // Fewer than this many held-out rows would fit the sharpness to noise (one right answer
    // drives it to its largest value): the default sharpness then stands.
    const MIN_HELD_OUT: usize = 20;
    let held = ((vectors.len() as f64) * options.calibration_share) as usize;
    let held = if held < MIN_HELD_OUT { 0 } else { held };
    let (check, fit) = order.split_at(held.min(vectors.len() - 1));
    let mut done = 0;
    let mut tick = || {
        done += 1;
        progress(done, options.epochs)
    };
    let learner = Learner::fit(names.len(), vectors, &y, fit, options, &mut rng, &mut tick);
    let mut model = learner.into_model(kind, names, calibrate::DEFAULT_SHARPNESS, idf);
    if !check.is_empty() {
        let scores: Vec<Vec<f32>> = check.iter().map(|&i| model.scores(&vectors[i])).collect();
        let gold: Vec<usize> = check.iter().map(|&i| y[i] as usize).collect();
        model.sharpness = calibrate::fit_sharpness(&scores, &gold);
    }
    Ok(model)
}

/// One weight of one label for one feature, with its running sum for the average.
#[derive(Clone, Copy)]
struct Cell {
    class: u16,
    w: f32,
    u: f32,
}

/// The weights while training.
struct Learner {
    by_feature: FnvHashMap<u32, Vec<Cell>>,
    bias: Vec<Cell>,
    steps: f32,
}

impl Learner {
    fn fit(
        classes: usize,
        vectors: &[Vector],
        y: &[u16],
        order: &[usize],
        options: &TrainOptions,
        rng: &mut rand::rngs::StdRng,
        tick: &mut dyn FnMut(),
    ) -> Self {
        let mut me = Self {
            by_feature: FnvHashMap::default(),
            bias: (0..classes)
                .map(|c| Cell {
                    class: c as u16,
                    w: 0.0,
                    u: 0.0,
                })
                .collect(),
            steps: 1.0,
        };
        let mut order = order.to_vec();
        let mut scores = vec![0f32; classes];
        for _ in 0..options.epochs {
            order.shuffle(rng);
            for &i in &order {
                me.step(&vectors[i], y[i], &mut scores, options.aggressiveness);
            }
            tick();
        }
        me
    }

    /// One example: if the best wrong label comes within a margin of 1 of the right one, both
    /// move by the passive-aggressive step (the bias counts as a feature of value 1).
    fn step(&mut self, x: &Vector, gold: u16, scores: &mut [f32], c: f32) {
        for (s, b) in scores.iter_mut().zip(&self.bias) {
            *s = b.w;
        }
        for (f, v) in x {
            if let Some(cells) = self.by_feature.get(f) {
                for cell in cells {
                    scores[cell.class as usize] += cell.w * v;
                }
            }
        }
        let gold_score = scores[gold as usize];
        let rival = scores
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != gold as usize)
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(k, _)| k as u16);
        let Some(rival) = rival else { return };
        let loss = 1.0 - (gold_score - scores[rival as usize]);
        if loss > 0.0 {
            let norm: f32 = x.iter().map(|(_, v)| v * v).sum::<f32>() + 1.0;
            let tau = (loss / (2.0 * norm)).min(c);
            let t = self.steps;
            for (f, v) in x {
                let cells = self.by_feature.entry(*f).or_default();
                add(cells, gold, tau * v, t);
                add(cells, rival, -tau * v, t);
            }
            add(&mut self.bias, gold, tau, t);
            add(&mut self.bias, rival, -tau, t);
        }
        self.steps += 1.0;
    }

    /// The averaged weights as a model.
    fn into_model(
        self,
        kind: FeatureKind,
        labels: Vec<String>,
        sharpness: f32,
        idf: Vec<(u32, f32)>,
    ) -> Model {
        let t = self.steps;
        let avg = |c: &Cell| c.w - c.u / t;
        let mut features: Vec<u32> = self.by_feature.keys().copied().collect();
        features.sort_unstable();
        let mut starts = Vec::with_capacity(features.len() + 1);
        let mut classes = Vec::new();
        let mut weights = Vec::new();
        let mut kept = Vec::with_capacity(features.len());
        for f in features {
            let start = weights.len() as u32;
            let mut cells = self.by_feature[&f].clone();
            cells.sort_by_key(|c| c.class);
            for cell in &cells {
                let w = avg(cell);
                if w.abs() > 1e-6 {
                    classes.push(cell.class);
                    weights.push(w);
                }
            }
            if weights.len() as u32 > start {
                kept.push(f);
                starts.push(start);
            }
        }
        starts.push(weights.len() as u32);
        Model {
            kind,
            labels,
            bias: self.bias.iter().map(avg).collect(),
            features: kept,
            starts,
            classes,
            weights,
            sharpness,
            idf,
        }
    }
}

/// Adds `delta` to the weight of `class` among `cells` at step `t`.
fn add(cells: &mut Vec<Cell>, class: u16, delta: f32, t: f32) {
    match cells.iter_mut().find(|c| c.class == class) {
        Some(cell) => {
            cell.w += delta;
            cell.u += t * delta;
        }
        None => cells.push(Cell {
            class,
            w: delta,
            u: t * delta,
        }),
    }
}

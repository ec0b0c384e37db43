//! Measuring a model on examples it did not learn from: a seeded split of labelled examples
//! into a part to learn from and a held-out part, and a model trained on the one and measured
//! on the other, so that the figures stored with a model describe that very model.

use crate::metrics::{Evaluation, evaluate};
use crate::{Input, Model, TrainError, TrainOptions};
use rand::SeedableRng;
use rand::seq::SliceRandom;

/// The share of examples held out when none is given.
pub const DEFAULT_TEST_SHARE: f64 = 0.2;

/// Examples by index: those to learn from and those held out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The examples to learn from.
    pub fit: Vec<usize>,
    /// The examples held out to measure on.
    pub test: Vec<usize>,
}

/// Why examples could not be split.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SplitError {
    /// The share is not strictly between 0 and 1.
    #[error("the held-out share must be between 0 and 1, not {0}")]
    Share(f64),
    /// One part would be empty.
    #[error("too few examples ({0}) to hold out a share of them")]
    TooFew(usize),
    /// The model could not be trained on the rest.
    #[error(transparent)]
    Train(#[from] TrainError),
}

/// Splits `n` examples: a seeded shuffle, then the first `round(n × test_share)` held out.
pub fn split(n: usize, test_share: f64, seed: u64) -> Result<Split, SplitError> {
    if !(test_share > 0.0 && test_share < 1.0) {
        return Err(SplitError::Share(test_share));
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut rand::rngs::StdRng::seed_from_u64(seed));
    let held = ((n as f64) * test_share).round() as usize;
    if held == 0 || held == n {
        return Err(SplitError::TooFew(n));
    }
    let fit = order.split_off(held);
    Ok(Split { fit, test: order })
}

/// The first `top` labels of `model` for each input, with their probabilities.
pub fn rank_all(model: &Model, inputs: &[Input], top: usize) -> Vec<Vec<(String, f32)>> {
    inputs
        .iter()
        .map(|input| {
            model
                .predict(input, top)
                .into_iter()
                .map(|s| (s.label.to_owned(), s.probability))
                .collect()
        })
        .collect()
}

/// A model and its figures on the examples it did not learn from.
#[derive(Debug)]
pub struct Measured {
    /// The model, trained on the examples not held out.
    pub model: Model,
    /// Its figures on the held-out ones.
    pub figures: Evaluation,
    /// How many examples it learned from.
    pub fit: usize,
}

/// Trains Aduan's model on the part of `inputs` that `split` leaves to learn from and measures
/// it on the held-out part (`progress` as for [`crate::train`]).
pub fn fit_and_measure(
    inputs: &[Input],
    labels: &[String],
    split: &Split,
    options: &TrainOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Measured, SplitError> {
    let pick = |idx: &[usize]| -> (Vec<Input>, Vec<String>) {
        idx.iter()
            .map(|&i| (inputs[i].clone(), labels[i].clone()))
            .unzip()
    };
    let (fit_inputs, fit_labels) = pick(&split.fit);
    let (test_inputs, test_labels) = pick(&split.test);
    let model = crate::train_on(&fit_inputs, &fit_labels, options, progress)?;
    let figures = evaluate(&test_labels, &rank_all(&model, &test_inputs, 3));
    Ok(Measured {
        model,
        figures,
        fit: fit_inputs.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_split_holds_out_its_share_once_each_and_repeats_with_its_seed() {
        let s = split(10, 0.2, 7).unwrap();
        assert_eq!(s.test.len(), 2);
        assert_eq!(s.fit.len(), 8);
        let mut all: Vec<usize> = s.fit.iter().chain(&s.test).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..10).collect::<Vec<_>>());
        assert_eq!(split(10, 0.2, 7).unwrap(), s);
    }

    #[test]
    fn a_split_that_would_leave_a_part_empty_or_a_share_out_of_range_is_refused() {
        assert_eq!(split(2, 0.1, 1), Err(SplitError::TooFew(2)));
        assert_eq!(split(10, 1.0, 1), Err(SplitError::Share(1.0)));
        assert_eq!(split(10, 0.0, 1), Err(SplitError::Share(0.0)));
    }
}

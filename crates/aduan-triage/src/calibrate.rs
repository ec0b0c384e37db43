//! Probabilities from scores: a softmax whose sharpness (inverse temperature; Guo et al., 2017)
//! is the one that gives held-out examples the highest likelihood.

/// The sharpness of a model trained without a held-out share.
pub const DEFAULT_SHARPNESS: f32 = 5.0;

/// `softmax(sharpness · scores)`.
pub fn softmax(scores: &[f32], sharpness: f32) -> Vec<f32> {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exp: Vec<f32> = scores
        .iter()
        .map(|s| ((s - max) * sharpness).exp())
        .collect();
    let sum: f32 = exp.iter().sum();
    exp.into_iter().map(|e| e / sum).collect()
}

/// Mean negative log-likelihood of the gold labels under `softmax(sharpness · scores)`.
pub fn nll(scores: &[Vec<f32>], gold: &[usize], sharpness: f32) -> f64 {
    let n = scores.len().max(1) as f64;
    scores
        .iter()
        .zip(gold)
        .map(|(s, &g)| -(f64::from(softmax(s, sharpness)[g]).max(1e-12)).ln())
        .sum::<f64>()
        / n
}

/// The sharpness, between 0.05 and 500, that minimises [`nll`]: a coarse geometric grid, then
/// a finer one around its best point.
pub fn fit_sharpness(scores: &[Vec<f32>], gold: &[usize]) -> f32 {
    if scores.is_empty() {
        return DEFAULT_SHARPNESS;
    }
    let best_of = |candidates: Vec<f32>| {
        candidates
            .into_iter()
            .map(|t| (t, nll(scores, gold, t)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(DEFAULT_SHARPNESS, |(t, _)| t)
    };
    let coarse = best_of(
        (0..=40)
            .map(|i| 0.05 * 10f32.powf(i as f32 / 10.0))
            .collect(),
    );
    best_of(
        (-10..=10)
            .map(|i| coarse * 10f32.powf(i as f32 / 100.0))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities_sum_to_one_and_keep_the_order_of_the_scores() {
        let p = softmax(&[2.0, 0.5, -1.0], 3.0);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(p[0] > p[1] && p[1] > p[2]);
    }

    #[test]
    fn an_overconfident_model_is_softened_and_an_underconfident_one_sharpened() {
        // Scores that are right three times in four at a margin of 1.
        let scores: Vec<Vec<f32>> = (0..100)
            .map(|i| {
                if i % 4 == 0 {
                    vec![0.0, 1.0]
                } else {
                    vec![1.0, 0.0]
                }
            })
            .collect();
        let gold = vec![0; 100];
        let t = fit_sharpness(&scores, &gold);
        // The best calibrated confidence is 0.75: softmax of a margin t is 1/(1+e^-t).
        let confidence = softmax(&[1.0, 0.0], t)[0];
        assert!((confidence - 0.75).abs() < 0.01, "{confidence}");
    }
}

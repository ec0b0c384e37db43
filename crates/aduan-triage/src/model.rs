//! A trained model: its labels, its sparse weights, its calibration, and its stored form.

use crate::baseline;
use crate::features::{self, Vector};
use crate::{Input, calibrate};
use serde::{Deserialize, Serialize};

/// The first bytes of a stored model, then its format's version.
const MAGIC: &[u8; 8] = b"ADUANTRI";
/// Bumped when the stored form or the features change: an older model is refused, not misread.
const FORMAT: u32 = 1;

/// Which features a model reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeatureKind {
    /// Aduan's: analysed words and their pairs, region and channel.
    Full,
    /// The baseline's: TF-IDF of plain words and their pairs.
    Baseline,
}

/// One ranked answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion<'m> {
    /// The label (an agency's or a category's id, or whatever the training data named).
    pub label: &'m str,
    /// Its calibrated probability.
    pub probability: f32,
}

/// A linear model over sparse features: per feature, the labels it weighs for.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Model {
    pub(crate) kind: FeatureKind,
    pub(crate) labels: Vec<String>,
    pub(crate) bias: Vec<f32>,
    /// Feature ids in increasing order.
    pub(crate) features: Vec<u32>,
    /// Where each feature's weights start in `classes` and `weights` (one more than features).
    pub(crate) starts: Vec<u32>,
    pub(crate) classes: Vec<u16>,
    pub(crate) weights: Vec<f32>,
    /// The softmax's inverse temperature.
    pub(crate) sharpness: f32,
    /// The baseline's inverse document frequencies, by feature id (empty for `Full`).
    pub(crate) idf: Vec<(u32, f32)>,
}

/// Why stored bytes are not a model.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// Not a model at all.
    #[error("not an Aduan triage model")]
    NotAModel,
    /// A model of another format.
    #[error("a triage model of format {0}; this version reads format {FORMAT}: train it again")]
    Format(u32),
    /// Damaged.
    #[error("the triage model is damaged: {0}")]
    Damaged(String),
}

impl Model {
    /// Every label, in the model's order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The features it reads.
    pub fn kind(&self) -> FeatureKind {
        self.kind
    }

    /// Non-zero weights (a measure of its size).
    pub fn weight_count(&self) -> usize {
        self.weights.len()
    }

    /// The vector of `input` in this model's features.
    pub fn vector(&self, input: &Input) -> Vector {
        match self.kind {
            FeatureKind::Full => features::full(input),
            FeatureKind::Baseline => baseline::vector(input.text, &self.idf),
        }
    }

    /// Raw scores of a vector, one per label.
    pub fn scores(&self, x: &Vector) -> Vec<f32> {
        let mut out = self.bias.clone();
        for &(f, v) in x {
            if let Ok(i) = self.features.binary_search(&f) {
                let (a, b) = (self.starts[i] as usize, self.starts[i + 1] as usize);
                for k in a..b {
                    out[self.classes[k] as usize] += self.weights[k] * v;
                }
            }
        }
        out
    }

    /// Every label's probability for a vector.
    pub fn probabilities(&self, x: &Vector) -> Vec<f32> {
        calibrate::softmax(&self.scores(x), self.sharpness)
    }

    /// The `top` most likely labels of `input`, most likely first.
    pub fn predict(&self, input: &Input, top: usize) -> Vec<Suggestion<'_>> {
        self.rank(&self.vector(input), top)
    }

    /// The `top` most likely labels of a vector, most likely first.
    pub fn rank(&self, x: &Vector, top: usize) -> Vec<Suggestion<'_>> {
        let p = self.probabilities(x);
        let mut order: Vec<usize> = (0..p.len()).collect();
        order.sort_by(|&a, &b| p[b].total_cmp(&p[a]).then(a.cmp(&b)));
        order
            .into_iter()
            .take(top)
            .map(|i| Suggestion {
                label: &self.labels[i],
                probability: p[i],
            })
            .collect()
    }

    /// The stored form.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&FORMAT.to_le_bytes());
        // Serialising plain vectors and numbers into memory cannot fail.
        out.extend(postcard::to_allocvec(self).unwrap_or_default());
        out
    }

    /// Reads a stored model.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let rest = bytes.strip_prefix(MAGIC).ok_or(ModelError::NotAModel)?;
        let (format, body) = rest.split_at_checked(4).ok_or(ModelError::NotAModel)?;
        let format = u32::from_le_bytes([format[0], format[1], format[2], format[3]]);
        if format != FORMAT {
            return Err(ModelError::Format(format));
        }
        let model: Model =
            postcard::from_bytes(body).map_err(|e| ModelError::Damaged(e.to_string()))?;
        model.check()?;
        Ok(model)
    }

    /// Whether the parts agree, so that scoring cannot index out of bounds.
    fn check(&self) -> Result<(), ModelError> {
        let bad = |what: &str| Err(ModelError::Damaged(what.to_owned()));
        if self.labels.is_empty() || self.bias.len() != self.labels.len() {
            return bad("labels");
        }
        if self.starts.len() != self.features.len() + 1
            || self.classes.len() != self.weights.len()
            || self.starts.last().copied() != Some(self.weights.len() as u32)
            || self.starts.windows(2).any(|w| w[0] > w[1])
            || self.features.windows(2).any(|w| w[0] >= w[1])
        {
            return bad("weights");
        }
        if self
            .classes
            .iter()
            .any(|&c| c as usize >= self.labels.len())
        {
            return bad("classes");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(classes: Vec<u16>) -> Model {
        Model {
            kind: FeatureKind::Full,
            labels: vec!["a".into(), "b".into()],
            bias: vec![0.0, 0.0],
            features: vec![7],
            starts: vec![0, classes.len() as u32],
            weights: vec![1.0; classes.len()],
            classes,
            sharpness: 1.0,
            idf: Vec::new(),
        }
    }

    #[test]
    fn a_model_whose_parts_disagree_is_refused_before_it_can_score() {
        assert!(Model::from_bytes(&model(vec![1]).to_bytes()).is_ok());
        // Decodes, but names a third label where there are two.
        assert!(matches!(
            Model::from_bytes(&model(vec![2]).to_bytes()),
            Err(ModelError::Damaged(_))
        ));
        let mut short = model(vec![0]);
        short.starts = vec![0, 5];
        assert!(matches!(
            Model::from_bytes(&short.to_bytes()),
            Err(ModelError::Damaged(_))
        ));
    }
}

//! Triage assistance for Aduan: which agency (or category) a new report most likely belongs
//! to, learned from the decisions a deployment's own administrators made, ranked with
//! calibrated probabilities. The administrator still decides; the model only puts the likely
//! answers first.
//!
//! Pure Rust, no service and no download: a report becomes a sparse vector of hashed features
//! ([`features`]): the lexemes of its title and body (the search's analysis from
//! `aduan-text`: slang, abbreviations and regional spellings folded, stopwords dropped,
//! stemmed) and their pairs, scaled to unit length, beside its region (province and
//! kabupaten/kota) and its channel at full weight. What could identify the reporter
//! never becomes a feature: e-mail addresses, web addresses and runs of eight digits or more
//! (phone numbers, NIKs, account numbers) are masked, and so are the words of the reporter's
//! own name, address and numbers.
//!
//! The classifier ([`train`]) is linear, one weight vector per label, trained with
//! multiclass hinge loss (Crammer and Singer, 2001) by passive-aggressive updates (Crammer et
//! al., 2006), averaged over the updates; its scores become probabilities by a softmax whose
//! temperature is fitted on a held-out tenth of the data ([`calibrate`]). Nothing in it is
//! specific to a region: every label, word and code is learned from the data.
//!
//! [`metrics`] measures a model on labelled data (top-1, top-3, macro-F1, expected calibration
//! error, per-label precision and recall, the most confused pairs); [`baseline`] is the
//! comparison the figures are judged against (TF-IDF of plain words, a linear SVM); [`corpus`]
//! reads labelled or unlabelled CSV files.

pub mod baseline;
pub mod calibrate;
pub mod corpus;
pub mod features;
pub mod holdout;
pub mod junk;
mod learner;
pub mod metrics;
mod model;
mod normalise;

pub use baseline::train_baseline;
pub use learner::{TrainError, TrainOptions, train};
pub use model::{FeatureKind, Model, ModelError, Suggestion};
pub use normalise::{identity_lexemes, masked};

/// What a report is made of for the model.
#[derive(Debug, Clone, Default)]
pub struct Input<'a> {
    /// Its title and chronology, as written.
    pub text: &'a str,
    /// Its kabupaten/kota or province code (`35.78`, `35`), if known.
    pub region: Option<&'a str>,
    /// The channel it came through (`web`, `sms`, `api:mitra`), if known.
    pub channel: Option<&'a str>,
    /// The reporter's own name, e-mail, phone and NIK: their words never become features.
    pub identity: &'a [String],
}

impl<'a> Input<'a> {
    /// A text alone.
    pub fn text(text: &'a str) -> Self {
        Self {
            text,
            ..Self::default()
        }
    }
}

/// Trains Aduan's model on reports and their labels (see [`train`] for `progress`).
pub fn train_on(
    inputs: &[Input],
    labels: &[String],
    options: &TrainOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Model, TrainError> {
    let vectors: Vec<features::Vector> = inputs.iter().map(features::full).collect();
    train(
        FeatureKind::Full,
        &vectors,
        labels,
        Vec::new(),
        options,
        progress,
    )
}

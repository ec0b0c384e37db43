//! `aduan triage`: its commands and their arguments. Training, applying and measuring on a
//! labelled CSV file is in `triage_csv`, so that a deployment can measure a model on its own
//! data before switching it on; what touches the database is in `triage_db`.

use crate::settings::Settings;
use crate::triage_csv;
use crate::triage_db::{self, Target};
use aduan_triage::TrainOptions;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// `aduan triage …`.
#[derive(Debug, Subcommand)]
pub enum TriageCommand {
    /// Train a model on a labelled CSV file or the database's verified reports; write it to a
    /// file, or store it as the database's new active model.
    Train(TrainArgs),
    /// Rank the labels of every data row of a CSV file: JSON Lines on standard output,
    /// `{"row": n, "labels": [..], "scores": [..]}` (row 0 is the first after the header).
    Predict(PredictArgs),
    /// Measure a model on a labelled CSV file: top-1, top-3, macro-F1, calibration error,
    /// per-label precision and recall, the most confused pairs.
    Eval(EvalArgs),
    /// Train Aduan's model and the TF-IDF + linear SVM baseline on the same split of a labelled
    /// CSV file, and measure both on the held-out part.
    Compare(CompareArgs),
    /// The database's model versions, newest first: their held-out figures, which is active,
    /// and how often verifications took their first suggestion, their second or third, or none.
    Models {
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Make a stored version the active model of its target (also back to an earlier one).
    Activate {
        /// Which target the version is of.
        #[arg(long, value_enum, default_value = "agency")]
        target: Target,
        /// The version (`aduan triage models`).
        version: i64,
    },
}

/// Which file and columns.
#[derive(Debug, Args)]
pub struct Source {
    /// The CSV file (a header row; UTF-8, with or without a byte-order mark).
    #[arg(long, value_name = "FILE")]
    pub(crate) csv: Option<PathBuf>,
    /// A column holding text; repeat it to join several (a title and a body).
    #[arg(long = "text-col", value_name = "COL")]
    pub(crate) text_cols: Vec<String>,
    /// A column holding each row's kabupaten/kota or province code (`35.78`), if the file has
    /// one.
    #[arg(long, value_name = "COL")]
    pub(crate) region_col: Option<String>,
    /// A column holding each row's channel (`web`, `sms`), if the file has one.
    #[arg(long, value_name = "COL")]
    pub(crate) channel_col: Option<String>,
    /// A column holding the reporter's name, phone, e-mail or NIK; repeat it for each. Their
    /// words never become features (numbers and addresses in the text are masked anyway).
    #[arg(long = "identity-col", value_name = "COL")]
    pub(crate) identity_cols: Vec<String>,
}

/// `aduan triage train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Train on the database's own verified reports (labelled with the agency or category the
    /// verification gave them) instead of a CSV file.
    #[arg(long, conflicts_with_all = ["csv", "out", "label_col"])]
    pub(crate) from_history: bool,
    /// What the model suggests, when it goes into the database.
    #[arg(long, value_enum, default_value = "agency")]
    pub(crate) target: Target,
    #[command(flatten)]
    pub(crate) source: Source,
    /// The column holding each row's label (free text: an agency, a category, anything).
    #[arg(long, value_name = "COL")]
    pub(crate) label_col: Option<String>,
    /// Write the model to this file; without it, the model (trained on four fifths of the
    /// rows, measured on the rest) becomes the database's new active model of `--target`.
    #[arg(long, value_name = "MODEL")]
    pub(crate) out: Option<PathBuf>,
    /// Passes over the data.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    pub(crate) epochs: usize,
}

/// `aduan triage predict`.
#[derive(Debug, Args)]
pub struct PredictArgs {
    #[command(flatten)]
    pub(crate) source: Source,
    /// The model file (`aduan triage train --out`); without it, the database's active model
    /// of `--target`.
    #[arg(long, value_name = "MODEL")]
    pub(crate) model: Option<PathBuf>,
    /// Which of the database's models, without `--model`.
    #[arg(long, value_enum, default_value = "agency")]
    pub(crate) target: Target,
    /// Labels per row.
    #[arg(long, default_value_t = 5)]
    pub(crate) top: usize,
}

/// `aduan triage eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub(crate) source: Source,
    /// The column holding the right label.
    #[arg(long, value_name = "COL")]
    pub(crate) label_col: String,
    /// The model file (`aduan triage train --out`); without it, the database's active model
    /// of `--target`.
    #[arg(long, value_name = "MODEL")]
    pub(crate) model: Option<PathBuf>,
    /// Which of the database's models, without `--model`.
    #[arg(long, value_enum, default_value = "agency")]
    pub(crate) target: Target,
    /// Print the figures as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

/// `aduan triage compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub(crate) source: Source,
    /// The column holding the right label.
    #[arg(long, value_name = "COL")]
    pub(crate) label_col: String,
    /// The share of rows held out for measuring (the rest trains both models).
    #[arg(long, default_value_t = 0.2)]
    pub(crate) test_share: f64,
    /// The split comes from this seed.
    #[arg(long, default_value_t = 42)]
    pub(crate) seed: u64,
    /// Print the figures as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

/// Runs `aduan triage …`.
pub async fn run(command: TriageCommand, settings: &Settings) -> anyhow::Result<ExitCode> {
    match command {
        TriageCommand::Train(args) => triage_csv::train(args, settings).await,
        TriageCommand::Predict(args) => triage_csv::predict(args, settings).await,
        TriageCommand::Eval(args) => triage_csv::eval(args, settings).await,
        TriageCommand::Compare(args) => triage_csv::compare(args),
        TriageCommand::Models { json } => triage_db::list(settings, json).await,
        TriageCommand::Activate { target, version } => {
            triage_db::activate(settings, target, version).await
        }
    }
    .map(|()| ExitCode::SUCCESS)
}

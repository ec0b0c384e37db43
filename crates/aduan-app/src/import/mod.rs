//! Importing reports with their whole histories from a legacy system (`aduan import`): JSON
//! Lines as docs/import.md documents them, each line checked against the lifecycle table and
//! turned into the history the live service would have written (clocks recomputed on the
//! deployment's calendar, hash chains sealed), written in batches of one transaction each with
//! its legacy ids, attachment records and the source's mark, so that an interrupted import
//! resumes after its last committed batch and no report is imported twice.

mod actor;
pub mod build;
pub mod format;
mod reader;
mod run;
mod snapshot;

pub use build::{Built, Context, PendingFile, Reason, build};
pub use format::Line;
pub use run::{ImportOptions, ImportSummary, Progress, Rejected, import};
pub use snapshot::Snapshot;

//! Importing reports from a legacy system (`aduan import`): whole histories written as the bulk
//! loader writes them, each report's legacy id kept beside its tracking id, its attachments'
//! records, and how far the import of a source got, all in the batch's one transaction, so an
//! interrupted import resumes exactly after its last committed batch.

use crate::{History, NewAttachment, StoreResult};
use aduan_domain::TrackingId;
use chrono::{DateTime, Utc};

/// How far the import of one source got: written with each batch it commits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportMark {
    /// The source's name (the input file's name as the operator gave it).
    pub source: String,
    /// What identifies the file (a hash of its beginning), so that a resumed run refuses
    /// another file under the same name.
    pub fingerprint: String,
    /// Lines read so far, the committed batch's last line included.
    pub line: u64,
    /// Bytes of the input read so far: where the next line starts.
    pub byte_offset: u64,
    /// Reports imported from this source so far.
    pub imported: u64,
    /// Lines rejected so far.
    pub rejected: u64,
    /// When the batch was written.
    pub at: DateTime<Utc>,
}

/// One batch of an import: the histories, each one's legacy id (in the same order), the
/// attachments of those reports (their blobs already stored), and the mark to leave.
#[derive(Debug, Clone, Copy)]
pub struct ImportBatch<'a> {
    /// Whole histories, as for [`crate::BulkStore::insert_histories`].
    pub histories: &'a [History],
    /// The legacy id of each history, in the same order.
    pub legacy_ids: &'a [String],
    /// Attachment records of the batch's reports.
    pub attachments: &'a [NewAttachment],
    /// The reporters' explicit choices about confidentiality (`false`: public), of the reports
    /// that had one; the others are left to their category, as at intake.
    pub choices: &'a [(TrackingId, bool)],
    /// How far the source got with this batch.
    pub mark: &'a ImportMark,
}

/// A legacy id and the report it became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyReport {
    /// The id in the legacy system.
    pub legacy_id: String,
    /// The report's tracking id here.
    pub tracking_id: TrackingId,
}

/// Checks that a batch is whole: one legacy id per history.
pub fn check_batch(batch: &ImportBatch<'_>) -> StoreResult<()> {
    if batch.histories.len() != batch.legacy_ids.len() {
        return Err(crate::StoreError::Other(
            format!(
                "an import batch of {} histories carries {} legacy ids",
                batch.histories.len(),
                batch.legacy_ids.len()
            )
            .into(),
        ));
    }
    Ok(())
}

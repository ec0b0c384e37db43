//! The one contract test story for every store backend.
//!
//! A backend's integration tests implement [`Harness`] (a fresh database per test, raw SQL for
//! tampering, a second connection to the same database) and expand [`contract_tests!`], which
//! turns every case below into a `#[tokio::test]`.

// Test code: a failed step must stop the test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod attachments;
mod bulk;
mod directory;
mod fixtures;
mod history;
mod reports;
mod users;

pub use access::*;
pub use attachments::*;
pub use bulk::*;
pub use directory::*;
pub use fixtures::*;
pub use history::*;
pub use reports::*;
pub use users::*;

use crate::Store;
use async_trait::async_trait;
use std::sync::Arc;

/// What a backend provides to run the contract story.
#[async_trait]
pub trait Harness: Send + Sync {
    /// The store under test, on a fresh, migrated database.
    fn store(&self) -> Arc<dyn Store>;
    /// Another store on the same database (a second `aduan` instance, or after a restart).
    async fn reopen(&self) -> Arc<dyn Store>;
    /// Runs raw SQL against the database, as an attacker or a careless operator would.
    async fn exec_sql(&self, sql: &str);
}

/// Expands every contract case into a test; `$fresh` is an async fn returning a [`Harness`].
/// Extra attributes (such as `#[ignore = "..."]`) are applied to every test.
#[macro_export]
macro_rules! contract_tests {
    ($fresh:path $(, #[$attr:meta])*) => {
        $crate::contract_tests!(@cases $fresh, [$(#[$attr])*],
            a_submitted_report_is_stored_with_its_identity_and_first_event,
            an_anonymous_reporters_identity_never_enters_the_report_or_its_events,
            a_transition_writes_the_new_state_and_its_event_together,
            every_field_of_the_state_survives_a_round_trip,
            a_move_from_a_stale_version_is_a_conflict,
            two_moves_from_the_same_version_never_both_commit,
            two_instances_on_one_database_never_both_commit_a_move,
            a_transition_on_a_missing_report_is_not_found,
            a_duplicate_tracking_id_is_a_conflict_and_leaves_nothing_half_written,
            an_acknowledged_report_survives_reopening_the_database,
            history_verification_passes_on_untouched_data,
            history_verification_catches_an_edited_event_body,
            history_verification_catches_a_removed_event,
            history_verification_catches_a_cut_tail,
            history_verification_catches_an_appended_event,
            history_verification_catches_an_altered_audit_entry,
            history_verification_catches_a_cut_audit_log,
            accounts_are_created_found_by_login_and_audited,
            a_second_account_with_the_same_email_is_a_conflict,
            disabling_an_account_is_stored_and_audited,
            directory_imports_upsert_by_id_and_count_what_changed,
            a_unit_path_runs_from_the_top_unit_down_to_the_unit,
            an_agency_has_at_most_one_inspectorate,
            an_import_with_a_broken_reference_writes_nothing,
            the_type_ahead_finds_agencies_by_word_prefixes,
            a_category_edit_is_stored_and_audited_together,
            categories_keep_their_topic_flags_and_dates,
            a_bulk_written_history_reads_back_identical_to_one_applied_step_by_step,
            history_verification_finds_bulk_written_histories_intact,
            a_bulk_batch_with_a_taken_tracking_id_writes_nothing,
            an_access_code_unlocks_its_report_and_nothing_else,
            a_reused_idempotency_key_writes_nothing_the_second_time,
            sessions_are_found_expire_and_are_revoked,
            listing_scopes_follow_the_visibility_policy,
            listing_filters_and_pages_newest_first,
            attachments_are_recorded_listed_in_upload_order_and_found_by_id,
            an_attachment_for_a_missing_report_is_not_found,
            a_blob_key_recorded_twice_is_a_conflict,
            publishing_an_attachment_is_stored_and_audited,
        );
    };
    (@cases $fresh:path, $attrs:tt, $($case:ident),+ $(,)?) => {
        $( $crate::contract_tests!(@one $fresh, $attrs, $case); )+
    };
    (@one $fresh:path, [$(#[$attr:meta])*], $case:ident) => {
        #[tokio::test]
        $(#[$attr])*
        async fn $case() {
            let h = $fresh().await;
            $crate::contract::$case(&h).await;
        }
    };
}

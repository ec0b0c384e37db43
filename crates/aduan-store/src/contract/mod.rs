//! The one contract test story for every store backend.
//!
//! A backend's integration tests implement [`Harness`] (a fresh database per test, raw SQL for
//! tampering, a second connection to the same database) and expand [`contract_tests!`], which
//! turns every case below into a `#[tokio::test]`.

// Test code: a failed step must stop the test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod fixtures;
mod history;
mod reports;
mod users;

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

//! The one contract test story for every store backend.
//!
//! A backend's integration tests implement [`Harness`] (a fresh database per test, raw SQL for
//! tampering, a second connection to the same database) and expand [`contract_tests!`], which
//! turns every case below into a `#[tokio::test]`.

// Test code: a failed step must stop the test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod attachments;
mod batch_reads;
mod bulk;
mod calendar;
mod chat;
mod clocks;
mod delivery;
mod directory;
mod export_pages;
mod fixtures;
mod groups;
mod history;
mod identity_at_rest;
mod import;
mod intake;
mod jobs;
mod leases;
mod limits;
mod looks;
mod mail_in;
mod outbox;
mod portal;
mod portal_identity;
mod queue;
mod queue_large;
mod queue_places;
mod registrations;
mod reports;
mod retention;
mod reveal;
mod rights;
mod search;
mod search_window;
mod sms;
mod staff;
mod staff_sessions;
mod tags;
mod triage;
mod users;
mod volumes;

pub use access::*;
pub use attachments::*;
pub use batch_reads::*;
pub use bulk::*;
pub use calendar::*;
pub use chat::*;
pub use clocks::*;
pub use delivery::*;
pub use directory::*;
pub use export_pages::*;
pub use fixtures::*;
pub use groups::*;
pub use history::*;
pub use identity_at_rest::*;
pub use import::*;
pub use intake::*;
pub use jobs::*;
pub use leases::*;
pub use limits::*;
pub use looks::*;
pub use mail_in::*;
pub use outbox::*;
pub use portal::*;
pub use portal_identity::*;
pub use queue::*;
pub use queue_large::*;
pub use queue_places::*;
pub use registrations::*;
pub use reports::*;
pub use retention::*;
pub use reveal::*;
pub use rights::*;
pub use search::*;
pub use search_window::*;
pub use sms::*;
pub use staff::*;
pub use staff_sessions::*;
pub use tags::*;
pub use triage::*;
pub use users::*;
pub use volumes::*;

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
    /// Another store on the same database whose identities are sealed with `keyring`.
    async fn reopen_with(&self, keyring: Arc<crate::Keyring>) -> Arc<dyn Store>;
    /// Runs raw SQL against the database, as an attacker or a careless operator would.
    async fn exec_sql(&self, sql: &str);
    /// Everything an attacker without the key could take of the database: SQLite's file and
    /// its WAL as they are on disk; PostgreSQL's `pg_dump` of the whole database.
    async fn raw_bytes(&self) -> Vec<u8>;
    /// How many transactions have written new reports and how many reports they carried,
    /// counted by the store under test since it opened.
    fn intake_counts(&self) -> (u64, u64);
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
            submissions_arriving_together_share_commits_and_each_gets_its_own_answer,
            a_spent_rate_limit_refuses_only_its_own_submissions_in_a_shared_commit,
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
            many_unit_paths_read_at_once_match_each_read_alone,
            every_reference_edit_moves_its_version_and_only_its_own,
            many_reports_clocks_read_at_once_match_each_read_alone,
            many_identities_read_at_once_match_each_read_alone_and_leave_out_erased_ones,
            an_agency_has_at_most_one_inspectorate,
            an_import_with_a_broken_reference_writes_nothing,
            the_type_ahead_finds_agencies_by_word_prefixes,
            a_category_edit_is_stored_and_audited_together,
            categories_keep_their_topic_flags_and_dates,
            a_bulk_written_history_reads_back_identical_to_one_applied_step_by_step,
            history_verification_finds_bulk_written_histories_intact,
            a_bulk_batch_with_a_taken_tracking_id_writes_nothing,
            an_import_batch_keeps_legacy_ids_attachments_and_its_mark_together,
            an_import_batch_with_a_legacy_id_already_imported_writes_nothing,
            an_access_code_unlocks_its_report_and_nothing_else,
            clocks_are_written_with_their_transition_and_read_back,
            a_reused_idempotency_key_writes_nothing_the_second_time,
            sessions_are_found_expire_and_are_revoked,
            listing_scopes_follow_the_visibility_policy,
            listing_filters_and_pages_newest_first,
            a_work_queue_lists_by_deadline_and_narrows_to_what_is_asked,
            a_large_queue_pages_in_the_same_deadline_order_as_a_short_one,
            a_report_keeps_its_place_in_the_queue_until_its_clocks_move,
            an_agency_queue_merges_what_it_holds_and_what_it_was_asked,
            attachments_are_recorded_listed_in_upload_order_and_found_by_id,
            an_attachment_for_a_missing_report_is_not_found,
            a_blob_key_recorded_twice_is_a_conflict,
            publishing_an_attachment_is_stored_and_audited,
            blob_keys_no_attachment_records_are_found_among_many,
            enqueueing_a_used_dedup_key_returns_the_existing_job_and_writes_nothing,
            due_jobs_are_claimed_by_priority_then_due_time_and_future_jobs_wait,
            a_claim_takes_no_more_than_its_limit,
            jobs_only_go_to_workers_that_know_their_name,
            a_failed_job_is_retried_after_an_exponential_backoff,
            a_job_is_dead_lettered_after_its_last_attempt_and_can_be_requeued,
            the_oldest_due_job_tells_how_far_the_workers_are_behind,
            a_job_whose_worker_died_is_claimed_again_when_the_lease_runs_out,
            a_lease_that_runs_out_on_the_last_attempt_dead_letters_the_job,
            done_jobs_are_purged_and_others_kept,
            two_concurrent_claimers_never_get_the_same_job,
            an_outbox_message_is_written_once_per_dedup_key_with_its_delivery_job,
            a_reporters_channel_choice_is_kept_with_the_reporter,
            a_dead_message_is_sent_again_once_with_its_job_and_an_audit_entry,
            a_dead_message_whose_job_is_gone_gets_a_new_one,
            a_delivered_message_keeps_no_readable_secret,
            a_dead_delivery_job_kills_its_message_and_wipes_the_secret,
            a_delivery_whose_lease_runs_out_on_its_last_attempt_wipes_the_secret,
            identities_behind_reports_closed_past_the_retention_period_are_erased,
            a_reporter_with_any_open_report_keeps_their_identity,
            finished_messages_to_bare_addresses_lose_the_address_after_the_retention_period,
            holidays_are_added_listed_by_year_and_make_the_working_calendar,
            a_date_added_twice_is_a_conflict_and_audited_once,
            removing_a_holiday_is_audited_and_an_unlisted_date_is_not_found,
            the_shipped_calendar_is_seeded_once_and_never_brings_back_removed_dates,
            a_calendar_edited_before_seeding_is_kept_and_a_bad_seed_writes_nothing,
            two_instances_seeding_at_once_load_the_calendar_once,
            a_second_vote_by_the_same_person_is_not_counted,
            votes_from_different_people_add_up,
            comments_list_oldest_first_and_hidden_ones_only_when_asked,
            moderating_a_comment_is_audited_and_an_unknown_one_is_not_found,
            a_reset_token_works_once_not_after_expiry_and_revokes_sessions,
            the_reset_message_is_in_the_outbox_with_its_delivery_job,
            a_pending_registration_is_found_until_forgotten_and_not_after_expiry,
            preferences_start_at_the_defaults_and_round_trip,
            reports_are_found_by_contact_but_not_after_erasure_or_deletion,
            an_offered_access_code_works_beside_the_old_one_until_it_is_used,
            erasing_a_persons_identity_keeps_their_reports_and_an_intact_history,
            tags_are_added_renamed_and_deactivated_with_an_audit_entry_each,
            triage_models_are_versioned_audited_and_one_per_target_is_active,
            old_inactive_triage_models_lose_their_bytes_and_keep_their_figures,
            a_once_active_triage_model_outlives_newer_versions_never_switched_on,
            verified_reports_are_examples_and_the_picks_of_verifications_are_counted,
            a_mail_message_is_claimed_once_and_its_outcome_answers_every_retry,
            a_released_or_stale_mail_claim_is_taken_again,
            old_mail_records_are_forgotten,
            a_tag_with_a_bad_slug_or_a_blank_label_is_refused_and_writes_nothing,
            a_gateway_message_is_handled_once_and_answered_the_same_way_again,
            an_abandoned_claim_is_taken_over_and_old_answers_are_forgotten,
            messages_per_sender_are_counted_per_window_across_instances,
            delivery_reports_are_kept_per_part_of_each_message,
            staff_are_listed_by_role_and_agency_without_citizens,
            a_scope_change_is_stored_and_audited_with_before_and_after,
            a_new_password_revokes_every_session_and_is_audited,
            disabling_an_account_revokes_its_sessions,
            own_sessions_are_listed_by_handle_and_revoked_one_or_all_others,
            feedback_lists_the_agencys_confirmations_and_ratings_newest_first,
            a_fixed_limit_refuses_the_attempt_after_the_last_until_its_window_ends,
            a_growing_delay_doubles_up_to_its_maximum_and_clearing_forgets_it,
            concurrent_hits_from_two_instances_never_exceed_the_limit,
            a_chat_message_is_claimed_once_and_a_stale_claim_taken_over,
            a_chat_step_moves_the_conversation_only_from_the_version_it_read,
            lapsed_chat_questions_are_found_and_old_records_forgotten,
            reports_are_found_by_the_chat_handle_that_filed_them,
            a_report_is_found_by_its_words_only_in_a_scope_that_may_see_it,
            follow_ups_are_searchable_and_notes_only_by_who_may_read_them,
            nobody_finds_a_report_by_its_reporters_identity,
            search_results_page_by_score_or_time_without_repeats,
            facets_count_what_a_search_finds_within_its_scope,
            a_search_considers_the_newest_matches_in_its_scope_up_to_its_window,
            a_title_holding_the_words_ranks_above_a_newer_chronology_holding_them,
            a_match_older_than_the_newest_entries_is_still_found,
            a_window_filled_from_older_entries_holds_the_newest_matches_once,
            an_export_page_holds_every_report_between_its_bounds,
            an_export_row_counts_public_follow_ups_and_leaves_out_an_erased_identity,
            no_identity_is_readable_from_the_database_without_the_key,
            identities_stored_in_plain_text_are_sealed_on_opening_and_their_text_leaves_the_files,
            a_rotation_seals_every_identity_with_the_new_key_and_look_ups_work_throughout,
            a_database_sealed_with_another_key_does_not_open_its_identities,
            an_address_waiting_in_the_outbox_is_sealed_and_a_sent_message_keeps_none,
            an_accounts_identity_is_sealed_and_it_still_logs_in_by_e_mail_or_phone,
            a_chat_conversations_sender_and_draft_are_sealed,
            looks_at_identities_are_listed_per_report_and_per_account_newest_first,
            a_reporter_erases_their_own_identity_and_the_report_stays,
            a_chat_reporters_erasure_clears_their_conversations_sent_and_dead_answers,
            a_second_factor_takes_each_step_and_recovery_code_once,
            a_reveal_request_waits_alone_and_is_decided_once_with_its_transition,
            the_staff_of_a_role_are_listed_enabled_only,
            reports_of_similar_words_in_the_same_place_find_each_other,
            a_verification_that_corrects_the_title_refiles_the_report,
            a_group_holds_reports_of_one_agency_each_in_one_group_and_is_audited,
            a_report_another_agency_comes_to_hold_leaves_its_group,
            the_index_is_checked_and_rebuilt_page_by_page,
            reports_count_in_each_breakdown_and_move_with_their_category,
            a_recount_equals_the_running_counts_and_the_backlog_counts_held_reports,
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

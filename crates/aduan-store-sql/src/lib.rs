//! Aduan's SQL store, written once for its SQL backends (SQLite and PostgreSQL): the row types
//! and their mapping to and from domain types, the statements, and [`SqlStore`], which
//! implements the store traits over any [`Dialect`]. Each backend names its dialect and keeps
//! its connecting, its migrations and its bulk loader.

mod attachment_row;
mod chat_rows;
mod clock_row;
mod deadline_listing;
mod delivery_rows;
mod dialect;
mod directory_rows;
mod group_rows;
mod guard_rows;
mod holiday_row;
mod import_rows;
mod limit_rows;
mod listing;
mod mail_in_rows;
mod partner_rows;
mod portal_rows;
mod queue_rows;
mod report_row;
mod rows;
mod search;
mod sms_rows;
mod staff_rows;
mod store;
mod tag_rows;
mod tally_rows;
mod triage_rows;
mod volume_rows;

pub use attachment_row::{
    ATTACHMENT_COLUMNS, AttachmentRow, BLOB_KEYS_PER_QUERY, GET_ATTACHMENT, INSERT_ATTACHMENT,
    LIST_ATTACHMENTS, SET_ATTACHMENT_PUBLIC, referenced_blob_keys_sql,
};
pub use chat_rows::{ChatConversationRow, ConversationState, SEALED_STATE, conversation_context};
pub use clock_row::{
    CLOCK_BINDS, CLOCK_COLUMNS, ClockRow, clock_rows, due_clocks_query, insert_clocks_query,
    limit_clocks_query,
};
pub use deadline_listing::{
    PUBLIC_FEED_INDEX, deadline_branches, deadline_index, deadline_query, list_reports_planned,
};
pub use delivery_rows::{
    DEAD_OUTBOX_JOB, REPORTER_DELIVERY, REVIVE_OUTBOX, SET_REPORTER_NOTIFY, list_failed_outbox,
    reporter_notify,
};
pub use dialect::{Dialect, Stmt, dynamic, indexed_by, numbered, placeholders};
pub use directory_rows::{
    AGENCY_COLUMNS, AgencyQuery, AgencyRow, CATEGORY_COLUMNS, CategoryRow, UNIT_COLUMNS, UnitRow,
    agency_query, agency_words, prefix_range, search_words,
};
pub use group_rows::{
    GROUP_COLUMNS, GROUP_MEMBERS, GROUP_OF, GroupRow, HOLDER_LOCKED, INSERT_GROUP,
    LEAVE_ON_REROUTE, LINK_MEMBER, SET_GROUP_ANSWER, SIMILARITY_OF, SimilarityRow, UNLINK_MEMBER,
    place_of,
};
pub use guard_rows::{REVEAL_COLUMNS, RevealRow, SecondFactorRow};
pub use holiday_row::{
    ALL_HOLIDAY_DATES, CALENDAR_LOADED, DELETE_HOLIDAY, HOLIDAY_COLUMNS, HolidayRow,
    INSERT_HOLIDAY, LIST_HOLIDAYS, holiday_payload, holiday_subject,
};
pub use import_rows::{GET_IMPORT_MARK, ImportMarkRow, LEGACY_CHUNK, UPSERT_IMPORT_MARK, as_i64};
pub use limit_rows::{
    LIMIT_CLEAR, LIMIT_ENSURE, LIMIT_FORGET, LIMIT_GET, LIMIT_SET, LimitRow, limit_state,
};
pub use listing::{
    export_query, list_reports_query, page_end_query, push_conditions, running_limit,
};
pub use mail_in_rows::{
    FINISH_MAIL_CLAIM, FORGET_MAIL_IN, GET_MAIL_CLAIM, INSERT_MAIL_CLAIM, MailClaimRow,
    RELEASE_MAIL_CLAIM, TAKE_OVER_MAIL_CLAIM,
};
pub use partner_rows::{
    INSERT_PARTNER_REPORT, PARTNER_COLUMNS, PARTNER_KEY_COLUMNS, PARTNER_REPORT_COLUMNS,
    PartnerKeyRow, PartnerReportRow, PartnerRow, stored_list,
};
pub use portal_rows::{
    ADD_SUPPORT, COUNT_SUPPORT, CommentRow, DELETE_USER_PREFERENCES, DELETE_USER_RESETS,
    ERASE_USER, ERASE_USER_REPORTERS, GET_COMMENT, GET_PREFERENCES, HAS_SUPPORTED, HIDE_COMMENT,
    INSERT_ACCESS_CODE, INSERT_COMMENT, INSERT_PASSWORD_RESET, INSERT_PENDING_ACCESS_CODE,
    LIST_COMMENTS, PENDING_ACCESS_CODE, PROMOTE_ACCESS_CODE, PreferencesRow, REPORTER_OF_REPORT,
    REPORTS_BY_CONTACT, REVOKE_ACCESS_CODES, REVOKE_OTHER_ACCESS_CODES,
    REVOKE_PENDING_ACCESS_CODES, REVOKE_USER_SESSIONS, SET_PASSWORD, SET_PREFERENCES, SHOW_COMMENT,
    USE_PASSWORD_RESET, USER_ERASED, author_name, contact_match,
};
pub use queue_rows::{
    BURY_EXPIRED_JOBS, BURY_MESSAGES_OF_DEAD_JOBS, COMPLETE_JOB, COUNT_JOBS, COUNT_OUTBOX,
    ERASE_OUTBOX_ADDRESSES, ERASE_REPORTER, ERASE_REPORTERS, INSERT_JOB, INSERT_OUTBOX,
    JOB_BY_DEDUP, JOB_COLUMNS, JobRow, KILL_JOB, MARK_OUTBOX_SENT, OLDEST_DUE_JOB, OUTBOX_BY_DEDUP,
    OUTBOX_COLUMNS, OutboxRow, PURGE_DONE_JOBS, RECORD_OUTBOX_FAILURE, REPORTER_HOLDS,
    REQUEUE_DEAD_JOB, REQUEUE_EXPIRED_JOBS, RETRY_JOB, SET_OUTBOX_JOB, fold_counts,
};
pub use report_row::{ReportColumns, ReportRow, STATE_COLUMNS};
pub use rows::{
    AuditRow, EventRow, ExportRow, IDENTITY_COLUMNS, IdentityLookRow, IdentityRow, PageEndRow,
    SessionRow, UserRow, corrupt, other,
};
pub use search::{
    DocSet, Recent, SearchDialect, SearchDoc, SearchSql, WindowRow, facets_of_window,
    page_of_window, score, window_query,
};
pub use sms_rows::{
    INSERT_SMS_DELIVERY, LIST_SMS_DELIVERIES, SMS_ANSWER, SMS_ANSWER_OF, SMS_CLAIM, SMS_COUNT,
    SMS_FORGET, SMS_FORGET_COUNTS, SMS_OUTBOX_EXISTS, SMS_RELEASE, SMS_TAKE_OVER, SmsDeliveryRow,
};
pub use staff_rows::{
    GET_USER, LIST_AGENCY_STAFF, LIST_FEEDBACK, LIST_ROLE_STAFF, LIST_STAFF, LIVE_SESSIONS,
    REVOKE_OTHER_SESSIONS, REVOKE_SESSION_BY_HANDLE, SET_USER_PASSWORD, UPDATE_USER_SCOPE,
    live_session,
};
pub use store::{SqlStore, db_err};
pub use tag_rows::{TAG_COLUMNS, TagRow};
pub use tally_rows::{
    OpenPastDueRow, STOPPED_LIMIT_CLOCKS, TALLY_CHUNK, TallyCountRow, basis_days, basis_text,
    open_past_due, open_past_due_index, open_past_due_query, tally_change, tally_count,
    tally_counts_query, upsert_tally_query,
};
pub use triage_rows::{
    PickCountRow, TRIAGE_EXAMPLE_COLUMNS, TRIAGE_MODEL_COLUMNS, TriageExampleRow, TriageModelRow,
};
pub use volume_rows::{BacklogSqlRow, VolumeRow};

/// The columns of `reports`, in the order [`ReportRow`] reads and [`ReportColumns`] writes them.
pub const REPORT_COLUMNS: &str = "tracking_id, reporter_id, body, incident_date, location_text, \
    region_code, lat, lon, anonymous, confidential, show_name, channel, status, completion_kind, \
    escalation_level, kind, title, category, tags, handling_class, requested_agency, agency, unit, \
    rerouted, archive_reason, duplicate_of, archive_reason_text, appeal_used, reopen_used, \
    information_requested, submitted_at, updated_at, version";

/// The columns of `events`, in the order [`EventRow`] reads them.
pub const EVENT_COLUMNS: &str = "report_id, seq, actor, role, at, action, from_status, to_status, \
    reason, body, internal, payload, prev_hash, hash";

/// The columns of `users`, in the order [`UserRow`] reads them.
pub const USER_COLUMNS: &str = "id, name, email, phone, nik, password_hash, role, agency, unit, body, disabled, created_at, key_id, sealed";

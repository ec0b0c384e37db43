//! Delivery across channels, shared by both backends: the reporter's channel choice and the
//! failed deliveries (`?` placeholders; PostgreSQL numbers them).

use crate::Stmt;

/// Stores a reporter's channel choice. Binds: notify, language, reporter id.
pub static SET_REPORTER_NOTIFY: Stmt =
    Stmt::new("UPDATE reporters SET notify = ?, notify_language = ? WHERE id = ?");
/// What delivery needs of a reporter. Binds: reporter id.
pub static REPORTER_DELIVERY: Stmt =
    Stmt::new("SELECT user_id, notify, notify_language FROM reporters WHERE id = ?");
/// The dead message to send again (its delivery job); one whose address was erased (by
/// retention or by its reporter) has nowhere to go. Binds: id.
pub static DEAD_OUTBOX_JOB: Stmt = Stmt::new(
    "SELECT job_id, template, channel FROM outbox WHERE id = ? AND state = 'dead' AND erased_at IS NULL",
);
/// Makes a dead message pending again. Binds: id.
pub static REVIVE_OUTBOX: Stmt = Stmt::new(
    "UPDATE outbox SET state = 'pending' WHERE id = ? AND state = 'dead' AND erased_at IS NULL",
);

/// The failed messages that can still be sent again, newest first: the columns of [`crate::OUTBOX_COLUMNS`].
pub fn list_failed_outbox() -> String {
    format!(
        "SELECT {} FROM outbox WHERE erased_at IS NULL AND \
         (state = 'dead' OR (state = 'pending' AND last_error IS NOT NULL)) \
         ORDER BY id DESC LIMIT ?",
        crate::OUTBOX_COLUMNS
    )
}

/// The reporter's stored choice, read back.
pub fn reporter_notify(
    notify: Option<String>,
    language: Option<String>,
) -> Option<aduan_store::ReporterNotify> {
    let via = aduan_store::NotifyVia::parse(notify.as_deref()?)?;
    let language = language
        .as_deref()
        .and_then(aduan_store::Language::parse)
        .unwrap_or(aduan_store::Language::Id);
    Some(aduan_store::ReporterNotify { via, language })
}

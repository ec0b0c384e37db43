//! The SQL of staff administration, own sessions and the agency overview's feedback, shared by
//! both backends (written with `?`; PostgreSQL numbers it with [`crate::numbered`]).

use crate::Stmt;
use aduan_store::{LiveSession, session_handle};
use chrono::{DateTime, Utc};

/// The columns of `users` as [`crate::USER_COLUMNS`], spelt out so that the queries below are
/// constants.
macro_rules! user_columns {
    () => {
        "id, name, email, phone, nik, password_hash, role, agency, unit, body, disabled, created_at, key_id, sealed"
    };
}

/// Staff accounts, national admins first, then agency admins, unit officers and supervisors
/// (the store orders each by name once opened).
macro_rules! staff_query {
    ($extra:literal) => {
        concat!(
            "SELECT ",
            user_columns!(),
            " FROM users WHERE role IN ('national_admin', 'agency_admin', 'unit_officer', \
             'supervisor') AND erased_at IS NULL",
            $extra,
            " ORDER BY CASE role WHEN 'national_admin' THEN 0 WHEN 'agency_admin' THEN 1 \
             WHEN 'unit_officer' THEN 2 ELSE 3 END, id"
        )
    };
}

/// Every staff account. No binds.
pub static LIST_STAFF: Stmt = Stmt::new(staff_query!(""));
/// The enabled accounts of one role. Binds: role.
pub static LIST_ROLE_STAFF: Stmt = Stmt::new(concat!(
    "SELECT ",
    user_columns!(),
    " FROM users WHERE role = ? AND NOT disabled AND erased_at IS NULL ORDER BY id"
));
/// The staff accounts of one agency. Binds: agency.
pub static LIST_AGENCY_STAFF: Stmt = Stmt::new(staff_query!(" AND agency = ?"));

/// One account. Binds: id.
pub static GET_USER: Stmt = Stmt::new(concat!(
    "SELECT ",
    user_columns!(),
    " FROM users WHERE id = ?"
));
/// Replaces an account's role and scope. Binds: role, agency, unit, body, id.
pub static UPDATE_USER_SCOPE: Stmt = Stmt::new(concat!(
    "UPDATE users SET role = ?, agency = ?, unit = ?, body = ? WHERE id = ? RETURNING ",
    user_columns!()
));
/// Sets an account's password. Binds: password hash, id.
pub static SET_USER_PASSWORD: Stmt = Stmt::new(concat!(
    "UPDATE users SET password_hash = ? WHERE id = ? RETURNING ",
    user_columns!()
));

/// An account's live sessions, newest first, as (token hash, created, expires). Binds: user,
/// now.
pub static LIVE_SESSIONS: Stmt = Stmt::new(
    "SELECT token_hash, created_at, expires_at FROM sessions \
    WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? \
    ORDER BY created_at DESC, token_hash",
);
/// Revokes an account's live session by handle (the first 12 characters of its hash, see
/// [`aduan_store::SESSION_HANDLE_CHARS`]). Binds: at, user, handle, at.
pub static REVOKE_SESSION_BY_HANDLE: Stmt = Stmt::new(
    "UPDATE sessions SET revoked_at = ? \
    WHERE user_id = ? AND substr(token_hash, 1, 12) = ? AND revoked_at IS NULL \
    AND expires_at > ?",
);
/// Revokes an account's live sessions but one. Binds: at, user, kept token hash, at.
pub static REVOKE_OTHER_SESSIONS: Stmt = Stmt::new(
    "UPDATE sessions SET revoked_at = ? \
    WHERE user_id = ? AND token_hash <> ? AND revoked_at IS NULL AND expires_at > ?",
);

/// Confirmations and ratings of the reports an agency holds, newest first, as
/// [`crate::EventRow`]. Binds: agency, limit. Migration 0011 indexes these events by time.
pub static LIST_FEEDBACK: Stmt = Stmt::new(
    "SELECT e.report_id, e.seq, e.actor, e.role, e.at, e.action, \
    e.from_status, e.to_status, e.reason, e.body, e.internal, e.payload, e.prev_hash, e.hash \
    FROM events e JOIN reports r ON r.tracking_id = e.report_id \
    WHERE e.action IN ('confirm', 'rate') AND r.agency = ? \
    ORDER BY e.at DESC, e.report_id DESC, e.seq DESC LIMIT ?",
);

/// A row of [`LIVE_SESSIONS`] as its owner may see it: the hash cut to its handle.
pub fn live_session(row: (String, DateTime<Utc>, DateTime<Utc>)) -> LiveSession {
    let (hash, created_at, expires_at) = row;
    LiveSession {
        handle: session_handle(&hash).to_owned(),
        created_at,
        expires_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spelt_out_user_columns_are_the_shared_ones() {
        assert_eq!(user_columns!(), crate::USER_COLUMNS);
    }

    #[test]
    fn the_handle_in_sql_is_as_long_as_the_stores_handle() {
        assert!(REVOKE_SESSION_BY_HANDLE.text().contains(&format!(
            "substr(token_hash, 1, {})",
            aduan_store::SESSION_HANDLE_CHARS
        )));
    }
}

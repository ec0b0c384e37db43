//! The portal's SQL (support votes, comments, password resets, preferences, access recovery,
//! erasure on request) and its rows. Placeholders are `?`; PostgreSQL rewrites them with
//! [`crate::numbered`].

use crate::Stmt;
use crate::rows::corrupt;
use aduan_domain::{ReporterId, TrackingId, UserId};
use aduan_store::{Comment, CommentId, ContactMatch, Language, Preferences, StoreError};
use chrono::{DateTime, Utc};

/// Records a vote unless the person already voted. Binds: report, user, at.
pub static ADD_SUPPORT: Stmt = Stmt::new(
    "INSERT INTO supports (report_id, user_id, created_at) \
    VALUES (?, ?, ?) ON CONFLICT (report_id, user_id) DO NOTHING",
);
/// How many people support a report. Binds: report.
pub static COUNT_SUPPORT: Stmt = Stmt::new("SELECT COUNT(*) FROM supports WHERE report_id = ?");
/// Whether a person supports a report. Binds: report, user.
pub static HAS_SUPPORTED: Stmt =
    Stmt::new("SELECT EXISTS (SELECT 1 FROM supports WHERE report_id = ? AND user_id = ?)");

/// Adds a comment; returns its id. Binds: report, user, body, at.
pub static INSERT_COMMENT: Stmt = Stmt::new(
    "INSERT INTO comments (report_id, user_id, body, created_at) \
    VALUES (?, ?, ?, ?) RETURNING id",
);
/// One comment, as [`CommentRow`]. Binds: id.
pub static GET_COMMENT: Stmt = Stmt::new(
    "SELECT c.id, c.report_id, c.user_id, u.name, u.key_id, u.sealed, c.body, \
    c.created_at, c.hidden_at FROM comments c JOIN users u ON u.id = c.user_id WHERE c.id = ?",
);
/// A report's comments oldest first, as [`CommentRow`]. Binds: report, include hidden.
pub static LIST_COMMENTS: Stmt = Stmt::new(
    "SELECT c.id, c.report_id, c.user_id, u.name, u.key_id, u.sealed, c.body, \
    c.created_at, c.hidden_at FROM comments c JOIN users u ON u.id = c.user_id \
    WHERE c.report_id = ? AND (? OR c.hidden_at IS NULL) ORDER BY c.created_at, c.id",
);
/// Hides a comment (keeping when it was first hidden). Binds: at, reason, id.
pub static HIDE_COMMENT: Stmt = Stmt::new(
    "UPDATE comments SET hidden_at = COALESCE(hidden_at, ?), \
    hidden_reason = ? WHERE id = ? RETURNING report_id",
);
/// Shows a hidden comment again. Binds: id.
pub static SHOW_COMMENT: Stmt = Stmt::new(
    "UPDATE comments SET hidden_at = NULL, hidden_reason = NULL WHERE id = ? RETURNING report_id",
);

/// Stores a reset token's hash. Binds: token hash, user, expires at, at.
pub static INSERT_PASSWORD_RESET: Stmt = Stmt::new(
    "INSERT INTO password_resets \
    (token_hash, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)",
);
/// Uses an unused, unexpired token of a live account; returns its account. Binds: now, token
/// hash, now.
pub static USE_PASSWORD_RESET: Stmt = Stmt::new(
    "UPDATE password_resets SET used_at = ? \
    WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? \
    AND user_id IN (SELECT id FROM users WHERE erased_at IS NULL) RETURNING user_id",
);
/// Sets an account's password. Binds: password hash, user.
pub static SET_PASSWORD: Stmt = Stmt::new("UPDATE users SET password_hash = ? WHERE id = ?");
/// Revokes every live session of an account. Binds: at, user.
pub static REVOKE_USER_SESSIONS: Stmt =
    Stmt::new("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL");

/// An account's preferences, as [`PreferencesRow`]. Binds: user.
pub static GET_PREFERENCES: Stmt =
    Stmt::new("SELECT notify_email, notify_sms, language FROM user_preferences WHERE user_id = ?");
/// Replaces an account's preferences. Binds: user, e-mail, SMS, language.
pub static SET_PREFERENCES: Stmt = Stmt::new(
    "INSERT INTO user_preferences \
    (user_id, notify_email, notify_sms, language) VALUES (?, ?, ?, ?) ON CONFLICT (user_id) \
    DO UPDATE SET notify_email = excluded.notify_email, notify_sms = excluded.notify_sms, \
    language = excluded.language",
);

/// Live reports of live identities with this e-mail or phone, newest first, found by their
/// blind index under the current and the previous key. Binds: e-mail's two, phone's two,
/// limit.
pub static REPORTS_BY_CONTACT: Stmt = Stmt::new(
    "SELECT r.tracking_id, r.reporter_id FROM reports r \
    JOIN reporters p ON p.id = r.reporter_id WHERE p.erased_at IS NULL \
    AND r.status <> 'deleted' AND (p.email_ix IN (?, ?) OR p.phone_ix IN (?, ?)) \
    ORDER BY r.submitted_at DESC, r.tracking_id DESC LIMIT ?",
);

/// The reporter of a report. Binds: report.
pub static REPORTER_OF_REPORT: Stmt =
    Stmt::new("SELECT reporter_id FROM reports WHERE tracking_id = ?");
/// Revokes a report's live access codes. Binds: at, report.
pub static REVOKE_ACCESS_CODES: Stmt =
    Stmt::new("UPDATE access_codes SET revoked_at = ? WHERE report_id = ? AND revoked_at IS NULL");
/// Revokes a report's pending access codes (sent by recovery, never used). Binds: at, report.
pub static REVOKE_PENDING_ACCESS_CODES: Stmt = Stmt::new(
    "UPDATE access_codes SET revoked_at = ? \
    WHERE report_id = ? AND revoked_at IS NULL AND pending = TRUE",
);
/// Stores a pending access code. Binds: code hash, report, reporter, at.
pub static INSERT_PENDING_ACCESS_CODE: Stmt = Stmt::new(
    "INSERT INTO access_codes \
    (code_hash, report_id, reporter_id, created_at, pending) VALUES (?, ?, ?, ?, TRUE)",
);
/// The report of a live pending access code. Binds: code hash.
pub static PENDING_ACCESS_CODE: Stmt = Stmt::new(
    "SELECT report_id FROM access_codes \
    WHERE code_hash = ? AND revoked_at IS NULL AND pending = TRUE",
);
/// Makes a live pending access code an ordinary one. Binds: code hash.
pub static PROMOTE_ACCESS_CODE: Stmt = Stmt::new(
    "UPDATE access_codes SET pending = FALSE \
    WHERE code_hash = ? AND revoked_at IS NULL AND pending = TRUE",
);
/// Revokes a report's live access codes but one. Binds: at, report, the code hash kept.
pub static REVOKE_OTHER_ACCESS_CODES: Stmt = Stmt::new(
    "UPDATE access_codes SET revoked_at = ? \
    WHERE report_id = ? AND code_hash <> ? AND revoked_at IS NULL",
);
/// Stores an access code. Binds: code hash, report, reporter, at.
pub static INSERT_ACCESS_CODE: Stmt = Stmt::new(
    "INSERT INTO access_codes \
    (code_hash, report_id, reporter_id, created_at) VALUES (?, ?, ?, ?)",
);

/// Whether an account exists and, if so, whether it is erased. Binds: user.
pub static USER_ERASED: Stmt = Stmt::new("SELECT erased_at IS NOT NULL FROM users WHERE id = ?");
/// Blanks an account's personal fields (see migration 0008 for the placeholder e-mail),
/// removes its password and disables it. Binds: at, user.
pub static ERASE_USER: Stmt = Stmt::new(
    "UPDATE users SET name = '', email = 'erased-' || id || '@invalid', \
    phone = NULL, nik = NULL, key_id = NULL, sealed = NULL, password_hash = NULL, \
    disabled = TRUE, erased_at = ? \
    WHERE id = ? AND erased_at IS NULL",
);
/// Erases the reporter identity linked to an account. Binds: at, user.
pub static ERASE_USER_REPORTERS: Stmt = Stmt::new(
    "UPDATE reporters SET name = NULL, email = NULL, phone = NULL, nik = NULL, chat = NULL, \
    key_id = NULL, sealed = NULL, email_ix = NULL, phone_ix = NULL, chat_ix = NULL, \
    erased_at = COALESCE(erased_at, ?) WHERE user_id = ?",
);
/// Forgets an account's pending reset tokens. Binds: user.
pub static DELETE_USER_RESETS: Stmt = Stmt::new("DELETE FROM password_resets WHERE user_id = ?");
/// Forgets an account's preferences. Binds: user.
pub static DELETE_USER_PREFERENCES: Stmt =
    Stmt::new("DELETE FROM user_preferences WHERE user_id = ?");

/// A comment joined with its author's account name.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct CommentRow {
    pub id: i64,
    pub report_id: String,
    pub user_id: i64,
    pub name: String,
    pub key_id: Option<String>,
    pub sealed: Option<String>,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub hidden_at: Option<DateTime<Utc>>,
}

/// The name shown for a comment's author: the first word of the account's name, or "Warga"
/// (citizen) when the name is empty or erased.
pub fn author_name(name: &str) -> String {
    name.split_whitespace().next().unwrap_or("Warga").to_owned()
}

impl CommentRow {
    /// The domain comment, its author's name opened with `keyring`.
    pub fn into_comment(self, keyring: &aduan_store::Keyring) -> Result<Comment, StoreError> {
        let name = match (&self.key_id, &self.sealed) {
            (Some(key), Some(sealed)) => keyring
                .open(&crate::rows::account_owner(self.user_id), key, sealed)
                .map_err(|e| StoreError::Other(Box::new(e)))?
                .name
                .unwrap_or_default(),
            _ => self.name,
        };
        Ok(Comment {
            id: CommentId(self.id),
            report: TrackingId::parse(&self.report_id).map_err(corrupt)?,
            user: UserId(self.user_id),
            author: author_name(&name),
            body: self.body,
            created_at: self.created_at,
            hidden_at: self.hidden_at,
        })
    }
}

/// A row of `user_preferences`.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct PreferencesRow {
    pub notify_email: bool,
    pub notify_sms: bool,
    pub language: String,
}

impl PreferencesRow {
    /// The domain preferences.
    pub fn into_preferences(self) -> Result<Preferences, StoreError> {
        Ok(Preferences {
            email: self.notify_email,
            sms: self.notify_sms,
            language: Language::parse(&self.language)
                .ok_or_else(|| corrupt(format!("preferred language `{}`", self.language)))?,
        })
    }
}

/// A `(tracking_id, reporter_id)` row of [`REPORTS_BY_CONTACT`].
pub fn contact_match((report, reporter): (String, String)) -> Result<ContactMatch, StoreError> {
    Ok(ContactMatch {
        report: TrackingId::parse(&report).map_err(corrupt)?,
        reporter: ReporterId::from_stored(reporter),
    })
}

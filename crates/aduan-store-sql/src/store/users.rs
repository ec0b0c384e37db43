//! Accounts; every change is written with its audit entry in one write transaction.

use crate::store::{db_err, sql_impl};
use crate::{REVOKE_USER_SESSIONS, Stmt, USER_COLUMNS, UserRow, other};
use aduan_domain::UserId;
use aduan_domain::report::ReporterIdentity;
use aduan_store::{Contact, Keyring, NewUser, StoreError, StoreResult, User};
use chrono::{DateTime, Utc};
use serde_json::json;

static INSERT_USER: Stmt = Stmt::new(
    "INSERT INTO users (name, email, phone, nik, password_hash, role, agency, unit, body, created_at) \
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
);
/// By the blind index of the login as an e-mail address and as a phone number, each under the
/// current and the previous key.
static SELECT_BY_LOGIN: Stmt = Stmt::built(|| {
    format!("SELECT {USER_COLUMNS} FROM users WHERE email IN (?, ?) OR phone IN (?, ?)")
});
/// An account holding either login index. Binds: e-mail's two, phone's two.
static LOGIN_TAKEN: Stmt =
    Stmt::new("SELECT id FROM users WHERE email IN (?, ?) OR phone IN (?, ?) LIMIT 1");
/// Seals an account's identity. Binds: name, e-mail index, phone index, key, sealed, id.
pub(crate) static SEAL_USER: Stmt = Stmt::built(|| {
    format!(
        "UPDATE users SET name = ?, email = ?, phone = ?, nik = NULL, key_id = ?, sealed = ? \
         WHERE id = ? AND erased_at IS NULL RETURNING {USER_COLUMNS}"
    )
});
static SELECT_BY_ID: Stmt =
    Stmt::built(|| format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?"));
static SELECT_ALL: Stmt = Stmt::built(|| format!("SELECT {USER_COLUMNS} FROM users ORDER BY id"));
static SET_DISABLED: Stmt =
    Stmt::built(|| format!("UPDATE users SET disabled = ? WHERE id = ? RETURNING {USER_COLUMNS}"));

sql_impl! {
impl SqlStore {
    /// Creates an account, with its audit entry.
    pub(crate) async fn create_user_audited(
        &self,
        u: &NewUser,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<User> {
        let ring = self.keyring();
        let who = ReporterIdentity {
            name: Some(u.name.clone()),
            email: u.email.clone(),
            phone: u.phone.clone(),
            nik: u.nik.clone(),
            chat: None,
        };
        let email = u
            .email
            .as_ref()
            .map(|e| ring.blind(Contact::Email, e).current);
        let phone = u
            .phone
            .as_ref()
            .map(|p| ring.blind(Contact::Phone, p).current);
        let mut tx = self.write_tx().await?;
        // The login's index under the previous key too: the column's uniqueness sees only one
        // key, and during a rotation an account may still hold the other.
        let mut taken = sqlx::query_as::<_, (i64,)>(LOGIN_TAKEN.sql::<D>());
        for (contact, value) in [(Contact::Email, &u.email), (Contact::Phone, &u.phone)] {
            let ix = value.as_ref().map(|v| ring.blind(contact, v));
            taken = taken
                .bind(ix.as_ref().map(|i| i.current.clone()))
                .bind(ix.map(|i| i.previous));
        }
        if taken
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?
            .is_some()
        {
            return Err(StoreError::Conflict {
                constraint: "users.email or users.phone".into(),
            });
        }
        // Written first with the blind indexes only (the seal is bound to the new id).
        let (id,): (i64,) = sqlx::query_as(INSERT_USER.sql::<D>())
            .bind("")
            .bind(&email)
            .bind(&phone)
            .bind(None::<String>)
            .bind(&u.password_hash)
            .bind(u.role.as_str())
            .bind(u.agency.as_ref().map(|a| a.as_str()))
            .bind(u.unit.as_ref().map(|a| a.as_str()))
            .bind(u.body.map(|b| b.as_str()))
            .bind(D::ts(at))
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        let row = Self::seal_user_in(&mut tx, ring, id, &who)
            .await?
            .ok_or(StoreError::NotFound)?;
        let user = row.into_user(ring)?;
        let payload = json!({ "role": user.role, "agency": user.agency, "unit": user.unit, "body": user.body });
        Self::append_audit_in(
            &mut tx,
            actor,
            at,
            "user.create",
            &format!("user:{}", user.id),
            payload,
        )
        .await?;
        tx.commit().await.map_err(other)?;
        Ok(user)
    }

    /// Seals the identity `who` of the account `id` with `ring`'s current key inside `tx`,
    /// leaving the blind indexes of its e-mail and phone in their columns; `None` when the
    /// account was erased meanwhile.
    pub(crate) async fn seal_user_in(
        tx: &mut sqlx::Transaction<'static, D::DB>,
        ring: &Keyring,
        id: i64,
        who: &ReporterIdentity,
    ) -> StoreResult<Option<UserRow>> {
        let sealed = ring
            .seal(&crate::rows::account_owner(id), who)
            .ok_or_else(|| StoreError::Corrupt(format!("account {id} has no identity")))?;
        sqlx::query_as(SEAL_USER.sql::<D>())
            .bind("")
            .bind(&sealed.email_ix)
            .bind(&sealed.phone_ix)
            .bind(&sealed.key_id)
            .bind(&sealed.sealed)
            .bind(id)
            .fetch_optional(&mut **tx)
            .await
            .map_err(db_err)
    }

    /// The account whose e-mail address or phone number is `login`.
    pub(crate) async fn find_user_by_login_in(&self, login: &str) -> StoreResult<Option<User>> {
        let ring = self.keyring();
        let email = ring.blind(Contact::Email, login);
        let phone = ring.blind(Contact::Phone, login);
        let row: Option<UserRow> = sqlx::query_as(SELECT_BY_LOGIN.sql::<D>())
            .bind(&email.current)
            .bind(&email.previous)
            .bind(&phone.current)
            .bind(&phone.previous)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(|r| r.into_user(self.keyring())).transpose()
    }

    /// The account `id`.
    pub(crate) async fn get_user_in(&self, id: UserId) -> StoreResult<Option<User>> {
        let row: Option<UserRow> = sqlx::query_as(SELECT_BY_ID.sql::<D>())
            .bind(id.0)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(|r| r.into_user(self.keyring())).transpose()
    }

    /// Every account by id.
    pub(crate) async fn list_users_in(&self) -> StoreResult<Vec<User>> {
        let rows: Vec<UserRow> = sqlx::query_as(SELECT_ALL.sql::<D>())
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        self.open_users(rows)
    }

    /// Accounts as read, their sealed identities opened.
    pub(crate) fn open_users(&self, rows: Vec<UserRow>) -> StoreResult<Vec<User>> {
        rows.into_iter()
            .map(|r| r.into_user(self.keyring()))
            .collect()
    }

    /// Disables or enables an account, with its audit entry.
    pub(crate) async fn set_user_disabled_audited(
        &self,
        id: UserId,
        disabled: bool,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<User> {
        let mut tx = self.write_tx().await?;
        let row: Option<UserRow> = sqlx::query_as(SET_DISABLED.sql::<D>())
            .bind(disabled)
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let user = row.ok_or(StoreError::NotFound)?.into_user(self.keyring())?;
        // A disabled account's sessions end now, so that enabling it again revives none of them.
        let mut revoked = 0;
        if disabled {
            let done = sqlx::query(REVOKE_USER_SESSIONS.sql::<D>())
                .bind(D::ts(at))
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
            revoked = D::rows_affected(&done);
        }
        let (action, payload) = if disabled {
            ("user.disable", json!({ "sessions_revoked": revoked }))
        } else {
            ("user.enable", json!({}))
        };
        Self::append_audit_in(&mut tx, actor, at, action, &format!("user:{id}"), payload).await?;
        tx.commit().await.map_err(other)?;
        Ok(user)
    }
}
}

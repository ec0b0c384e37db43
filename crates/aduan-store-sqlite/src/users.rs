//! Accounts on SQLite; every change is written with its audit entry in one transaction.

use crate::{Sql, SqliteStore, db_err, ts};
use aduan_domain::UserId;
use aduan_store::{NewUser, StoreError, StoreResult, User};
use aduan_store_sql::{REVOKE_USER_SESSIONS, USER_COLUMNS, UserRow, other};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::SqlitePool;
use std::sync::LazyLock;

static INSERT_USER: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO users (name, email, phone, nik, password_hash, role, agency, unit, body, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {USER_COLUMNS}"
    )
});
static SELECT_BY_LOGIN: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {USER_COLUMNS} FROM users WHERE email = lower(?) OR phone = ?")
});
static SELECT_BY_ID: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?"));
static SELECT_ALL: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {USER_COLUMNS} FROM users ORDER BY id"));
static SET_DISABLED: LazyLock<String> = LazyLock::new(|| {
    format!("UPDATE users SET disabled = ? WHERE id = ? RETURNING {USER_COLUMNS}")
});

pub(crate) async fn create_user(
    store: &SqliteStore,
    u: &NewUser,
    actor: &str,
    at: DateTime<Utc>,
) -> StoreResult<User> {
    let mut tx = store.write_tx().await?;
    let row: UserRow = sqlx::query_as(INSERT_USER.as_str())
        .bind(&u.name)
        .bind(&u.email)
        .bind(&u.phone)
        .bind(&u.nik)
        .bind(&u.password_hash)
        .bind(u.role.as_str())
        .bind(u.agency.as_ref().map(|a| a.as_str()))
        .bind(u.unit.as_ref().map(|a| a.as_str()))
        .bind(u.body.map(|b| b.as_str()))
        .bind(ts(at))
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
    let user = row.into_user()?;
    let payload =
        json!({ "role": user.role, "agency": user.agency, "unit": user.unit, "body": user.body });
    Sql::append_audit_in(
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

pub(crate) async fn find_by_login(pool: &SqlitePool, login: &str) -> StoreResult<Option<User>> {
    let row: Option<UserRow> = sqlx::query_as(SELECT_BY_LOGIN.as_str())
        .bind(login)
        .bind(login)
        .fetch_optional(pool)
        .await
        .map_err(db_err)?;
    row.map(UserRow::into_user).transpose()
}

pub(crate) async fn get(pool: &SqlitePool, id: UserId) -> StoreResult<Option<User>> {
    let row: Option<UserRow> = sqlx::query_as(SELECT_BY_ID.as_str())
        .bind(id.0)
        .fetch_optional(pool)
        .await
        .map_err(db_err)?;
    row.map(UserRow::into_user).transpose()
}

pub(crate) async fn list(pool: &SqlitePool) -> StoreResult<Vec<User>> {
    let rows: Vec<UserRow> = sqlx::query_as(SELECT_ALL.as_str())
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    rows.into_iter().map(UserRow::into_user).collect()
}

pub(crate) async fn set_disabled(
    store: &SqliteStore,
    id: UserId,
    disabled: bool,
    actor: &str,
    at: DateTime<Utc>,
) -> StoreResult<User> {
    let mut tx = store.write_tx().await?;
    let row: Option<UserRow> = sqlx::query_as(SET_DISABLED.as_str())
        .bind(disabled)
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
    let user = row.ok_or(StoreError::NotFound)?.into_user()?;
    // A disabled account's sessions end now, so that enabling it again revives none of them.
    let mut revoked = 0;
    if disabled {
        revoked = sqlx::query(REVOKE_USER_SESSIONS)
            .bind(ts(at))
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?
            .rows_affected();
    }
    let (action, payload) = if disabled {
        ("user.disable", json!({ "sessions_revoked": revoked }))
    } else {
        ("user.enable", json!({}))
    };
    Sql::append_audit_in(&mut tx, actor, at, action, &format!("user:{id}"), payload).await?;
    tx.commit().await.map_err(other)?;
    Ok(user)
}

//! Staff administration, own sessions and the overview's feedback; every change is
//! written with its audit entry in one transaction.

use crate::store::{db_err, sql_impl};
use crate::{
    EventRow, GET_USER, LIST_AGENCY_STAFF, LIST_FEEDBACK, LIST_ROLE_STAFF, LIST_STAFF,
    LIVE_SESSIONS, REVOKE_OTHER_SESSIONS, REVOKE_SESSION_BY_HANDLE, REVOKE_USER_SESSIONS,
    SET_USER_PASSWORD, Stmt, UPDATE_USER_SCOPE, UserRow, live_session, other,
};
use aduan_domain::event::Event;
use aduan_domain::{AgencyId, Role, UserId};
use aduan_store::{
    AUDIT_SESSION_REVOKE, AUDIT_USER_PASSWORD, AUDIT_USER_SCOPE, LiveSession, StaffScope,
    StaffStore, StoreError, StoreResult, User,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::json;

/// The account, locked until the transaction ends.
static LOCK_USER: Stmt = Stmt::built_locking(|| GET_USER.text());

sql_impl! {
#[async_trait]
impl StaffStore for SqlStore {
    async fn list_staff(&self, agency: Option<&AgencyId>) -> StoreResult<Vec<User>> {
        let rows: Vec<UserRow> = match agency {
            Some(a) => sqlx::query_as(LIST_AGENCY_STAFF.sql::<D>()).bind(a.as_str()),
            None => sqlx::query_as(LIST_STAFF.sql::<D>()),
        }
        .fetch_all(self.pool())
        .await
        .map_err(db_err)?;
        let mut staff = rows
            .into_iter()
            .map(|r| r.into_user(self.keyring()))
            .collect::<StoreResult<Vec<User>>>()?;
        // The statement ranks the roles; names are sealed, so they are ordered here.
        staff.sort_by(|a, b| {
            let rank = |u: &User| match u.role {
                Role::NationalAdmin => 0,
                Role::AgencyAdmin => 1,
                Role::UnitOfficer => 2,
                _ => 3,
            };
            (rank(a), &a.name, a.id.0).cmp(&(rank(b), &b.name, b.id.0))
        });
        Ok(staff)
    }

    async fn list_staff_of_role(&self, role: Role) -> StoreResult<Vec<User>> {
        let rows: Vec<UserRow> = sqlx::query_as(LIST_ROLE_STAFF.sql::<D>())
            .bind(role.as_str())
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        self.open_users(rows)
    }

    async fn update_user_scope(
        &self,
        id: UserId,
        scope: &StaffScope,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<User> {
        let mut tx = self.write_tx().await?;
        let before: Option<UserRow> = sqlx::query_as(LOCK_USER.sql::<D>())
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let before = StaffScope::of(
            &before
                .ok_or(StoreError::NotFound)?
                .into_user(self.keyring())?,
        );
        let row: UserRow = sqlx::query_as(UPDATE_USER_SCOPE.sql::<D>())
            .bind(scope.role.as_str())
            .bind(scope.agency.as_ref().map(|a| a.as_str()))
            .bind(scope.unit.as_ref().map(|u| u.as_str()))
            .bind(scope.body.map(|b| b.as_str()))
            .bind(id.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        let user = row.into_user(self.keyring())?;
        let payload = json!({ "from": before.to_json(), "to": scope.to_json() });
        let subject = format!("user:{id}");
        Self::append_audit_in(&mut tx, actor, at, AUDIT_USER_SCOPE, &subject, payload).await?;
        tx.commit().await.map_err(other)?;
        Ok(user)
    }

    async fn set_user_password(
        &self,
        id: UserId,
        password_hash: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<User> {
        let mut tx = self.write_tx().await?;
        let row: Option<UserRow> = sqlx::query_as(SET_USER_PASSWORD.sql::<D>())
            .bind(password_hash)
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let user = row.ok_or(StoreError::NotFound)?.into_user(self.keyring())?;
        let revoked = sqlx::query(REVOKE_USER_SESSIONS.sql::<D>())
            .bind(D::ts(at))
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let revoked = D::rows_affected(&revoked);
        let payload = json!({ "sessions_revoked": revoked });
        let subject = format!("user:{id}");
        Self::append_audit_in(&mut tx, actor, at, AUDIT_USER_PASSWORD, &subject, payload).await?;
        tx.commit().await.map_err(other)?;
        Ok(user)
    }

    async fn list_live_sessions(
        &self,
        user: UserId,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<LiveSession>> {
        let rows: Vec<(String, DateTime<Utc>, DateTime<Utc>)> =
            sqlx::query_as(LIVE_SESSIONS.sql::<D>())
                .bind(user.0)
                .bind(D::ts(now))
                .fetch_all(self.pool())
                .await
                .map_err(db_err)?;
        Ok(rows.into_iter().map(live_session).collect())
    }

    async fn revoke_session_by_handle(
        &self,
        user: UserId,
        handle: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut tx = self.write_tx().await?;
        let revoked = sqlx::query(REVOKE_SESSION_BY_HANDLE.sql::<D>())
            .bind(D::ts(at))
            .bind(user.0)
            .bind(handle)
            .bind(D::ts(at))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let revoked = D::rows_affected(&revoked);
        if revoked == 0 {
            return Ok(false);
        }
        let payload = json!({ "sessions_revoked": revoked });
        let (actor, subject) = (user.to_string(), format!("user:{user}"));
        Self::append_audit_in(&mut tx, &actor, at, AUDIT_SESSION_REVOKE, &subject, payload).await?;
        tx.commit().await.map_err(other)?;
        Ok(true)
    }

    async fn revoke_other_sessions(
        &self,
        user: UserId,
        keep_token_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<u64> {
        let mut tx = self.write_tx().await?;
        let revoked = sqlx::query(REVOKE_OTHER_SESSIONS.sql::<D>())
            .bind(D::ts(at))
            .bind(user.0)
            .bind(keep_token_hash)
            .bind(D::ts(at))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let revoked = D::rows_affected(&revoked);
        if revoked == 0 {
            return Ok(0);
        }
        let payload = json!({ "sessions_revoked": revoked });
        let (actor, subject) = (user.to_string(), format!("user:{user}"));
        Self::append_audit_in(&mut tx, &actor, at, AUDIT_SESSION_REVOKE, &subject, payload).await?;
        tx.commit().await.map_err(other)?;
        Ok(revoked)
    }

    async fn list_feedback(&self, agency: &AgencyId, limit: u32) -> StoreResult<Vec<Event>> {
        let rows: Vec<EventRow> = sqlx::query_as(LIST_FEEDBACK.sql::<D>())
            .bind(agency.as_str())
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(EventRow::into_event).collect()
    }
}
}

//! The groups of reports answered once; every change to a group is audited in its
//! transaction, and a report another agency comes to hold leaves its group with that write.

use crate::store::{db_err, sql_impl};
use crate::{
    GROUP_COLUMNS, GROUP_MEMBERS, GROUP_OF, GroupRow, HOLDER_LOCKED, INSERT_GROUP,
    LEAVE_ON_REROUTE, LINK_MEMBER, SET_GROUP_ANSWER, UNLINK_MEMBER, corrupt, other,
};
use aduan_domain::report::Report;
use aduan_domain::{AgencyId, TrackingId};
use aduan_store::{
    AUDIT_GROUP_ANSWER, AUDIT_GROUP_CREATE, AUDIT_GROUP_LINK, AUDIT_GROUP_UNLINK, Group,
    GroupActor, GroupStore, StoreError, StoreResult,
};
use async_trait::async_trait;
use serde_json::json;
use sqlx::{QueryBuilder, Transaction};

fn conflict(constraint: &str) -> StoreError {
    StoreError::Conflict {
        constraint: constraint.into(),
    }
}

sql_impl! {
impl SqlStore {
    /// Takes a report out of its group when an agency other than the group's now holds it.
    pub(crate) async fn leave_group_on_reroute_in(
        tx: &mut Transaction<'static, D::DB>,
        report: &Report,
    ) -> StoreResult<()> {
        let holder = report.state.agency.as_ref().map_or("", |a| a.as_str());
        sqlx::query(LEAVE_ON_REROUTE.sql::<D>())
            .bind(report.tracking_id.as_str())
            .bind(holder)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    /// Adds one member in `tx`, audited; `Conflict` when it is in a group or not the agency's.
    async fn link_in(
        tx: &mut Transaction<'static, D::DB>,
        group: &str,
        report: &TrackingId,
        actor: GroupActor<'_>,
    ) -> StoreResult<()> {
        // The holder, its row locked first: a reroute waits for this link, and then takes the
        // report out of the group again in its own transaction.
        let holder: Option<(Option<String>,)> = sqlx::query_as(HOLDER_LOCKED.sql::<D>())
            .bind(report.as_str())
            .fetch_optional(&mut **tx)
            .await
            .map_err(db_err)?;
        if holder.is_none() {
            return Err(StoreError::NotFound);
        }
        let done = sqlx::query(LINK_MEMBER.sql::<D>())
            .bind(actor.by)
            .bind(D::ts(actor.at))
            .bind(report.as_str())
            .bind(group)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        if D::rows_affected(&done) == 0 {
            return Err(conflict("report_group_members"));
        }
        let subject = format!("group:{group}");
        let payload = json!({ "report": report.as_str() });
        Self::append_audit_in(tx, actor.by, actor.at, AUDIT_GROUP_LINK, &subject, payload).await?;
        Ok(())
    }
}
}

sql_impl! {
#[async_trait]
impl GroupStore for SqlStore {
    async fn create_group(
        &self,
        id: &str,
        agency: &AgencyId,
        title: &str,
        members: &[TrackingId],
        actor: GroupActor<'_>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(INSERT_GROUP.sql::<D>())
            .bind(id)
            .bind(agency.as_str())
            .bind(title)
            .bind(actor.by)
            .bind(D::ts(actor.at))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let subject = format!("group:{id}");
        let payload = json!({ "agency": agency.as_str(), "title": title });
        Self::append_audit_in(
            &mut tx,
            actor.by,
            actor.at,
            AUDIT_GROUP_CREATE,
            &subject,
            payload,
        )
        .await?;
        for report in members {
            Self::link_in(&mut tx, id, report, actor).await?;
        }
        tx.commit().await.map_err(other)?;
        Ok(())
    }

    async fn get_group(&self, id: &str) -> StoreResult<Option<Group>> {
        let sql = crate::dynamic::<D>(format!(
            "SELECT {GROUP_COLUMNS} FROM report_groups WHERE id = ?"
        ));
        let row: Option<GroupRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let members = self.members_of(id).await?;
        Ok(Some(row.into_group(members)))
    }

    async fn group_of(&self, report: &TrackingId) -> StoreResult<Option<String>> {
        let row: Option<(String,)> = sqlx::query_as(GROUP_OF.sql::<D>())
            .bind(report.as_str())
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        Ok(row.map(|(g,)| g))
    }

    async fn list_groups(&self, agency: Option<&AgencyId>, limit: u32) -> StoreResult<Vec<Group>> {
        let mut q =
            QueryBuilder::<D::DB>::new(format!("SELECT {GROUP_COLUMNS} FROM report_groups"));
        if let Some(a) = agency {
            q.push(" WHERE agency = ").push_bind(a.to_string());
        }
        q.push(" ORDER BY created_at DESC, id LIMIT ")
            .push_bind(i64::from(limit));
        let rows: Vec<GroupRow> = q
            .build_query_as()
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let members = self.members_of(&row.id).await?;
            out.push(row.into_group(members));
        }
        Ok(out)
    }

    async fn link_report(
        &self,
        group: &str,
        report: &TrackingId,
        actor: GroupActor<'_>,
    ) -> StoreResult<()> {
        if self.get_group(group).await?.is_none() {
            return Err(StoreError::NotFound);
        }
        let mut tx = self.write_tx().await?;
        Self::link_in(&mut tx, group, report, actor).await?;
        tx.commit().await.map_err(other)?;
        Ok(())
    }

    async fn unlink_report(
        &self,
        group: &str,
        report: &TrackingId,
        actor: GroupActor<'_>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(UNLINK_MEMBER.sql::<D>())
            .bind(group)
            .bind(report.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        if D::rows_affected(&done) == 0 {
            return Err(StoreError::NotFound);
        }
        let subject = format!("group:{group}");
        let payload = json!({ "report": report.as_str() });
        Self::append_audit_in(
            &mut tx,
            actor.by,
            actor.at,
            AUDIT_GROUP_UNLINK,
            &subject,
            payload,
        )
        .await?;
        tx.commit().await.map_err(other)?;
        Ok(())
    }

    async fn set_group_answer(
        &self,
        group: &str,
        answer: &str,
        outcome: serde_json::Value,
        actor: GroupActor<'_>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(SET_GROUP_ANSWER.sql::<D>())
            .bind(answer)
            .bind(actor.by)
            .bind(D::ts(actor.at))
            .bind(group)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        if D::rows_affected(&done) == 0 {
            return Err(StoreError::NotFound);
        }
        let subject = format!("group:{group}");
        Self::append_audit_in(
            &mut tx,
            actor.by,
            actor.at,
            AUDIT_GROUP_ANSWER,
            &subject,
            outcome,
        )
        .await?;
        tx.commit().await.map_err(other)?;
        Ok(())
    }
}
}

sql_impl! {
impl SqlStore {
    /// A group's members, by tracking id.
    async fn members_of(&self, group: &str) -> StoreResult<Vec<TrackingId>> {
        let rows: Vec<(String,)> = sqlx::query_as(GROUP_MEMBERS.sql::<D>())
            .bind(group)
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter()
            .map(|(id,)| TrackingId::parse(&id).map_err(corrupt))
            .collect()
    }
}
}

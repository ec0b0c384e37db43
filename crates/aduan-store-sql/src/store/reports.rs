//! Reports, reporter identities and event chains. A transition is guarded by the report's
//! row version, so of two concurrent writers of one report the second gets a conflict.

use crate::Stmt;
use crate::store::{db_err, sql_impl};
use crate::{
    EVENT_COLUMNS, EventRow, REPORT_COLUMNS, ReportColumns, ReportRow, STATE_COLUMNS, SearchDoc,
    other,
};
use aduan_domain::event::{Event, GENESIS_HASH};
use aduan_domain::lifecycle::{ActionKind, EventDraft};
use aduan_domain::report::{Report, ReportState};
use aduan_domain::volume::{self, Counted};
use aduan_domain::{AgencyId, TrackingId};
use aduan_store::{
    Commit, Effects, EventActor, ReportHead, StoreError, StoreResult, StoredReport, SubmitExtras,
    queue_deadline,
};
use chrono::{DateTime, Utc};
use sqlx::{FromRow, Transaction};

static INSERT_REPORT: Stmt = Stmt::built(|| {
    let state = vec!["?"; STATE_COLUMNS.len()].join(", ");
    format!(
        "INSERT INTO reports ({REPORT_COLUMNS}, event_count, head_hash, next_due) VALUES \
         (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {state}, ?, ?, 1, 1, ?, ?)"
    )
});
static INSERT_EVENT: Stmt = Stmt::built(|| {
    format!(
        "INSERT INTO events ({EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
});
static SELECT_REPORT: Stmt =
    Stmt::built(|| format!("SELECT {REPORT_COLUMNS} FROM reports WHERE tracking_id = ?"));
static SELECT_REPORT_LOCKED: Stmt =
    Stmt::built_locking(|| format!("SELECT {REPORT_COLUMNS} FROM reports WHERE tracking_id = ?"));
static UPDATE_STATE: Stmt = Stmt::built(|| {
    let sets: Vec<String> = STATE_COLUMNS.iter().map(|c| format!("{c} = ?")).collect();
    format!(
        "UPDATE reports SET {}, confidential = ?, updated_at = ?, version = version + 1, event_count = event_count + 1 \
         WHERE tracking_id = ? AND version = ? RETURNING event_count, head_hash",
        sets.join(", ")
    )
});
static SELECT_EVENTS: Stmt = Stmt::built(|| {
    format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE report_id >= ? AND report_id <= ? ORDER BY report_id, seq"
    )
});

static REPORT_VERSION: Stmt = Stmt::new("SELECT version FROM reports WHERE tracking_id = ?");
static SET_HEAD_HASH: Stmt = Stmt::new("UPDATE reports SET head_hash = ? WHERE tracking_id = ?");
/// The chain's new head and, with the clocks replaced, the report's next deadline.
static SET_HEAD_AND_DUE: Stmt =
    Stmt::new("UPDATE reports SET head_hash = ?, next_due = ? WHERE tracking_id = ?");
static SELECT_HEADS: Stmt = Stmt::new(
    "SELECT tracking_id, event_count, head_hash FROM reports WHERE tracking_id > ? \
     ORDER BY tracking_id LIMIT ?",
);

sql_impl! {
impl SqlStore {
    /// Writes `change` in one write transaction (see [`aduan_store::Store::commit`]): a new
    /// report's reporter, row, first event and extras, through the group commit of
    /// `store/intake.rs`; or a transition's row, event, clocks, outbox messages and the
    /// chain's new head.
    pub(crate) async fn commit_in(&self, change: Commit<'_>) -> StoreResult<Event> {
        let transition = match change {
            Commit::Submit {
                report,
                identity,
                event,
                actor,
                extras,
            } => {
                let submission = super::intake::Submission {
                    report: report.clone(),
                    identity: identity
                        .and_then(|who| self.keyring().seal(report.reporter.as_str(), who)),
                    event,
                    actor: actor.clone(),
                    extras: extras.clone(),
                    outbox: self.seal_outbox(&extras.outbox),
                };
                return self.submit_grouped(submission).await;
            }
            transition @ Commit::Transition { .. } => transition,
        };
        let mut tx = self.write_tx().await?;
        let event = self.transition_in(&mut tx, transition).await?;
        tx.commit().await.map_err(other)?;
        Ok(event)
    }

    /// Writes a transition inside `tx`, a write transaction: the report's row, its event,
    /// clocks, outbox messages and the chain's new head. A submission is refused.
    pub(crate) async fn transition_in(
        &self,
        tx: &mut Transaction<'static, D::DB>,
        change: Commit<'_>,
    ) -> StoreResult<Event> {
        let Commit::Transition {
            id,
            expected_version,
            state,
            event,
            actor,
            at,
            effects,
        } = change
        else {
            return Err(StoreError::Other("a submission is not a transition".into()));
        };
        // The report as it stood, for the counts it moves between.
        let before: Option<ReportRow> = sqlx::query_as(SELECT_REPORT_LOCKED.sql::<D>())
            .bind(id.as_str())
            .fetch_optional(&mut **tx)
            .await
            .map_err(db_err)?;
        let before = before.map(ReportRow::into_report).transpose()?;
        let (seq, prev) = Self::update_state_in(tx, id, expected_version, state, at).await?;
        let event = Event::seal(*id, seq, actor.id.clone(), actor.role, at, event, &prev);
        Self::insert_event(tx, &event).await?;
        if let Some(before) = before {
            let after = Report {
                state: state.clone(),
                updated_at: at,
                version: before.version + 1,
                ..before.clone()
            };
            let agency = after.state.agency.as_ref().map(AgencyId::as_str);
            let counts = volume::change(
                Counted::of(&before).as_ref(),
                Counted::of(&after).as_ref(),
                &event,
                agency,
            );
            Self::add_volumes_in(tx, &counts).await?;
            if super::search::touches_text(&event) {
                Self::reindex_in(tx, &after).await?;
            }
            // A verification may correct the title, which the similarity index reads.
            if event.action == ActionKind::VerifyDispatch {
                Self::file_similar_in(tx, &[&after], false).await?;
            }
            if after.state.agency != before.state.agency {
                Self::leave_group_on_reroute_in(tx, &after).await?;
            }
        }
        let mut next_due = None;
        if let Some(Effects {
            clocks,
            calendar,
            outbox,
            picks,
        }) = effects
        {
            Self::insert_picks_in(tx, id, event.seq, picks, at).await?;
            Self::replace_clocks_in(tx, id, clocks, Some(calendar)).await?;
            next_due = Some(queue_deadline(clocks));
            if !outbox.is_empty() {
                Self::insert_outbox_in(tx, &self.seal_outbox(outbox), at).await?;
            }
        }
        let head = match next_due {
            None => sqlx::query(SET_HEAD_HASH.sql::<D>()).bind(&event.hash),
            Some(due) => sqlx::query(SET_HEAD_AND_DUE.sql::<D>())
                .bind(&event.hash)
                .bind(D::ts(due)),
        };
        head.bind(id.as_str())
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        Ok(event)
    }

    /// Inserts a new report's reporter and row inside `tx`; its first event, sealed.
    pub(crate) async fn insert_new_in(
        tx: &mut Transaction<'static, D::DB>,
        report: &StoredReport,
        identity: Option<&aduan_store::SealedIdentity>,
        first_event: EventDraft,
        actor: &EventActor,
        extras: &SubmitExtras,
    ) -> StoreResult<Event> {
        let event = Event::seal(
            report.tracking_id,
            1,
            actor.id.clone(),
            actor.role,
            report.submitted_at,
            first_event,
            GENESIS_HASH,
        );
        Self::insert_reporter_in(
            tx,
            &report.reporter,
            extras.user.map(|u| u.0),
            identity,
            D::ts(report.submitted_at),
        )
        .await?;

        let loc = report.location.as_ref();
        let q = sqlx::query(INSERT_REPORT.sql::<D>())
            .bind(report.tracking_id.as_str())
            .bind(report.reporter.as_str())
            .bind(&report.body)
            .bind(report.incident_date.map(|d| d.to_string()))
            .bind(loc.map(|l| l.text.clone()))
            .bind(loc.and_then(|l| l.region_code.clone()))
            .bind(loc.and_then(|l| l.lat))
            .bind(loc.and_then(|l| l.lon))
            .bind(report.anonymous)
            .bind(report.state.confidential)
            .bind(report.show_name)
            .bind(report.channel.as_string());
        ReportColumns::of(&report.state)
            .bind(q)
            .bind(D::ts(report.submitted_at))
            .bind(D::ts(report.submitted_at))
            .bind(&event.hash)
            .bind(D::ts(queue_deadline(&extras.clocks)))
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        D::write_search_docs(tx, &[SearchDoc::of(report, &[])]).await?;
        Self::file_similar_in(tx, &[report], true).await?;
        let agency = report.state.agency.as_ref().map(AgencyId::as_str);
        let counts = volume::change(None, Counted::of(report).as_ref(), &event, agency);
        Self::add_volumes_in(tx, &counts).await?;
        Ok(event)
    }

    pub(crate) async fn insert_event(
        tx: &mut Transaction<'static, D::DB>,
        e: &Event,
    ) -> StoreResult<()> {
        sqlx::query(INSERT_EVENT.sql::<D>())
            .bind(e.report.as_str())
            .bind(e.seq)
            .bind(&e.actor)
            .bind(e.role.as_str())
            .bind(D::ts(e.at))
            .bind(e.action.as_str())
            .bind(e.from.map(|s| s.as_str()))
            .bind(e.to.as_str())
            .bind(&e.reason)
            .bind(&e.body)
            .bind(e.internal)
            .bind(e.payload.to_string())
            .bind(&e.prev_hash)
            .bind(&e.hash)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    /// The report `id`.
    pub(crate) async fn fetch_report(&self, id: &TrackingId) -> StoreResult<Option<StoredReport>> {
        let row: Option<ReportRow> = sqlx::query_as(SELECT_REPORT.sql::<D>())
            .bind(id.as_str())
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        row.map(ReportRow::into_report).transpose()
    }

    /// Writes a transition's new state of report `id`, if it is still at `expected_version`,
    /// inside `tx`; the next event's sequence number and the chain's head hash before it.
    async fn update_state_in(
        tx: &mut Transaction<'static, D::DB>,
        id: &TrackingId,
        expected_version: i64,
        state: &ReportState,
        at: DateTime<Utc>,
    ) -> StoreResult<(i64, String)> {
        let q = ReportColumns::of(state).bind(sqlx::query(UPDATE_STATE.sql::<D>()));
        let row = q
            .bind(state.confidential)
            .bind(D::ts(at))
            .bind(id.as_str())
            .bind(expected_version)
            .fetch_optional(&mut **tx)
            .await
            .map_err(db_err)?;
        let Some(row) = row else {
            let exists: Option<(i64,)> = sqlx::query_as(REPORT_VERSION.sql::<D>())
                .bind(id.as_str())
                .fetch_optional(&mut **tx)
                .await
                .map_err(db_err)?;
            return Err(match exists {
                Some(_) => StoreError::Conflict {
                    constraint: "reports.version".into(),
                },
                None => StoreError::NotFound,
            });
        };
        <(i64, String)>::from_row(&row).map_err(other)
    }

    /// The events of the reports from `first` to `last`, by report and sequence.
    pub(crate) async fn fetch_events_between(
        &self,
        first: &TrackingId,
        last: &TrackingId,
    ) -> StoreResult<Vec<Event>> {
        let rows: Vec<EventRow> = sqlx::query_as(SELECT_EVENTS.sql::<D>())
            .bind(first.as_str())
            .bind(last.as_str())
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter().map(EventRow::into_event).collect()
    }

    /// Each report's event count and head hash, by tracking id, after `after`.
    pub(crate) async fn fetch_report_heads(
        &self,
        after: Option<&TrackingId>,
        limit: u32,
    ) -> StoreResult<Vec<ReportHead>> {
        let rows: Vec<(String, i64, String)> = sqlx::query_as(SELECT_HEADS.sql::<D>())
            .bind(after.map(|a| a.as_str()).unwrap_or(""))
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        rows.into_iter()
            .map(|(t, event_count, head_hash)| {
                Ok(ReportHead {
                    tracking_id: TrackingId::parse(&t).map_err(crate::corrupt)?,
                    event_count,
                    head_hash,
                })
            })
            .collect()
    }
}
}

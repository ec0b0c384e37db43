//! Reports, reporter identities and event chains on PostgreSQL.

use crate::{PgStore, db_err};
use aduan_domain::event::{Event, GENESIS_HASH};
use aduan_domain::lifecycle::EventDraft;
use aduan_domain::report::{ReportState, ReporterIdentity};
use aduan_domain::{ReporterId, TrackingId};
use aduan_store::{EventActor, ReportHead, StoreError, StoreResult, StoredReport, SubmitExtras};
use aduan_store_sql::{
    EVENT_COLUMNS, EventRow, IdentityRow, REPORT_COLUMNS, ReportColumns, ReportRow, STATE_COLUMNS,
    numbered, other,
};
use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, Row, Transaction};
use std::sync::LazyLock;

static INSERT_REPORT: LazyLock<String> = LazyLock::new(|| {
    let state = vec!["?"; STATE_COLUMNS.len()].join(", ");
    numbered(&format!(
        "INSERT INTO reports ({REPORT_COLUMNS}, event_count, head_hash) VALUES \
         (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {state}, ?, ?, 1, 1, ?)"
    ))
});
static INSERT_EVENT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO events ({EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    )
});
static SELECT_REPORT: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {REPORT_COLUMNS} FROM reports WHERE tracking_id = $1"));
static UPDATE_STATE: LazyLock<String> = LazyLock::new(|| {
    let sets: Vec<String> = STATE_COLUMNS.iter().map(|c| format!("{c} = ?")).collect();
    numbered(&format!(
        "UPDATE reports SET {}, confidential = ?, updated_at = ?, version = version + 1, event_count = event_count + 1 \
         WHERE tracking_id = ? AND version = ? RETURNING event_count, head_hash",
        sets.join(", ")
    ))
});
static SELECT_EVENTS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE report_id >= $1 AND report_id <= $2 ORDER BY report_id, seq"
    )
});

pub(crate) async fn submit_report(
    store: &PgStore,
    report: &StoredReport,
    identity: Option<&ReporterIdentity>,
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
    let mut tx = store.write_tx().await?;
    let empty = ReporterIdentity::default();
    let who = identity.unwrap_or(&empty);
    sqlx::query(
        "INSERT INTO reporters (id, user_id, name, email, phone, nik, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(report.reporter.as_str())
    .bind(extras.user.map(|u| u.0))
    .bind(&who.name)
    .bind(&who.email)
    .bind(&who.phone)
    .bind(&who.nik)
    .bind(report.submitted_at)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;

    let loc = report.location.as_ref();
    let q = sqlx::query(INSERT_REPORT.as_str())
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
        .bind(report.submitted_at)
        .bind(report.submitted_at)
        .bind(&event.hash)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    insert_event(&mut tx, &event).await?;
    crate::access::insert_extras(&mut tx, report, extras).await?;
    tx.commit().await.map_err(other)?;
    Ok(event)
}

async fn insert_event(tx: &mut Transaction<'static, Postgres>, e: &Event) -> StoreResult<()> {
    sqlx::query(INSERT_EVENT.as_str())
        .bind(e.report.as_str())
        .bind(e.seq)
        .bind(&e.actor)
        .bind(e.role.as_str())
        .bind(e.at)
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

pub(crate) async fn get_report(
    pool: &PgPool,
    id: &TrackingId,
) -> StoreResult<Option<StoredReport>> {
    let row: Option<ReportRow> = sqlx::query_as(SELECT_REPORT.as_str())
        .bind(id.as_str())
        .fetch_optional(pool)
        .await
        .map_err(db_err)?;
    row.map(ReportRow::into_report).transpose()
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn apply_transition(
    store: &PgStore,
    id: &TrackingId,
    expected_version: i64,
    state: &ReportState,
    draft: EventDraft,
    actor: &EventActor,
    at: DateTime<Utc>,
    effects: Option<(
        &[aduan_domain::sla::Clock],
        &[aduan_store::NewOutboxMessage],
    )>,
) -> StoreResult<Event> {
    let mut tx = store.write_tx().await?;
    let q = ReportColumns::of(state).bind(sqlx::query(UPDATE_STATE.as_str()));
    let row = q
        .bind(state.confidential)
        .bind(at)
        .bind(id.as_str())
        .bind(expected_version)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
    let Some(row) = row else {
        let exists: Option<(i64,)> =
            sqlx::query_as("SELECT version FROM reports WHERE tracking_id = $1")
                .bind(id.as_str())
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
        return Err(match exists {
            Some(_) => StoreError::Conflict {
                constraint: "reports.version".into(),
            },
            None => StoreError::NotFound,
        });
    };
    let seq: i64 = row.try_get(0).map_err(other)?;
    let prev: String = row.try_get(1).map_err(other)?;
    let event = Event::seal(*id, seq, actor.id.clone(), actor.role, at, draft, &prev);
    insert_event(&mut tx, &event).await?;
    if let Some((clocks, outbox)) = effects {
        crate::clocks::replace_tx(&mut tx, id, clocks).await?;
        if !outbox.is_empty() {
            crate::Sql::insert_outbox_in(&mut tx, outbox, at).await?;
        }
    }
    sqlx::query("UPDATE reports SET head_hash = $1 WHERE tracking_id = $2")
        .bind(&event.hash)
        .bind(id.as_str())
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    tx.commit().await.map_err(other)?;
    Ok(event)
}

pub(crate) async fn list_events_between(
    pool: &PgPool,
    first: &TrackingId,
    last: &TrackingId,
) -> StoreResult<Vec<Event>> {
    let rows: Vec<EventRow> = sqlx::query_as(SELECT_EVENTS.as_str())
        .bind(first.as_str())
        .bind(last.as_str())
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    rows.into_iter().map(EventRow::into_event).collect()
}

pub(crate) async fn get_identity(
    pool: &PgPool,
    id: &ReporterId,
) -> StoreResult<Option<ReporterIdentity>> {
    let row: Option<IdentityRow> = sqlx::query_as(
        "SELECT name, email, phone, nik FROM reporters WHERE id = $1 AND erased_at IS NULL",
    )
    .bind(id.as_str())
    .fetch_optional(pool)
    .await
    .map_err(db_err)?;
    Ok(row.map(ReporterIdentity::from))
}

pub(crate) async fn list_report_heads(
    pool: &PgPool,
    after: Option<&TrackingId>,
    limit: u32,
) -> StoreResult<Vec<ReportHead>> {
    let rows: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT tracking_id, event_count, head_hash FROM reports WHERE tracking_id > $1 \
         ORDER BY tracking_id LIMIT $2",
    )
    .bind(after.map(|a| a.as_str()).unwrap_or(""))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.into_iter()
        .map(|(t, event_count, head_hash)| {
            Ok(ReportHead {
                tracking_id: TrackingId::parse(&t).map_err(aduan_store_sql::corrupt)?,
                event_count,
                head_hash,
            })
        })
        .collect()
}

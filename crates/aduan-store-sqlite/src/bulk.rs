//! Bulk loading of whole histories on SQLite: multi-row INSERTs inside one write transaction,
//! each statement kept under SQLite's limit of 32,766 bound variables.

use crate::{SqliteDialect, SqliteStore};
use aduan_domain::event::Event;
use aduan_store::{BulkCounts, History, StoreResult, StoredReport, queue_deadline, seal_histories};
use aduan_store_sql::{Dialect, db_err};
use aduan_store_sql::{REPORT_COLUMNS, ReportColumns};
use sqlx::{QueryBuilder, Sqlite, Transaction};
use std::collections::BTreeSet;

/// SQLite's default `SQLITE_MAX_VARIABLE_NUMBER`.
const MAX_VARIABLES: usize = 32_766;
/// Bound values per row of each table. Only statements of full chunks are kept prepared: the
/// last chunk of each batch has a size of its own, and caching each of those would hold
/// hundreds of megabytes of prepared statements in a long run.
const REPORTER_BINDS: usize = 7;
const REPORT_BINDS: usize = 36;
const EVENT_BINDS: usize = 14;

pub(crate) async fn insert_histories_in(
    tx: &mut Transaction<'static, Sqlite>,
    keyring: &aduan_store::Keyring,
    histories: &[History],
    cal: &aduan_domain::workdays::WorkCalendar,
) -> StoreResult<BulkCounts> {
    let sealed = seal_histories(histories)?;
    insert_reporters(tx, keyring, histories).await?;
    // Each report's next deadline, kept on its row (migration 0021).
    let reports: Vec<(&(StoredReport, Vec<Event>), String)> = sealed
        .iter()
        .zip(histories)
        .map(|(r, h)| (r, SqliteDialect::ts(queue_deadline(&h.clocks))))
        .collect();
    for chunk in reports.chunks(MAX_VARIABLES / REPORT_BINDS) {
        insert_reports(tx, chunk).await?;
    }
    let events: Vec<&Event> = sealed.iter().flat_map(|(_, e)| e.iter()).collect();
    for chunk in events.chunks(MAX_VARIABLES / EVENT_BINDS) {
        insert_events(tx, chunk).await?;
    }
    let clocks = aduan_store_sql::clock_rows(histories);
    for chunk in clocks.chunks(MAX_VARIABLES / aduan_store_sql::CLOCK_BINDS) {
        let mut q =
            aduan_store_sql::insert_clocks_query::<Sqlite, String>(chunk, SqliteDialect::ts);
        q.build().execute(&mut **tx).await.map_err(db_err)?;
    }
    // Each report's search entry, in the same transaction (issue 19).
    let docs: Vec<aduan_store_sql::SearchDoc> = sealed
        .iter()
        .map(|(r, events)| aduan_store_sql::SearchDoc::of(r, events))
        .collect();
    SqliteDialect::write_search_docs(tx, &docs).await?;
    let reports: Vec<&StoredReport> = sealed.iter().map(|(r, _)| r).collect();
    SqliteStore::file_similar_in(tx, &reports, true).await?;
    SqliteStore::add_histories_volumes_in(tx, histories, &sealed).await?;
    SqliteStore::add_histories_tally_in(tx, histories, cal).await?;
    Ok(BulkCounts {
        reports: sealed.len() as u64,
        events: events.len() as u64,
    })
}

async fn insert_reporters(
    tx: &mut Transaction<'static, Sqlite>,
    keyring: &aduan_store::Keyring,
    histories: &[History],
) -> StoreResult<()> {
    let mut seen = BTreeSet::new();
    let unique: Vec<&History> = histories
        .iter()
        .filter(|h| seen.insert(h.report.reporter.as_str()))
        .collect();
    for chunk in unique.chunks(MAX_VARIABLES / REPORTER_BINDS) {
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO reporters (id, key_id, sealed, email_ix, phone_ix, chat_ix, created_at) ",
        );
        q.push_values(chunk, |mut row, h| {
            let id = h.report.reporter.as_str();
            let who = h.identity.as_ref().and_then(|who| keyring.seal(id, who));
            let who = who.as_ref();
            row.push_bind(id.to_owned())
                .push_bind(who.map(|s| s.key_id.clone()))
                .push_bind(who.map(|s| s.sealed.clone()))
                .push_bind(who.and_then(|s| s.email_ix.clone()))
                .push_bind(who.and_then(|s| s.phone_ix.clone()))
                .push_bind(who.and_then(|s| s.chat_ix.clone()))
                .push_bind(SqliteDialect::ts(h.report.submitted_at));
        });
        q.push(" ON CONFLICT (id) DO NOTHING");
        let full = chunk.len() == MAX_VARIABLES / REPORTER_BINDS;
        q.build()
            .persistent(full)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
    }
    Ok(())
}

async fn insert_reports(
    tx: &mut Transaction<'static, Sqlite>,
    chunk: &[(&(StoredReport, Vec<Event>), String)],
) -> StoreResult<()> {
    let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(format!(
        "INSERT INTO reports ({REPORT_COLUMNS}, event_count, head_hash, next_due) "
    ));
    q.push_values(chunk, |mut row, ((r, events), next_due)| {
        let loc = r.location.as_ref();
        let c = ReportColumns::of(&r.state);
        row.push_bind(r.tracking_id.as_str().to_owned())
            .push_bind(r.reporter.as_str().to_owned())
            .push_bind(r.body.clone())
            .push_bind(r.incident_date.map(|d| d.to_string()))
            .push_bind(loc.map(|l| l.text.clone()))
            .push_bind(loc.and_then(|l| l.region_code.clone()))
            .push_bind(loc.and_then(|l| l.lat))
            .push_bind(loc.and_then(|l| l.lon))
            .push_bind(r.anonymous)
            .push_bind(r.state.confidential)
            .push_bind(r.show_name)
            .push_bind(r.channel.as_string())
            .push_bind(c.status)
            .push_bind(c.completion_kind)
            .push_bind(c.escalation_level)
            .push_bind(c.kind)
            .push_bind(c.title)
            .push_bind(c.category)
            .push_bind(c.tags)
            .push_bind(c.handling_class)
            .push_bind(c.requested_agency)
            .push_bind(c.agency)
            .push_bind(c.unit)
            .push_bind(c.rerouted)
            .push_bind(c.archive_reason)
            .push_bind(c.duplicate_of)
            .push_bind(c.archive_reason_text)
            .push_bind(c.appeal_used)
            .push_bind(c.reopen_used)
            .push_bind(c.information_requested)
            .push_bind(SqliteDialect::ts(r.submitted_at))
            .push_bind(SqliteDialect::ts(r.updated_at))
            .push_bind(r.version)
            .push_bind(events.len() as i64)
            .push_bind(events.last().map(|e| e.hash.clone()).unwrap_or_default())
            .push_bind(next_due.clone());
    });
    let full = chunk.len() == MAX_VARIABLES / REPORT_BINDS;
    q.build()
        .persistent(full)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(())
}

async fn insert_events(tx: &mut Transaction<'static, Sqlite>, chunk: &[&Event]) -> StoreResult<()> {
    let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(format!(
        "INSERT INTO events ({}) ",
        aduan_store_sql::EVENT_COLUMNS
    ));
    q.push_values(chunk, |mut row, e| {
        row.push_bind(e.report.as_str().to_owned())
            .push_bind(e.seq)
            .push_bind(e.actor.clone())
            .push_bind(e.role.as_str())
            .push_bind(SqliteDialect::ts(e.at))
            .push_bind(e.action.as_str())
            .push_bind(e.from.map(|s| s.as_str()))
            .push_bind(e.to.as_str())
            .push_bind(e.reason.clone())
            .push_bind(e.body.clone())
            .push_bind(e.internal)
            .push_bind(e.payload.to_string())
            .push_bind(e.prev_hash.clone())
            .push_bind(e.hash.clone());
    });
    let full = chunk.len() == MAX_VARIABLES / EVENT_BINDS;
    q.build()
        .persistent(full)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(())
}

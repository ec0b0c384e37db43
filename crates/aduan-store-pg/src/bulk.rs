//! Bulk loading of whole histories on PostgreSQL: each table gets one `INSERT ... SELECT FROM
//! UNNEST(...)` per chunk, binding one array per column (a handful of parameters however many
//! rows, far below the 65,535-parameter limit), all inside one transaction.

use crate::{PgDialect, PgStore};
use aduan_domain::event::Event;
use aduan_store::{BulkCounts, History, StoreResult, StoredReport, queue_deadline, seal_histories};
use aduan_store_sql::{Dialect, db_err};
use aduan_store_sql::{REPORT_COLUMNS, ReportColumns};
use chrono::{DateTime, Utc};
use sqlx::{Postgres, Transaction};
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// Rows per statement: large enough to amortise a round trip, small enough to keep each
/// statement's arrays modest.
const CHUNK: usize = 20_000;

static INSERT_REPORTERS: &str = "INSERT INTO reporters (id, key_id, sealed, email_ix, phone_ix, chat_ix, created_at) \
    SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) \
    ON CONFLICT (id) DO NOTHING";

static INSERT_REPORTS: LazyLock<String> = LazyLock::new(|| {
    let types = [
        "text",
        "text",
        "text",
        "text",
        "text",
        "text",
        "float8",
        "float8",
        "bool",
        "bool",
        "bool",
        "text", // channel
        "text",
        "text",
        "text",
        "text",
        "text",
        "text",
        "text",
        "text",
        "text",
        "text",
        "text",
        "bool",
        "text",
        "text",
        "text",
        "bool",
        "bool",
        "bool", // state
        "timestamptz",
        "timestamptz",
        "int8",
        "int8",
        "text",
        "timestamptz", // next_due
    ];
    let arrays: Vec<String> = types
        .iter()
        .enumerate()
        .map(|(i, t)| format!("${}::{t}[]", i + 1))
        .collect();
    format!(
        "INSERT INTO reports ({REPORT_COLUMNS}, event_count, head_hash, next_due) \
         SELECT * FROM UNNEST({})",
        arrays.join(", ")
    )
});

static INSERT_EVENTS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO events ({}) SELECT * FROM UNNEST($1::text[], $2::int8[], $3::text[], \
         $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::text[], \
         $10::text[], $11::bool[], $12::text[], $13::text[], $14::text[])",
        aduan_store_sql::EVENT_COLUMNS
    )
});

pub(crate) async fn insert_histories_in(
    tx: &mut Transaction<'static, Postgres>,
    keyring: &aduan_store::Keyring,
    histories: &[History],
    cal: &aduan_domain::workdays::WorkCalendar,
) -> StoreResult<BulkCounts> {
    let sealed = seal_histories(histories)?;
    let mut seen = BTreeSet::new();
    let unique: Vec<&History> = histories
        .iter()
        .filter(|h| seen.insert(h.report.reporter.as_str()))
        .collect();
    for chunk in unique.chunks(CHUNK) {
        insert_reporters(tx, keyring, chunk).await?;
    }
    let dues: Vec<DateTime<Utc>> = histories
        .iter()
        .map(|h| queue_deadline(&h.clocks))
        .collect();
    for (chunk, dues) in sealed.chunks(CHUNK).zip(dues.chunks(CHUNK)) {
        insert_reports(tx, chunk, dues).await?;
    }
    let events: Vec<&Event> = sealed.iter().flat_map(|(_, e)| e.iter()).collect();
    for chunk in events.chunks(CHUNK) {
        insert_events(tx, chunk).await?;
    }
    let clocks = aduan_store_sql::clock_rows(histories);
    for chunk in clocks.chunks(65_535 / aduan_store_sql::CLOCK_BINDS) {
        let mut q = aduan_store_sql::insert_clocks_query::<Postgres, chrono::DateTime<chrono::Utc>>(
            chunk,
            |t| t,
        );
        q.build().execute(&mut **tx).await.map_err(db_err)?;
    }
    // Each report's search entry, in the same transaction (issue 19).
    let docs: Vec<aduan_store_sql::SearchDoc> = sealed
        .iter()
        .map(|(r, events)| aduan_store_sql::SearchDoc::of(r, events))
        .collect();
    PgDialect::write_search_docs(tx, &docs).await?;
    let reports: Vec<&StoredReport> = sealed.iter().map(|(r, _)| r).collect();
    PgStore::file_similar_in(tx, &reports, true).await?;
    PgStore::add_histories_volumes_in(tx, histories, &sealed).await?;
    PgStore::add_histories_tally_in(tx, histories, cal).await?;
    Ok(BulkCounts {
        reports: sealed.len() as u64,
        events: events.len() as u64,
    })
}

async fn insert_reporters(
    tx: &mut Transaction<'static, Postgres>,
    keyring: &aduan_store::Keyring,
    chunk: &[&History],
) -> StoreResult<()> {
    let n = chunk.len();
    let (mut id, mut key, mut sealed, mut email, mut phone, mut chat, mut at) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for h in chunk {
        let reporter = h.report.reporter.as_str();
        let who = h
            .identity
            .as_ref()
            .and_then(|who| keyring.seal(reporter, who));
        id.push(reporter.to_owned());
        key.push(who.as_ref().map(|s| s.key_id.clone()));
        sealed.push(who.as_ref().map(|s| s.sealed.clone()));
        email.push(who.as_ref().and_then(|s| s.email_ix.clone()));
        phone.push(who.as_ref().and_then(|s| s.phone_ix.clone()));
        chat.push(who.and_then(|s| s.chat_ix));
        at.push(h.report.submitted_at);
    }
    sqlx::query(INSERT_REPORTERS)
        .bind(id)
        .bind(key)
        .bind(sealed)
        .bind(email)
        .bind(phone)
        .bind(chat)
        .bind(at)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// The columns of a chunk of reports, one vector per column in `REPORT_COLUMNS` order.
#[derive(Default)]
struct ReportArrays {
    text: [Vec<Option<String>>; 6],
    coords: [Vec<Option<f64>>; 2],
    flags: [Vec<bool>; 3],
    channel: Vec<String>,
    state_text: [Vec<Option<String>>; 11],
    state_flags_a: Vec<bool>,
    state_text_b: [Vec<Option<String>>; 3],
    state_flags_b: [Vec<bool>; 3],
    times: [Vec<DateTime<Utc>>; 2],
    numbers: [Vec<i64>; 2],
    head: Vec<String>,
}

impl ReportArrays {
    fn push(&mut self, r: &StoredReport, events: &[Event]) {
        let loc = r.location.as_ref();
        let texts = [
            Some(r.tracking_id.as_str().to_owned()),
            Some(r.reporter.as_str().to_owned()),
            Some(r.body.clone()),
            r.incident_date.map(|d| d.to_string()),
            loc.map(|l| l.text.clone()),
            loc.and_then(|l| l.region_code.clone()),
        ];
        for (v, x) in self.text.iter_mut().zip(texts) {
            v.push(x);
        }
        self.coords[0].push(loc.and_then(|l| l.lat));
        self.coords[1].push(loc.and_then(|l| l.lon));
        for (v, x) in self
            .flags
            .iter_mut()
            .zip([r.anonymous, r.state.confidential, r.show_name])
        {
            v.push(x);
        }
        self.channel.push(r.channel.as_string());
        let c = ReportColumns::of(&r.state);
        let state_text = [
            Some(c.status),
            c.completion_kind,
            Some(c.escalation_level),
            Some(c.kind),
            c.title,
            c.category,
            Some(c.tags),
            c.handling_class,
            c.requested_agency,
            c.agency,
            c.unit,
        ];
        for (v, x) in self.state_text.iter_mut().zip(state_text) {
            v.push(x);
        }
        self.state_flags_a.push(c.rerouted);
        for (v, x) in self.state_text_b.iter_mut().zip([
            c.archive_reason,
            c.duplicate_of,
            c.archive_reason_text,
        ]) {
            v.push(x);
        }
        for (v, x) in self.state_flags_b.iter_mut().zip([
            c.appeal_used,
            c.reopen_used,
            c.information_requested,
        ]) {
            v.push(x);
        }
        self.times[0].push(r.submitted_at);
        self.times[1].push(r.updated_at);
        self.numbers[0].push(r.version);
        self.numbers[1].push(events.len() as i64);
        self.head
            .push(events.last().map(|e| e.hash.clone()).unwrap_or_default());
    }
}

async fn insert_reports(
    tx: &mut Transaction<'static, Postgres>,
    chunk: &[(StoredReport, Vec<Event>)],
    dues: &[DateTime<Utc>],
) -> StoreResult<()> {
    let mut a = ReportArrays::default();
    for (r, events) in chunk {
        a.push(r, events);
    }
    let mut q = sqlx::query(INSERT_REPORTS.as_str());
    for v in a.text {
        q = q.bind(v);
    }
    for v in a.coords {
        q = q.bind(v);
    }
    for v in a.flags {
        q = q.bind(v);
    }
    q = q.bind(a.channel);
    for v in a.state_text {
        q = q.bind(v);
    }
    q = q.bind(a.state_flags_a);
    for v in a.state_text_b {
        q = q.bind(v);
    }
    for v in a.state_flags_b {
        q = q.bind(v);
    }
    for v in a.times {
        q = q.bind(v);
    }
    for v in a.numbers {
        q = q.bind(v);
    }
    q.bind(a.head)
        .bind(dues)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(())
}

async fn insert_events(
    tx: &mut Transaction<'static, Postgres>,
    chunk: &[&Event],
) -> StoreResult<()> {
    let n = chunk.len();
    let mut text: [Vec<String>; 8] = Default::default();
    let mut opt: [Vec<Option<String>>; 3] = Default::default();
    let (mut seq, mut at, mut internal) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for e in chunk {
        seq.push(e.seq);
        at.push(e.at);
        internal.push(e.internal);
        let t = [
            e.report.as_str().to_owned(),
            e.actor.clone(),
            e.role.as_str().to_owned(),
            e.action.as_str().to_owned(),
            e.to.as_str().to_owned(),
            e.payload.to_string(),
            e.prev_hash.clone(),
            e.hash.clone(),
        ];
        for (v, x) in text.iter_mut().zip(t) {
            v.push(x);
        }
        for (v, x) in opt.iter_mut().zip([
            e.from.map(|s| s.as_str().to_owned()),
            e.reason.clone(),
            e.body.clone(),
        ]) {
            v.push(x);
        }
    }
    let [report, actor, role, action, to, payload, prev, hash] = text;
    let [from, reason, body] = opt;
    sqlx::query(INSERT_EVENTS.as_str())
        .bind(report)
        .bind(seq)
        .bind(actor)
        .bind(role)
        .bind(at)
        .bind(action)
        .bind(from)
        .bind(to)
        .bind(reason)
        .bind(body)
        .bind(internal)
        .bind(payload)
        .bind(prev)
        .bind(hash)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(())
}

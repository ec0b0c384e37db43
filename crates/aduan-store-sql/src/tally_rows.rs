//! The `sla_tally` rows (the figures' running counts, `aduan_domain::sla::tally`) and the
//! live count of open clocks past their deadline.

use crate::listing::running_limit;
use crate::rows::{corrupt, parse};
use aduan_domain::sla::Phase;
use aduan_domain::sla::tally::{Grain, Outcome, TallyKey, spans};
use aduan_domain::status::CompletionKind;
use aduan_store::{OpenPastDue, StoreError, TallyCount, TallyFilter};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Database, Encode, QueryBuilder, Type};

/// Records the calendar the running counts stand on (the basis column's JSON).
pub(crate) static SET_TALLY_BASIS: crate::Stmt = crate::Stmt::new(
    "INSERT INTO sla_tally_basis (id, calendar) VALUES (1, ?) \
     ON CONFLICT (id) DO UPDATE SET calendar = excluded.calendar",
);

/// Rows of one multi-row upsert: nine binds each, well under every backend's limit.
pub const TALLY_CHUNK: usize = 1000;

/// The stopped limit clocks a rebuild reads, a page at a time after (report, seq).
pub const STOPPED_LIMIT_CLOCKS: &str = "stopped_at IS NOT NULL \
     AND phase IN ('verification', 'first_follow_up', 'completion')";

/// Adds `change` to the running counts: one multi-row upsert (at most [`TALLY_CHUNK`] rows,
/// each key once).
pub fn upsert_tally_query<DB>(change: &[(TallyKey, i64)]) -> QueryBuilder<DB>
where
    DB: Database,
    <DB as Database>::Arguments: Default,
    String: for<'t> Encode<'t, DB> + Type<DB>,
    i64: for<'t> Encode<'t, DB> + Type<DB>,
{
    let mut q = QueryBuilder::new(
        "INSERT INTO sla_tally (grain, period, responsible, unit, phase, outcome, completion, \
         days, n) ",
    );
    q.push_values(change, |mut b, (k, n)| {
        b.push_bind(k.grain.as_str().to_owned())
            .push_bind(k.period.clone())
            .push_bind(k.responsible.clone())
            .push_bind(k.unit.clone())
            .push_bind(k.phase.as_str().to_owned())
            .push_bind(k.outcome.as_str().to_owned())
            .push_bind(k.completion.map(|c| c.as_str()).unwrap_or("").to_owned())
            .push_bind(k.days.unwrap_or(-1))
            .push_bind(*n);
    });
    q.push(
        " ON CONFLICT (grain, unit, period, responsible, phase, outcome, completion, days) \
         DO UPDATE SET n = sla_tally.n + excluded.n",
    );
    q
}

/// What a batch of new reports adds to the running counts, counted on `cal`.
pub fn tally_change(
    histories: &[aduan_store::History],
    cal: &aduan_domain::workdays::WorkCalendar,
) -> Vec<(TallyKey, i64)> {
    let mut sum = std::collections::BTreeMap::new();
    for h in histories {
        for (k, n) in aduan_domain::sla::tally::delta(&[], &h.clocks, cal) {
            *sum.entry(k).or_insert(0) += n;
        }
    }
    sum.into_iter().collect()
}

/// The counts matching `filter`, summed per party, phase and place; `None` when the period is
/// empty.
pub fn tally_counts_query<DB>(filter: &TallyFilter) -> Option<QueryBuilder<DB>>
where
    DB: Database,
    <DB as Database>::Arguments: Default,
    String: for<'t> Encode<'t, DB> + Type<DB>,
{
    let spans = spans(filter.from, filter.until);
    if spans.is_empty() {
        return None;
    }
    // All time is one stored row per place: read as it is, nothing to sum.
    if let [only] = spans.as_slice()
        && only.grain == Grain::All
    {
        let mut q = QueryBuilder::new(
            "SELECT responsible, phase, outcome, completion, days, n FROM sla_tally \
             WHERE grain = 'all' AND period = '' AND n <> 0 AND unit = ",
        );
        q.push_bind(
            filter
                .unit
                .as_ref()
                .map(|u| u.to_string())
                .unwrap_or_default(),
        );
        if let Some(r) = &filter.responsible {
            q.push(" AND responsible = ").push_bind(r.clone());
        }
        return Some(q);
    }
    let mut q = QueryBuilder::new(
        "SELECT responsible, phase, outcome, completion, days, CAST(SUM(n) AS BIGINT) \
         FROM sla_tally WHERE unit = ",
    );
    q.push_bind(
        filter
            .unit
            .as_ref()
            .map(|u| u.to_string())
            .unwrap_or_default(),
    );
    if let Some(r) = &filter.responsible {
        q.push(" AND responsible = ").push_bind(r.clone());
    }
    q.push(" AND (");
    for (i, s) in spans.iter().enumerate() {
        if i > 0 {
            q.push(" OR ");
        }
        q.push("(grain = ").push_bind(s.grain.as_str().to_owned());
        q.push(" AND period >= ").push_bind(s.lo.clone());
        q.push(" AND period < ").push_bind(s.hi.clone()).push(")");
    }
    q.push(") GROUP BY responsible, phase, outcome, completion, days HAVING SUM(n) <> 0");
    Some(q)
}

/// Midnight WIB of a day.
fn wib_midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_time(chrono::NaiveTime::MIN).and_utc() - chrono::Duration::hours(7)
}

/// Open limit clocks matching `filter`: `past` those past their deadline at `now` (the
/// running-limit index), otherwise those breached before a pause whose deadline, if any, is
/// still ahead (the missed-before-pause index); the two never overlap. `hint` names the index
/// to read where the dialect needs it told ([`crate::indexed_by`] of [`open_past_due_index`]).
pub fn open_past_due_query<DB, T>(
    hint: &str,
    filter: &TallyFilter,
    now: DateTime<Utc>,
    past: bool,
    ts: impl Fn(DateTime<Utc>) -> T,
) -> QueryBuilder<DB>
where
    DB: Database,
    <DB as Database>::Arguments: Default,
    T: for<'t> Encode<'t, DB> + Type<DB>,
    String: for<'t> Encode<'t, DB> + Type<DB>,
{
    let mut q = QueryBuilder::new(format!(
        "SELECT c.responsible, c.phase, c.completion, COUNT(*) FROM clocks c {hint} WHERE "
    ));
    if past {
        q.push(running_limit("c"))
            .push(" AND c.due_at < ")
            .push_bind(ts(now));
    } else {
        q.push(
            "c.stopped_at IS NULL AND c.missed_due IS NOT NULL \
             AND c.phase IN ('verification', 'first_follow_up', 'completion') \
             AND (c.due_at IS NULL OR c.due_at >= ",
        )
        .push_bind(ts(now))
        .push(")");
    }
    if let Some(r) = &filter.responsible {
        q.push(" AND c.responsible = ").push_bind(r.clone());
    }
    if let Some(u) = &filter.unit {
        q.push(" AND c.unit = ").push_bind(u.to_string());
    }
    if let Some(from) = filter.from {
        q.push(" AND c.started_at >= ")
            .push_bind(ts(wib_midnight(from)));
    }
    if let Some(until) = filter.until {
        q.push(" AND c.started_at < ")
            .push_bind(ts(wib_midnight(until)));
    }
    q.push(" GROUP BY c.responsible, c.phase, c.completion");
    q
}

/// The partial index [`open_past_due_query`] reads: the running limits' covering index for
/// those `past` their deadline, the open clocks breached before a pause otherwise.
pub fn open_past_due_index(past: bool) -> &'static str {
    if past {
        "clocks_running_limit_counts_idx"
    } else {
        "clocks_open_missed_idx"
    }
}

fn completion(text: &str) -> Result<Option<CompletionKind>, StoreError> {
    if text.is_empty() {
        return Ok(None);
    }
    parse(text, CompletionKind::parse, "completion").map(Some)
}

/// A row of [`tally_counts_query`].
pub type TallyCountRow = (String, String, String, String, i64, i64);

/// A [`TallyCountRow`] as a count.
pub fn tally_count(row: TallyCountRow) -> Result<TallyCount, StoreError> {
    let (responsible, phase, outcome, kind, days, n) = row;
    Ok(TallyCount {
        responsible,
        phase: parse(&phase, Phase::parse, "phase")?,
        outcome: parse(&outcome, Outcome::parse, "outcome")?,
        completion: completion(&kind)?,
        days: (days >= 0).then_some(days),
        n,
    })
}

/// A row of [`open_past_due_query`].
pub type OpenPastDueRow = (String, String, Option<String>, i64);

/// An [`OpenPastDueRow`] as a count.
pub fn open_past_due(row: OpenPastDueRow) -> Result<OpenPastDue, StoreError> {
    let (responsible, phase, kind, n) = row;
    Ok(OpenPastDue {
        responsible,
        phase: parse(&phase, Phase::parse, "phase")?,
        completion: completion(kind.as_deref().unwrap_or(""))?,
        n,
    })
}

/// The basis column: the non-working days as a JSON list of dates.
pub fn basis_text(days: impl Iterator<Item = NaiveDate>) -> String {
    serde_json::to_string(&days.collect::<Vec<_>>()).unwrap_or_else(|_| "[]".into())
}

/// The days of a basis column.
pub fn basis_days(text: &str) -> Result<Vec<NaiveDate>, StoreError> {
    serde_json::from_str(text).map_err(|e| corrupt(format!("sla_tally_basis.calendar: {e}")))
}

//! Full-text search, written once for both backends: each report's search document (its text
//! as `aduan-text` lexemes), and the search and facet queries over the backend's index, whose
//! differences a [`crate::Dialect`] names in a [`SearchSql`].

use crate::listing::push_conditions;
use aduan_domain::event::Event;
use aduan_domain::lifecycle::ActionKind;
use aduan_domain::report::Report;
use aduan_store::{ListScope, NotesAccess, ReportFilter, SearchAfter, SearchOrder, TextQuery};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use sqlx::{Database, Encode, QueryBuilder, Type};

/// A report's text as lexemes (each part the lexemes joined by spaces), ready to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    /// The report.
    pub report_id: String,
    /// Its title.
    pub title: String,
    /// Its body.
    pub body: String,
    /// The text of the events anyone who sees the report reads (follow-ups, replies).
    pub follow: String,
    /// The place in the reporter's words.
    pub place: String,
    /// The internal notes.
    pub notes: String,
    /// A fingerprint of all of the above and the analyser's version.
    pub hash: String,
}

impl SearchDoc {
    /// The document of `report` with its `events` (any order; other reports' are ignored).
    pub fn of(report: &Report, events: &[Event]) -> Self {
        let words = |text: &str| aduan_text::lexemes(text).join(" ");
        let mine = || {
            events
                .iter()
                .filter(|e| e.report == report.tracking_id && e.action != ActionKind::Submit)
        };
        let texts = |internal: bool| {
            let mut parts: Vec<(i64, String)> = mine()
                .filter(|e| e.internal == internal)
                .filter_map(|e| Some((e.seq, words(e.body.as_deref()?))))
                .filter(|(_, w)| !w.is_empty())
                .collect();
            parts.sort_by_key(|(seq, _)| *seq);
            parts
                .into_iter()
                .map(|(_, w)| w)
                .collect::<Vec<_>>()
                .join(" ")
        };
        let title = words(report.state.title.as_deref().unwrap_or_default());
        let body = words(&report.body);
        let place = words(report.location.as_ref().map_or("", |l| l.text.as_str()));
        let (follow, notes) = (texts(false), texts(true));
        let hash = fingerprint(&[&title, &body, &follow, &place, &notes]);
        Self {
            report_id: report.tracking_id.to_string(),
            title,
            body,
            follow,
            place,
            notes,
            hash,
        }
    }

    /// The documents of each report in `reports`, from `events` (all of theirs).
    pub fn of_all(reports: &[Report], events: &[Event]) -> Vec<Self> {
        let mut by_report: std::collections::HashMap<_, Vec<Event>> =
            std::collections::HashMap::new();
        for e in events {
            by_report.entry(e.report).or_default().push(e.clone());
        }
        reports
            .iter()
            .map(|r| {
                let theirs = by_report.get(&r.tracking_id).map(Vec::as_slice);
                Self::of(r, theirs.unwrap_or_default())
            })
            .collect()
    }
}

fn fingerprint(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    h.update(aduan_text::ANALYSER_VERSION.to_be_bytes());
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p.as_bytes());
    }
    let digest = h.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Which part of a document a search branch matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocSet {
    /// What anyone who sees the report reads.
    Public,
    /// That and the internal notes.
    Staff,
}

/// How a backend searches its index: a branch reads `FROM {head}<query text>{tail}` (the
/// query text is bound between them, and `tail` ends with the match condition, so the
/// branch's other conditions follow with `AND`) and keeps the matches with the highest `key`
/// (the entry's number, given in indexing order). Relevance is scored in Rust ([`score`]), alike
/// on both backends.
#[derive(Debug, Clone)]
pub struct SearchSql {
    /// Up to the bound query text.
    pub head: String,
    /// After it, through the match condition.
    pub tail: String,
    /// The entry's number: higher for a report indexed later.
    pub key: String,
}

/// A backend's search statements (from its dialect).
pub struct SearchDialect {
    /// The `FROM` and match of a branch.
    pub sql: fn(DocSet) -> SearchSql,
    /// The query text bound into a branch, from the terms (all required).
    pub text: fn(&[String], DocSet) -> String,
    /// The submission month in WIB as `YYYY-MM`, over `submitted_at`.
    pub month: &'static str,
    /// The stored fingerprints (`report_id`, `doc_hash`) of the reports from the first bound
    /// tracking id to the second, as the backend runs it.
    pub hashes: &'static str,
    /// How the backend reads the newest entries first, if it must be told (see [`Recent`]);
    /// FTS5 walks its entries newest first by itself.
    pub recent: Option<Recent>,
}

/// How a backend searches its newest entries first, a stretch at a time: a planner that takes
/// words as independent (PostgreSQL's) misjudges how common "lampu jalan mati" is and would
/// otherwise read and sort every match in the index.
#[derive(Debug, Clone, Copy)]
pub struct Recent {
    /// The highest entry number (`SearchSql::key`) given, 0 with no entry.
    pub top: &'static str,
    /// The condition (pushed after `AND`) that keeps the entries numbered above `after` (from
    /// the first, when `None`) and up to `upto`, in terms the backend's index answers without
    /// reading the rows. Only these integers are written into it.
    pub between: fn(after: Option<i64>, upto: i64) -> String,
}

/// A match of a search's window as read: what ordering, paging and facets need.
#[derive(Debug, Clone, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct WindowRow {
    pub tracking_id: String,
    pub title: Option<String>,
    /// The entry's number: higher for a report indexed later.
    pub wn: i64,
    #[sqlx(skip)]
    pub score: f64,
    pub submitted_at: DateTime<Utc>,
    pub next_due: DateTime<Utc>,
    pub status: String,
    pub agency: Option<String>,
    pub region_code: Option<String>,
    pub category: Option<String>,
    pub kind: String,
    pub channel: String,
    pub period: String,
}

/// Relevance of a match for `terms`: how many of the searched words its title holds, then the
/// newest (its submission second, in the fraction). Every match holds every word somewhere; a
/// title names the problem, so one that holds the words is what the searcher looks for. Made
/// only of what the caller sees of the report (its title, when it was submitted), never of the
/// index's numbering, which counts reports the caller may not see; and stable between
/// requests, so a cursor of score and tracking id pages without repeats.
pub fn score(title: Option<&str>, terms: &[String], submitted_at: DateTime<Utc>) -> f64 {
    let words = aduan_text::lexemes(title.unwrap_or_default());
    let hits = terms.iter().filter(|t| words.contains(t)).count();
    // Seconds since 1970 stay below 2^32 until 2106: 32 bits of fraction beside the hits' 4.
    let second = u32::try_from(submitted_at.timestamp().max(0)).unwrap_or(u32::MAX);
    hits as f64 + f64::from(second) / (1u64 << 32) as f64
}

/// The page `order` and `after` ask for among a window's matches: their tracking ids and
/// scores, at most `limit`.
pub fn page_of_window(
    mut rows: Vec<WindowRow>,
    order: SearchOrder,
    after: Option<&SearchAfter>,
    limit: u32,
) -> Vec<(String, f64)> {
    use std::cmp::Ordering;
    let cmp = |a: &WindowRow, b: &WindowRow| -> Ordering {
        match order {
            SearchOrder::Relevance => b
                .score
                .total_cmp(&a.score)
                .then_with(|| b.tracking_id.cmp(&a.tracking_id)),
            SearchOrder::Newest => b
                .submitted_at
                .cmp(&a.submitted_at)
                .then_with(|| b.tracking_id.cmp(&a.tracking_id)),
            SearchOrder::Deadline => a
                .next_due
                .cmp(&b.next_due)
                .then_with(|| a.tracking_id.cmp(&b.tracking_id)),
        }
    };
    let past = |r: &WindowRow| -> bool {
        match (order, after) {
            (_, None) => true,
            (SearchOrder::Relevance, Some(SearchAfter::Score(score, id))) => {
                r.score < *score || (r.score == *score && r.tracking_id.as_str() < id.as_str())
            }
            (SearchOrder::Newest, Some(SearchAfter::At(at, id))) => {
                r.submitted_at < *at
                    || (r.submitted_at == *at && r.tracking_id.as_str() < id.as_str())
            }
            (SearchOrder::Deadline, Some(SearchAfter::At(at, id))) => {
                r.next_due > *at || (r.next_due == *at && r.tracking_id.as_str() > id.as_str())
            }
            // A cursor of another order: nothing is after it.
            _ => false,
        }
    };
    rows.retain(past);
    rows.sort_by(cmp);
    rows.into_iter()
        .take(limit as usize)
        .map(|r| (r.tracking_id, r.score))
        .collect()
}

/// The facet counts of a window's matches: one per combination of values.
pub fn facets_of_window(rows: &[WindowRow]) -> Vec<aduan_store::FacetCount> {
    let mut counts: std::collections::HashMap<_, u64> = std::collections::HashMap::new();
    for r in rows {
        let key = (
            &r.status,
            &r.agency,
            &r.region_code,
            &r.category,
            &r.kind,
            &r.channel,
            &r.period,
        );
        *counts.entry(key).or_default() += 1;
    }
    counts
        .into_iter()
        .map(
            |((status, agency, region, category, kind, channel, period), n)| {
                aduan_store::FacetCount {
                    status: status.clone(),
                    agency: agency.clone(),
                    region_code: region.clone(),
                    category: category.clone(),
                    kind: kind.clone(),
                    channel: channel.clone(),
                    period: period.clone(),
                    n,
                }
            },
        )
        .collect()
}

/// The branches a search runs (with the condition that keeps them apart): one, or for the
/// Ombudsman's supervisors the notes of reports escalated to them and the public text of the
/// rest.
fn branches(query: &TextQuery) -> Vec<(DocSet, &'static str)> {
    match query.notes {
        NotesAccess::None => vec![(DocSet::Public, "")],
        NotesAccess::All => vec![(DocSet::Staff, "")],
        NotesAccess::WhenEscalatedToOmbudsman => vec![
            (DocSet::Staff, " AND escalation_level = 'ombudsman'"),
            (DocSet::Public, " AND escalation_level <> 'ombudsman'"),
        ],
    }
}

/// Pushes `(...) hits`: the `limit` matches indexed last (among the entries `stretch` keeps,
/// if given: [`Recent::between`]), each selecting `columns` and their entry's number `wn`.
/// A branch walks the index from its last entry and stops once the window is full, so a common
/// word costs no more than a rare one (a narrow scope walks further, until enough of the
/// words' entries are in it); two branches (the Ombudsman's) are merged and cut again.
#[allow(clippy::too_many_arguments)]
fn push_hits<DB, T>(
    q: &mut QueryBuilder<DB>,
    dialect: &SearchDialect,
    columns: &str,
    scope: &ListScope,
    filter: &ReportFilter,
    query: &TextQuery,
    stretch: Option<&str>,
    limit: usize,
    ts: &impl Fn(DateTime<Utc>) -> T,
) where
    DB: Database,
    T: for<'t> Encode<'t, DB> + Type<DB>,
    String: for<'t> Encode<'t, DB> + Type<DB>,
{
    let window = limit.max(1);
    let parts = branches(query);
    let merged = parts.len() > 1;
    q.push("(");
    if merged {
        q.push("SELECT * FROM (");
    }
    for (i, (set, apart)) in parts.into_iter().enumerate() {
        if i > 0 {
            q.push(" UNION ALL ");
        }
        let sql = (dialect.sql)(set);
        q.push(format!(
            "SELECT * FROM (SELECT {columns}, {} AS wn FROM {}",
            sql.key, sql.head
        ));
        q.push_bind((dialect.text)(&query.terms, set));
        q.push(format!("{}{apart} AND ", sql.tail));
        push_conditions(q, scope, filter, ts);
        if let Some(stretch) = stretch {
            q.push(" AND ").push(stretch);
        }
        q.push(format!(" ORDER BY {} DESC LIMIT {window}) b{i}", sql.key));
    }
    if merged {
        q.push(format!(") u ORDER BY wn DESC LIMIT {window}"));
    }
    q.push(") hits");
}

/// The `limit` matches of a search indexed last (see [`push_hits`]), with what ordering, paging
/// and facets need ([`WindowRow`]).
#[allow(clippy::too_many_arguments)]
pub fn window_query<DB, T>(
    dialect: &SearchDialect,
    scope: &ListScope,
    filter: &ReportFilter,
    query: &TextQuery,
    stretch: Option<&str>,
    limit: usize,
    ts: impl Fn(DateTime<Utc>) -> T,
) -> QueryBuilder<DB>
where
    DB: Database,
    <DB as Database>::Arguments: Default,
    T: for<'t> Encode<'t, DB> + Type<DB>,
    String: for<'t> Encode<'t, DB> + Type<DB>,
{
    const COLUMNS: &str = "tracking_id, title, submitted_at, next_due, status, agency, \
                           region_code, category, kind, channel";
    let mut q = QueryBuilder::new(format!(
        "SELECT {COLUMNS}, wn, {} AS period FROM ",
        dialect.month
    ));
    push_hits(
        &mut q, dialect, COLUMNS, scope, filter, query, stretch, limit, &ts,
    );
    // A subquery's order is not the statement's: the newest first, said again.
    q.push(" ORDER BY wn DESC");
    q
}

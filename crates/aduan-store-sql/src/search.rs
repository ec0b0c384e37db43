//! Full-text search, written once for both backends: each report's search document (its text
//! as `aduan-text` lexemes), and the search and facet queries over the backend's index, whose
//! differences a [`crate::Dialect`] names in a [`SearchSql`].

use crate::REPORT_COLUMNS;
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
/// branch's other conditions follow with `AND`), and ranks by `score` (higher is better).
#[derive(Debug, Clone)]
pub struct SearchSql {
    /// Up to the bound query text.
    pub head: String,
    /// After it, through the match condition.
    pub tail: String,
    /// The relevance score, a double.
    pub score: String,
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
}

/// A search hit as read: the report's row and its score.
#[derive(Debug, sqlx::FromRow)]
pub struct SearchHitRow {
    /// The report.
    #[sqlx(flatten)]
    pub report: crate::ReportRow,
    /// Its score.
    pub score: f64,
}

/// A facet count as read.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct FacetRow {
    pub status: String,
    pub agency: Option<String>,
    pub region_code: Option<String>,
    pub category: Option<String>,
    pub kind: String,
    pub channel: String,
    pub period: String,
    pub n: i64,
}

impl FacetRow {
    /// The count as the store gives it.
    pub fn into_count(self) -> aduan_store::FacetCount {
        aduan_store::FacetCount {
            status: self.status,
            agency: self.agency,
            region_code: self.region_code,
            category: self.category,
            kind: self.kind,
            channel: self.channel,
            period: self.period,
            n: u64::try_from(self.n).unwrap_or_default(),
        }
    }
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

/// Pushes `(branch UNION ALL branch ...) hits`, each branch selecting `columns` (and `score`).
fn push_hits<DB, T>(
    q: &mut QueryBuilder<DB>,
    dialect: &SearchDialect,
    columns: &str,
    scope: &ListScope,
    filter: &ReportFilter,
    query: &TextQuery,
    ts: &impl Fn(DateTime<Utc>) -> T,
) where
    DB: Database,
    T: for<'t> Encode<'t, DB> + Type<DB>,
    String: for<'t> Encode<'t, DB> + Type<DB>,
{
    q.push("(");
    for (i, (set, apart)) in branches(query).into_iter().enumerate() {
        if i > 0 {
            q.push(" UNION ALL ");
        }
        let sql = (dialect.sql)(set);
        q.push(format!(
            "SELECT {columns}, {} AS score FROM {}",
            sql.score, sql.head
        ));
        q.push_bind((dialect.text)(&query.terms, set));
        q.push(format!("{}{apart} AND ", sql.tail));
        push_conditions(q, scope, filter, ts);
    }
    q.push(") hits");
}

/// The page of a search: the reports' columns and `score`, in `order` after `after`.
#[allow(clippy::too_many_arguments)]
pub fn search_query<DB, T>(
    dialect: &SearchDialect,
    scope: &ListScope,
    filter: &ReportFilter,
    query: &TextQuery,
    order: SearchOrder,
    after: Option<&SearchAfter>,
    limit: u32,
    ts: impl Fn(DateTime<Utc>) -> T,
) -> QueryBuilder<DB>
where
    DB: Database,
    <DB as Database>::Arguments: Default,
    T: for<'t> Encode<'t, DB> + Type<DB>,
    String: for<'t> Encode<'t, DB> + Type<DB>,
    i64: for<'t> Encode<'t, DB> + Type<DB>,
    f64: for<'t> Encode<'t, DB> + Type<DB>,
{
    let mut q = QueryBuilder::new(format!("SELECT {REPORT_COLUMNS}, score FROM "));
    let columns = format!("{REPORT_COLUMNS}, next_due");
    push_hits(&mut q, dialect, &columns, scope, filter, query, &ts);
    let (key, sort) = match order {
        SearchOrder::Relevance => ("score", "score DESC, tracking_id DESC"),
        SearchOrder::Newest => ("submitted_at", "submitted_at DESC, tracking_id DESC"),
        SearchOrder::Deadline => ("next_due", "next_due, tracking_id"),
    };
    let (before, id_before) = if order == SearchOrder::Deadline {
        (">", ">")
    } else {
        ("<", "<")
    };
    match after {
        None => {}
        Some(SearchAfter::Score(score, id)) => {
            q.push(format!(" WHERE ({key} {before} ")).push_bind(*score);
            q.push(format!(" OR ({key} = ")).push_bind(*score);
            q.push(format!(" AND tracking_id {id_before} "))
                .push_bind(id.to_string())
                .push("))");
        }
        Some(SearchAfter::At(at, id)) => {
            q.push(format!(" WHERE ({key} {before} "))
                .push_bind(ts(*at));
            q.push(format!(" OR ({key} = ")).push_bind(ts(*at));
            q.push(format!(" AND tracking_id {id_before} "))
                .push_bind(id.to_string())
                .push("))");
        }
    }
    q.push(format!(" ORDER BY {sort} LIMIT "));
    q.push_bind(i64::from(limit));
    q
}

/// The facet counts of a search: found reports grouped by their facet values.
pub fn facets_query<DB, T>(
    dialect: &SearchDialect,
    scope: &ListScope,
    filter: &ReportFilter,
    query: &TextQuery,
    ts: impl Fn(DateTime<Utc>) -> T,
) -> QueryBuilder<DB>
where
    DB: Database,
    <DB as Database>::Arguments: Default,
    T: for<'t> Encode<'t, DB> + Type<DB>,
    String: for<'t> Encode<'t, DB> + Type<DB>,
{
    const FACETS: &str = "status, agency, region_code, category, kind, channel";
    let mut q = QueryBuilder::new(format!(
        "SELECT {FACETS}, {} AS period, COUNT(*) AS n FROM ",
        dialect.month
    ));
    let columns = format!("{FACETS}, submitted_at");
    push_hits(&mut q, dialect, &columns, scope, filter, query, &ts);
    q.push(format!(" GROUP BY {FACETS}, period"));
    q
}
